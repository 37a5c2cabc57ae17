"""`coolclaim hub replay|calendar`: input forms, exit status, the public examples and a golden file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.core.hub.support import ENROLLED, case, ev
from tests.requirements import installed_script, shared

ROOT = Path(__file__).resolve().parents[3]
GOLDEN = Path(__file__).parent / "golden"
CLI = [sys.executable, "-m", "coolclaim"]


def hub(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*CLI, "hub", *args], input=stdin, capture_output=True, timeout=120, check=False)


def outputs(done: subprocess.CompletedProcess[bytes]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_one_object_on_stdin() -> None:
    done = hub("replay", "-", stdin=json.dumps(case(ENROLLED, case_id="S-1")).encode())
    assert (done.returncode, done.stderr) == (0, b"")
    assert [(o["case_id"], o["state"]) for o in outputs(done)] == [("S-1", "bi_pending")]


def test_json_lines_in_input_order_and_a_bad_line_is_that_cases_error(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    lines = [json.dumps(case(ENROLLED, case_id="B")), "{not json", "", json.dumps(case(ENROLLED, case_id="A"))]
    path.write_text("\n".join(lines) + "\n")
    done = hub("replay", str(path))
    assert done.returncode == 1
    out = outputs(done)
    assert [o["case_id"] for o in out] == ["B", None, "A"]
    assert out[1]["errors"] == [
        {
            "event_index": None,
            "code": "INVALID_CASE",
            "message": "line 2: not JSON (Expecting property name enclosed in double quotes, column 2)",
            "field": None,
        }
    ]
    assert (out[0]["errors"], out[2]["errors"]) == ([], [])


def test_refused_event_exits_1() -> None:
    raw = case(ENROLLED, ev("appeal_filed", "2026-05-05T09:00:00-04:00"))
    done = hub("replay", "-", stdin=json.dumps(raw).encode())
    assert done.returncode == 1
    assert [(e["event_index"], e["code"]) for e in outputs(done)[0]["errors"]] == [(1, "ILLEGAL_TRANSITION")]


@pytest.mark.parametrize(
    ("stdin", "reason"),
    [
        (b"", b"coolclaim: - holds no case\n"),
        (b"   \n\n", b"coolclaim: - holds no case\n"),
        (b"garbage\nmore garbage\n", b"coolclaim: - is neither JSON nor JSON Lines (Expecting value, line 1)\n"),
        (b"\xff\xfe{}", b"coolclaim: - is not UTF-8 text (byte 0)\n"),
    ],
)
def test_unreadable_input_exits_2_with_one_line(stdin: bytes, reason: bytes) -> None:
    done = hub("replay", "-", stdin=stdin)
    assert (done.returncode, done.stdout, done.stderr) == (2, b"", reason)


def test_missing_file_exits_2(tmp_path: Path) -> None:
    done = hub("replay", str(tmp_path / "nope.jsonl"))
    assert done.returncode == 2
    assert done.stderr == f"coolclaim: cannot read {tmp_path / 'nope.jsonl'}: No such file or directory\n".encode()


def test_golden_output_of_the_public_examples() -> None:
    """The whole output for the public examples' inputs (regenerate: see golden/README)."""
    done = hub("replay", str(GOLDEN / "public_examples.input.jsonl"))
    assert done.returncode == 1, done.stderr  # "appeal-before-decision" refuses an event
    assert done.stdout.decode() == (GOLDEN / "public_examples.output.jsonl").read_text()


def _shared_or_skip() -> Path:
    return shared("examples", "check_hub.py").parent


def test_golden_inputs_are_the_public_examples() -> None:
    examples = _shared_or_skip()
    public = [json.loads(line)["input"] for line in (examples / "hub_examples.jsonl").read_text().splitlines()]
    ours = [json.loads(line) for line in (GOLDEN / "public_examples.input.jsonl").read_text().splitlines()]
    assert ours == public


def test_public_examples_pass() -> None:
    examples = _shared_or_skip()
    script = installed_script()
    done = subprocess.run(
        [sys.executable, str(examples / "check_hub.py"), str(script), str(examples / "hub_examples.jsonl")],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=ROOT,
    )
    count = sum(1 for line in (examples / "hub_examples.jsonl").read_text().splitlines() if line.strip())
    assert (done.returncode, done.stdout) == (0, f"hub examples: {count}/{count} cases pass\n")


def test_calendar_hub_2026() -> None:
    done = hub("calendar", "--year", "2026")
    assert done.returncode == 0
    assert done.stdout.decode() == (
        "# hub: Hub closure days, 2026\n"
        "# closure days on a weekend: weekend_observance=nearest_weekday (unverified default)\n"
        "2026-01-01  Thu  New Year's Day\n"
        "2026-01-19  Mon  Martin Luther King Jr. Day\n"
        "2026-05-25  Mon  Memorial Day\n"
        "2026-07-03  Fri  Independence Day (observed)\n"
        "2026-07-04  Sat  Independence Day\n"
        "2026-09-07  Mon  Labor Day\n"
        "2026-11-26  Thu  Thanksgiving Day\n"
        "2026-11-27  Fri  Day after Thanksgiving\n"
        "2026-12-25  Fri  Christmas Day\n"
    )


def test_calendar_federal_2026() -> None:
    done = hub("calendar", "--year", "2026", "--calendar", "federal")
    assert done.returncode == 0
    lines = done.stdout.decode().splitlines()
    assert lines[0] == "# federal: US federal holidays, 2026"
    assert [line[:10] for line in lines[1:]] == [
        "2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03",
        "2026-07-04", "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25",
    ]  # fmt: skip


def test_calendar_rejects_a_bad_calendar_name() -> None:
    done = hub("calendar", "--year", "2026", "--calendar", "state")
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
