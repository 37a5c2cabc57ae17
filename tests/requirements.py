"""What a test needs from outside the repository: ../shared, chromium, poppler, an installed script.

`require` is the one way a test gives up for a missing requirement: locally it skips with the
reason (shown by `-ra`); under CI=true it fails with the same reason, so nothing skips silently
in CI. `requirement(...)` is the same as a mark, checked before the test's fixtures run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CHROMIUM = Path("/usr/bin/chromium")
SCRIPT = ROOT / ".venv" / "bin" / "coolclaim"


def in_ci() -> bool:
    return os.environ.get("CI") == "true"


def require(available: bool, reason: str) -> None:
    """Skip (locally) or fail (under CI=true) with `reason` unless `available`."""
    if available:
        return
    if in_ci():
        pytest.fail(f"{reason} (CI=true: a missing requirement fails the run)", pytrace=False)
    pytest.skip(reason)


def requirement(available: bool, reason: str) -> pytest.MarkDecorator:
    """A mark for `require`, checked by tests/conftest.py before the test is set up."""
    return pytest.mark.requirement(available=available, reason=reason)


def shared(*parts: str) -> Path:
    """A path in ../shared, which must exist (a missing ../shared skips locally, fails in CI)."""
    path = SHARED.joinpath(*parts)
    require(path.exists(), f"{path} is missing: ../shared is not beside the repository")
    return path


def shared_requirement(*parts: str) -> pytest.MarkDecorator:
    path = SHARED.joinpath(*parts)
    return requirement(path.exists(), f"{path} is missing: ../shared is not beside the repository")


def chromium_requirement() -> pytest.MarkDecorator:
    return requirement(CHROMIUM.exists(), f"needs Debian's chromium at {CHROMIUM} (run scripts/ensure-chromium.sh)")


def installed_script() -> Path:
    """The installed `coolclaim` command."""
    require(SCRIPT.exists(), f"{SCRIPT} is not installed: run scripts/setup.sh")
    return SCRIPT
