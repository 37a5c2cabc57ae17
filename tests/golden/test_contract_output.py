"""The contract's output, byte for byte, on the sample sessions and the public examples.

The files beside this test were written by `coolclaim code` (JSON Lines and CSV out, from the
JSON Lines and the CSV form of the samples). A change to them is a change of the contract's
output: regenerate them on purpose with `COOLCLAIM_REGENERATE_GOLDEN=1 pytest tests/golden`
and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coolclaim import bootstrap
from coolclaim.io.batch_coding import code_file

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
INPUTS = {
    "sessions.jsonl": ROOT / "samples" / "sessions.jsonl",
    "sessions.csv": ROOT / "samples" / "sessions.csv",
    "coding_examples.jsonl": HERE / "coding_examples.input.jsonl",
}
CASES = [(name, fmt) for name in INPUTS for fmt in ("jsonl", "csv")]


@pytest.mark.parametrize(("name", "out_format"), CASES, ids=[f"{n}->{f}" for n, f in CASES])
def test_contract_output_is_byte_equal_to_the_golden_file(name: str, out_format: str, tmp_path: Path) -> None:
    golden = HERE / f"{name}.out.{out_format}"
    written = tmp_path / f"out.{out_format}"
    code_file(bootstrap.engine(), str(INPUTS[name]), str(written), out_format, workers=1)
    if os.environ.get("COOLCLAIM_REGENERATE_GOLDEN") == "1":
        golden.write_bytes(written.read_bytes())
    assert written.read_bytes() == golden.read_bytes()


@pytest.mark.parametrize("name", ["sessions.jsonl", "coding_examples.jsonl"])
def test_parallel_path_writes_the_same_bytes_as_the_golden_file(name: str, tmp_path: Path) -> None:
    written = tmp_path / "out.jsonl"
    code_file(bootstrap.engine(), str(INPUTS[name]), str(written), "jsonl", workers=2)
    assert written.read_bytes() == (HERE / f"{name}.out.jsonl").read_bytes()
