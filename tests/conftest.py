"""Test-wide fixtures: nothing may reach the network, only loopback and Unix sockets."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable
from typing import Any

import pytest

from tests.requirements import require

_real_connect: Callable[..., Any] = socket.socket.connect
_real_connect_ex: Callable[..., Any] = socket.socket.connect_ex


class NetworkBlockedError(OSError):
    """Raised when a test tries to open a connection off this machine."""


def _is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _check(sock: socket.socket, address: Any) -> None:
    if sock.family == getattr(socket, "AF_UNIX", None):
        return
    host = address[0] if isinstance(address, tuple) else str(address)
    if not _is_loopback(str(host)):
        raise NetworkBlockedError(f"network access blocked in tests: {host!r} is not loopback")


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    _check(self, address)
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> Any:
    _check(self, address)
    return _real_connect_ex(self, address)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "requirement(available, reason): see tests/requirements.py")
    if os.environ.get("COOLCLAIM_ALLOW_NETWORK") == "1":
        return
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign,assignment]


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A missing requirement (tests/requirements.py) skips with its reason, or fails under CI=true."""
    for mark in item.iter_markers("requirement"):
        require(mark.kwargs["available"], mark.kwargs["reason"])


def _clear_memos() -> None:
    """Every memo the core keeps between calls: the provider's engines and reference data,
    and the module-level memos of timing, dotted codes and business calendars. The parsed
    reference data and ICD-10-CM code sets stay: they are data read from files (no code under
    mutation builds them), and reading them again was nearly all of a test's time."""
    from coolclaim import bootstrap
    from coolclaim.calendars import business_calendar
    from coolclaim.coding import session, timing

    bootstrap.reset(keep=(bootstrap.refdata, bootstrap.icd10cm))
    timing._OFFSET_OK.clear()
    timing._STEADY.clear()
    session._DOTTED.clear()
    business_calendar._rule_closures.cache_clear()
    business_calendar._library_closures.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_memos_under_mutation() -> None:
    """Under `make mutation` (COOLCLAIM_MUTATION=1) each test starts with empty memos, so a
    result memoised by an earlier test (or by mutmut's clean run, which its workers fork from)
    never hides a mutant, and mutmut maps every test that reaches a function to it."""
    if os.environ.get("COOLCLAIM_MUTATION") == "1":
        _clear_memos()
