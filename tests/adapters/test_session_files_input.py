"""Session files: a UTF-8 byte-order mark is accepted, a NUL character is refused naming
where it is (issue 9, item 3)."""

from __future__ import annotations

import pytest

from coolclaim.io.session_files import UnreadableInput, detect_format, parse_records

BOM = b"\xef\xbb\xbf"


def test_a_bom_before_json_lines_is_accepted() -> None:
    assert parse_records(BOM + b'{"session_id": "A"}\n{"session_id": "B"}\n', "jsonl") == [
        {"session_id": "A"},
        {"session_id": "B"},
    ]


def test_a_bom_before_a_json_array_is_accepted_and_detected() -> None:
    data = BOM + b'[{"session_id": "A"}]'
    assert detect_format("-", data) == "json"
    assert parse_records(data, "json") == [{"session_id": "A"}]


def test_a_nul_in_a_csv_cell_names_its_line_and_column() -> None:
    with pytest.raises(UnreadableInput) as refused:
        parse_records(b"session_id,payer\nA-1,Aet\x00na\n", "csv", "s.csv")
    assert str(refused.value) == "s.csv: line 2, column payer holds a NUL character, which no field may contain"


def test_an_escaped_nul_in_json_lines_names_the_record_and_field() -> None:
    with pytest.raises(UnreadableInput) as refused:
        parse_records(b'{"session_id": "A"}\n{"device": {"serial": "X\\u0000"}}\n', "jsonl", "s.jsonl")
    assert str(refused.value) == "s.jsonl: record 2, field device.serial holds a NUL character"


def test_a_raw_nul_in_json_names_its_line() -> None:
    with pytest.raises(UnreadableInput) as refused:
        parse_records(b'[{"session_id": "A"},\n{"x": "\x00"}]', "json", "s.json")
    assert str(refused.value) == "s.json: line 2 holds a NUL character, which no field may contain"
