"""The ICD-10-CM code set in refdata: loaded, sourced, and the same as the package it came from."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from coolclaim.refdata import RefDataError, get_refdata, load
from coolclaim.refdata.loader import ICD10CM_FILE, load_icd10cm, package_dir


def test_code_set_loaded_with_source() -> None:
    ref = get_refdata()
    assert sum(ref.icd10cm_billable.values()) > 74_000
    assert ref.icd10cm_billable["C50912"] is True
    assert ref.icd10cm_billable["C509"] is False
    assert "breast" in ref.icd10cm_descriptions["C50912"].lower()
    assert "ICD-10-CM" in ref.icd10cm_source


def test_bad_row_names_the_row(tmp_path: Path) -> None:
    target = tmp_path / "data"
    shutil.copytree(package_dir() / "data", target)
    path = target / ICD10CM_FILE
    lines = gzip.decompress(path.read_bytes()).decode().splitlines()
    lines[10] = lines[10].split("\t")[0] + "\tyes\tBroken"
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    with pytest.raises(RefDataError, match=r"row 11\.billable"):
        load(target)


def test_file_matches_the_installed_package() -> None:
    cm = pytest.importorskip("simple_icd_10_cm")
    billable, descriptions, _ = load_icd10cm()
    leaves = {c for c in cm.get_all_codes(with_dots=False) if "-" not in c and not cm.is_chapter(c) and cm.is_leaf(c)}
    assert {c for c, flag in billable.items() if flag} == leaves
    assert descriptions["C50912"] == " ".join(cm.get_description("C50912").split())
