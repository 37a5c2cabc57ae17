"""The documents' reference data: devices, evidence and the minimum-necessary policy."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from coolclaim import bootstrap
from coolclaim.refdata import RefDataError
from coolclaim.refdata.documents_data import DOCUMENT_FILES, load_document_refdata
from coolclaim.refdata.loader import package_dir

DATA = package_dir() / "data"


def copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    target.mkdir()
    for name in DOCUMENT_FILES:
        shutil.copy(DATA / f"{name}.yaml", target / f"{name}.yaml")
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_files_load_with_their_versions() -> None:
    ref = load_document_refdata(bootstrap.refdata())
    assert set(ref.versions) == {"devices", "evidence", "documents"}
    assert sorted(ref.devices) == ["dignicap", "dignicap_delta", "paxman"]
    paxman = ref.devices["paxman"].clearances
    assert [(c.number, c.decided, c.scope) for c in paxman] == [
        ("K163484", date(2017, 4, 17), "breast"),
        ("K173032", date(2018, 6, 7), "solid_tumour"),
    ]
    assert [g.id for g in ref.guidelines] == ["nccn-breast", "nccn-ovarian"]
    assert ref.guidelines[0].category == "2A"
    assert [s.id for s in ref.studies if s.applies_to("tc")] == [
        "nangia-2017",
        "rugo-2017",
        "bcrt-2021-tc",
        "brook-2024",
    ]
    assert ref.denial_codes["CARC 50"].category == "medical_necessity"


def test_every_row_names_a_source_and_a_confidence() -> None:
    ref = load_document_refdata(bootstrap.refdata())
    rows: list[tuple[str, str]] = []
    rows += [(c.source, c.confidence) for d in ref.devices.values() for c in d.clearances]
    rows += [(g.source, g.confidence) for g in ref.guidelines]
    rows += [(s.source, s.confidence) for s in ref.studies]
    rows += [(k.source, k.confidence) for k in ref.kinds.values()]
    rows += [(d.source, d.confidence) for d in ref.denial_codes.values()]
    assert all(len(source) >= 3 and confidence in "PMSDU" for source, confidence in rows)


def test_a_schema_violation_names_file_row_and_field(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edit(data / "devices.yaml", "number: K173032", "number: K17303")
    with pytest.raises(RefDataError) as caught:
        load_document_refdata(bootstrap.refdata(), data)
    assert caught.value.file == "devices.yaml"
    assert caught.value.problems == [
        "devices[0].clearances[1].number: 'K17303' does not match '^(K\\\\d{6}|DEN\\\\d{6}|P\\\\d{6})$'"
    ]


def test_an_impossible_date_is_caught(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edit(data / "devices.yaml", '"2018-06-07"', '"2018-06-31"')
    with pytest.raises(RefDataError) as caught:
        load_document_refdata(bootstrap.refdata(), data)
    assert caught.value.problems == ["devices[0].clearances[1].decided: '2018-06-31' is not a real date"]


def test_unknown_references_are_named(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edit(data / "evidence.yaml", "regimens: [ac, fec]", "regimens: [ac, fecx]")
    edit(data / "evidence.yaml", "code_sets: [breast]", "code_sets: [brest]")
    with pytest.raises(RefDataError) as caught:
        load_document_refdata(bootstrap.refdata(), data)
    assert caught.value.file == "evidence.yaml"
    assert caught.value.problems == [
        "guidelines[0].code_sets: unknown code set brest",
        "studies[2].regimens: unknown regimen fecx",
    ]


def test_a_required_fact_must_be_allowed_and_known(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edit(
        data / "documents.yaml",
        "required: [patient.name, payer, facility, course, benefits, fees]",
        "required: [patient.name, patient.birth_date, payer, facility, course, benefits, fees]",
    )
    edit(
        data / "documents.yaml",
        "allowed: [payer, plan, facility, course, authorization, case_reference]",
        "allowed: [payer, plan, facility, course, authorization, case_reference, patient.ssn]",
    )
    with pytest.raises(RefDataError) as caught:
        load_document_refdata(bootstrap.refdata(), data)
    assert caught.value.problems == [
        "kinds[2].required: patient.birth_date is required but not allowed",
        "kinds[3].allowed: unknown field patient.ssn",
    ]


def test_a_bad_pattern_is_caught(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edit(data / "documents.yaml", 'pattern: "\\\\b\\\\d{3}', 'pattern: "(\\\\b\\\\d{3}')
    with pytest.raises(RefDataError) as caught:
        load_document_refdata(bootstrap.refdata(), data)
    assert caught.value.file == "documents.yaml"
    assert caught.value.problems[0].startswith("forbidden_patterns[0].pattern: not a regular expression")


def test_the_refdata_command_checks_the_document_files_too() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "coolclaim", "refdata"], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "devices: version 2026.11.1" in lines
    assert "documents: version 2026.11.1" in lines
    assert "evidence: version 2026.11.1" in lines
    assert lines[-1].endswith("3 devices, 8 studies, 7 document kinds: valid")
