"""Retrying a statement that found the SQLite database busy ("database is locked").

SQLite lets one writer at a time. A connection that finds the write lock taken waits up to
its ``timeout`` (the busy handler), then fails with ``OperationalError: database is locked``.
:func:`retry_busy` runs such a statement again with exponential backoff and jitter, up to
:data:`ATTEMPTS` times. It is used only where running again is safe: a statement outside any
transaction (autocommit: it failed as a whole) and ``BEGIN IMMEDIATE`` (which takes the lock
before anything is written; every later statement of that transaction already holds it).
"""

from __future__ import annotations

import logging
import random
import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

logger = logging.getLogger(__name__)

_T = TypeVar("_T")

#: Tries of one statement (the first plus retries).
ATTEMPTS = 6
#: Seconds before the first retry; doubled each time, with up to 50 % jitter, capped.
FIRST_DELAY = 0.05
MAX_DELAY = 2.0

_BUSY_MESSAGES = ("database is locked", "database is busy", "database table is locked")


def is_busy(exc: BaseException) -> bool:
    """True for SQLite's "database is locked/busy" errors (not for other operational errors)."""
    return isinstance(exc, sqlite3.OperationalError) and str(exc).lower().startswith(_BUSY_MESSAGES)


def delays(attempts: int = ATTEMPTS) -> list[float]:
    """The pauses between the tries (without jitter)."""
    return [min(MAX_DELAY, FIRST_DELAY * 2**n) for n in range(attempts - 1)]


def retry_busy(run: Callable[[], _T], attempts: int = ATTEMPTS, sleep: Callable[[float], None] = time.sleep) -> _T:
    """``run()``, again after a pause while it fails because the database is busy."""
    pauses = delays(attempts)
    for number, pause in enumerate([*pauses, None], start=1):
        try:
            return run()
        except sqlite3.OperationalError as exc:
            if pause is None or not is_busy(exc):
                raise
            logger.info("database busy (try %d of %d); retrying in %.2f s", number, attempts, pause)
            sleep(pause * (1 + random.random() / 2))  # noqa: S311 - jitter, not security
    raise AssertionError("unreachable")  # pragma: no cover
