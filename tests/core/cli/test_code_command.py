"""`coolclaim code`: formats, exit status, order, and no traceback on garbage."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.core.factories import session
from tests.requirements import installed_script, shared_requirement

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"
CLI = [sys.executable, "-m", "coolclaim"]


def run(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*CLI, *args],
        input=stdin,
        capture_output=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        check=False,
    )


def lines_of(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.splitlines() if line.strip()]


def test_jsonl_file_to_stdout(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(session(session_id=f"S{i}")) for i in range(3)) + "\n")
    done = run("code", str(path))
    assert done.returncode == 0, done.stderr
    assert [r["session_id"] for r in lines_of(done.stdout)] == ["S0", "S1", "S2"]
    assert b"Traceback" not in done.stderr


def test_json_array_and_output_file(tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps([session(session_id="B"), session(session_id="A")]))
    out = tmp_path / "out.jsonl"
    done = run("code", str(path), "-o", str(out))
    assert done.returncode == 0
    assert done.stdout == b""
    assert [r["session_id"] for r in lines_of(out.read_bytes())] == ["B", "A"]


def test_stdin_is_sniffed() -> None:
    done = run("code", "-", stdin=json.dumps(session()).encode())
    assert done.returncode == 0
    assert lines_of(done.stdout)[0]["status"] == "ready"


def test_rejected_record_exits_1_and_keeps_the_others(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps(session(session_id="ok"))
        + "\n{not json\n"
        + json.dumps(session(session_id="bad", setting="x"))
        + "\n"
    )
    done = run("code", str(path))
    assert done.returncode == 1
    results = lines_of(done.stdout)
    assert [r["status"] for r in results] == ["ready", "rejected", "rejected"]
    assert results[1]["errors"][0]["field"] == "(line 2)"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.jsonl", None, "no such file"),
        ("x.json", b"{oops", "not valid JSON"),
        ("x.csv", b"\xff\xfe\x00garbage", "not UTF-8"),
        ("x.csv", b"a,b\n1,2\n", "not a sessions CSV"),
        ("x.jsonl", b"hello\nworld\n", "not JSON Lines"),
        ("x.json", b"42", "array of sessions"),
    ],
)
def test_unreadable_input_exits_2_with_one_line(tmp_path: Path, name: str, content: bytes | None, reason: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    done = run("code", str(path))
    assert done.returncode == 2
    err = done.stderr.decode()
    assert reason in err and err.count("\n") == 1 and "Traceback" not in err


def test_random_bytes_never_trace(tmp_path: Path) -> None:
    path = tmp_path / "noise.jsonl"
    path.write_bytes(os.urandom(2000))
    done = run("code", str(path))
    assert done.returncode in (1, 2)
    assert b"Traceback" not in done.stderr


def test_csv_codes_like_json() -> None:
    samples = ROOT / "samples"
    from_json = run("code", str(samples / "sessions.jsonl"))
    from_csv = run("code", str(samples / "sessions.csv"))
    assert from_json.returncode == from_csv.returncode == 1  # the sample holds one bad record
    assert from_json.stdout == from_csv.stdout


def test_csv_output(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    done = run("code", str(ROOT / "samples" / "sessions.jsonl"), "--format", "csv", "-o", str(out))
    assert done.returncode == 1
    rows = out.read_text().splitlines()
    assert rows[0] == "session_id,status,date_of_service,lines,edits,coverage,errors"
    assert rows[1].startswith("DEMO-S-001,ready,2026-01-14,")
    assert "97009 x3 [1,2]" in rows[1]


def test_setting_override_and_bad_setting(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    record = session()
    record["cooling_end"] = "2026-02-03T10:46:00-05:00"  # 46 minutes after the infusion
    path.write_text(json.dumps(record))
    full = lines_of(run("code", str(path)).stdout)[0]
    midpoint = lines_of(run("code", str(path), "--set", "units_97009=midpoint").stdout)[0]
    assert [ln["units"] for ln in full["lines"] if ln["code"] == "97009"] == [1]
    assert [ln["units"] for ln in midpoint["lines"] if ln["code"] == "97009"] == [2]
    bad = run("code", str(path), "--set", "units_97009=rounded")
    assert bad.returncode == 2 and b"units_97009" in bad.stderr


def test_bad_reference_data_stops_start_up(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "src" / "coolclaim" / "refdata" / "data", data)
    path = data / "settings.yaml"
    path.write_text(path.read_text().replace("value: full", "value: 3.5", 1))
    done = run("code", str(ROOT / "samples" / "sessions.jsonl"), env={"COOLCLAIM_REFDATA_DIR": str(data)})
    assert done.returncode == 2
    assert b"settings.yaml" in done.stderr and b"settings[0].value" in done.stderr


def test_refdata_command() -> None:
    done = run("refdata")
    assert done.returncode == 0
    assert b"valid" in done.stdout


@shared_requirement("examples", "check_coding.py")
def test_public_examples_pass() -> None:
    script = installed_script()
    done = subprocess.run(
        [
            sys.executable,
            str(SHARED / "examples" / "check_coding.py"),
            str(script),
            str(SHARED / "examples" / "coding_examples.jsonl"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "9/9 cases pass" in done.stdout
