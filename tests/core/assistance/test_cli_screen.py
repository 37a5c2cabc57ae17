"""`coolclaim screen`: one object or JSON Lines, stdin, order, exit statuses, the public examples."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.core.assistance.factories import application
from tests.requirements import installed_script, shared

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"
CLI = [sys.executable, "-m", "coolclaim"]


def run(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*CLI, "screen", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        check=False,
    )


def lines_of(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.splitlines()]


def test_one_pretty_printed_object(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(application(), indent=2))
    done = run(str(path))
    assert done.returncode == 0, done.stderr
    [out] = lines_of(done.stdout)
    assert out["eligible"] is True
    assert [p["program"] for p in out["programs"]] == ["manufacturer_pap", "hairtostay"]
    assert done.stderr == b"coolclaim: 1 applications screened (1 eligible for a program, 0 invalid)\n"


def test_a_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(application()).encode())
    done = run(str(path))
    assert done.returncode == 0, done.stderr
    assert lines_of(done.stdout)[0]["eligible"] is True


def test_json_lines_from_stdin_keep_their_order() -> None:
    incomes = ["10000", "129840.00", "129840.01", "500000"]
    data = "\n".join(json.dumps(application(household_income=i)) for i in incomes) + "\n\n"
    done = run("-", stdin=data.encode())
    assert done.returncode == 0, done.stderr
    out = lines_of(done.stdout)
    assert [o["programs"][0]["eligible"] for o in out] == [True, True, False, False]
    assert [o["programs"][0]["income_percent_of_fpl"] for o in out] == ["46.21", "600.00", "600.00", "2310.54"]


def test_an_invalid_line_is_named_and_the_others_still_screened() -> None:
    rows = [
        json.dumps(application()),
        json.dumps(application(household_size=0, prescription="yes")),
        "{not json",
        json.dumps(application(state="AK")),
    ]
    done = run("-", stdin=("\n".join(rows) + "\n").encode())
    assert done.returncode == 1
    out = lines_of(done.stdout)
    assert len(out) == 4
    assert out[0]["eligible"] is True
    assert out[1] == {
        "line": 2,
        "errors": [
            {"field": "household_size", "message": "must be at least 1, got 0"},
            {"field": "prescription", "message": "must be true or false (a JSON boolean), got text 'yes'"},
        ],
    }
    assert set(out[1]) == {"line", "errors"}
    assert out[2]["line"] == 3
    assert [e["field"] for e in out[2]["errors"]] == ["(record)"]
    assert out[3]["guideline"]["table"] == "alaska"
    assert b"first invalid application: line 2: household_size, prescription" in done.stderr
    assert b"Traceback" not in done.stderr


def test_single_invalid_object_exits_1_with_every_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(application(state="ZZ", household_income="-3", insurance=None)))
    done = run(str(path))
    assert done.returncode == 1
    [out] = lines_of(done.stdout)
    assert [e["field"] for e in out["errors"]] == ["state", "household_income", "insurance"]
    assert "programs" not in out


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, b"no such file"),
        (b"", b"holds no application"),
        (b"hello\nworld\n", b"neither one JSON object nor JSON Lines"),
        (b"\xff\xfe\x00", b"neither one JSON object nor JSON Lines"),
    ],
)
def test_unreadable_input_exits_2_with_one_line(tmp_path: Path, content: bytes | None, reason: bytes) -> None:
    path = tmp_path / "in.jsonl"
    if content is not None:
        path.write_bytes(content)
    done = run(str(path))
    assert done.returncode == 2
    assert done.stdout == b""
    assert len(done.stderr.strip().splitlines()) == 1
    assert reason in done.stderr


def test_settings_on_the_command_line() -> None:
    data = json.dumps(application(household_income="70000")).encode()
    default = lines_of(run("-", stdin=data).stdout)[0]
    older = lines_of(run("-", "--set", "hairtostay_income_limit_percent=300", stdin=data).stdout)[0]
    assert default["programs"][1]["eligible"] is True
    assert older["programs"][1]["eligible"] is False
    bad = run("-", "--set", "hairtostay_income_limit_percent=350", stdin=data)
    assert bad.returncode == 2
    assert bad.stderr == b"coolclaim: setting hairtostay_income_limit_percent must be one of 400, 300, got '350'\n"
    unknown = run("-", "--set", "colour=blue", stdin=data)
    assert unknown.returncode == 2
    assert b"unknown setting 'colour'" in unknown.stderr


def test_public_screening_examples_pass() -> None:
    checker = shared("examples", "check_screening.py")
    script = installed_script()
    done = subprocess.run(
        [sys.executable, str(checker), str(script), str(SHARED / "examples" / "screening_examples.jsonl")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1] == "screening examples: 6/6 cases pass"
