"""Issue 7 classes 10 (settings range-checked, exit 2) and 11 (empty input alike in every format)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.cli.test_code_command import run


@pytest.mark.parametrize(("name", "content"), [
    ("empty.jsonl", b""), ("empty.json", b""), ("empty.csv", b""), ("blank.jsonl", b"\n  \n"),
    ("array.json", b"[]"), ("header.csv", b"session_id,patient_id\n"), ("bom.csv", b"\xef\xbb\xbf"),
])  # fmt: skip
def test_empty_input_is_no_sessions_in_every_format(tmp_path: Path, name: str, content: bytes) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    jsonl = run("code", str(source))
    assert (jsonl.returncode, jsonl.stdout, jsonl.stderr) == (0, b"", b"coolclaim: 0 sessions coded (none)\n")
    csv = run("code", str(source), "--format", "csv")
    assert (csv.returncode, csv.stdout) == (0, b"session_id,status,date_of_service,lines,edits,coverage,errors\n")


def test_empty_standard_input() -> None:
    done = run("code", "-", stdin=b"")
    assert (done.returncode, done.stdout) == (0, b"")


@pytest.mark.parametrize(("pair", "message"), [
    ("units_97009_warn_above=-1", "setting units_97009_warn_above must be a whole number from 1 to 48, got '-1'"),
    ("max_claim_diagnoses=13", "setting max_claim_diagnoses must be a whole number from 1 to 12, got '13'"),
    ("max_diagnosis_pointers=0", "setting max_diagnosis_pointers must be a whole number from 1 to 4, got '0'"),
    ("post_cooling_long_minutes=lots", "setting post_cooling_long_minutes must be a whole number, got 'lots'"),
    ("units_97009=nearest", "setting units_97009 must be one of full, midpoint, got 'nearest'"),
])  # fmt: skip
def test_out_of_range_settings_exit_2_with_a_clear_error(tmp_path: Path, pair: str, message: str) -> None:
    source = tmp_path / "one.jsonl"
    source.write_text("")
    done = run("code", str(source), "--set", pair)
    assert done.returncode == 2
    assert done.stderr.decode() == f"coolclaim: {message}\n"
