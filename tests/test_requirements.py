"""A missing requirement skips with its reason locally and fails the run under CI=true."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import requirements
from tests.conftest import pytest_runtest_setup


def test_missing_requirement_skips_locally_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"^needs the moon$"):
        requirements.require(False, "needs the moon")


def test_missing_requirement_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"^needs the moon \(CI=true: a missing requirement fails the run"):
        requirements.require(False, "needs the moon")


def test_present_requirement_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    requirements.require(True, "never shown")


def test_missing_shared_file_fails_under_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(requirements, "SHARED", tmp_path / "shared")
    with pytest.raises(pytest.fail.Exception, match=r"shared/examples/x\.jsonl is missing: \.\./shared is not beside"):
        requirements.shared("examples", "x.jsonl")


class _Item:
    """Enough of a pytest item for the setup hook: its requirement marks."""

    def __init__(self, *marks: pytest.MarkDecorator) -> None:
        self.marks = [m.mark for m in marks]

    def iter_markers(self, name: str) -> list[pytest.Mark]:
        return [m for m in self.marks if m.name == name]


def test_the_requirement_mark_fails_under_ci_before_setup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    item = _Item(requirements.requirement(True, "present"), requirements.requirement(False, "no chromium here"))
    with pytest.raises(pytest.fail.Exception, match=r"^no chromium here \(CI=true"):
        pytest_runtest_setup(item)  # type: ignore[arg-type]
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match=r"^no chromium here$"):
        pytest_runtest_setup(item)  # type: ignore[arg-type]
