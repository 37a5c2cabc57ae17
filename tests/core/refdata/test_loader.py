"""Reference data: every file validated against its schema, every row sourced."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coolclaim.refdata import RefDataError, load
from coolclaim.refdata.loader import FILES, load_documents, package_dir

DATA = package_dir() / "data"


def test_all_files_load() -> None:
    ref = load()
    assert set(ref.versions) == set(FILES)
    for code in (
        "0662T",
        "0663T",
        "97007",
        "97008",
        "97009",
        "96409",
        "96417",
        "99215",
        "A9273",
        "97010",
    ):
        assert code in ref.codes


def test_code_dates_match_the_domain() -> None:
    ref = load()
    assert str(ref.codes["0662T"].effective_from) == "2021-07-01"
    assert str(ref.codes["0663T"].effective_to) == "2025-12-31"
    assert ref.codes["0663T"].effective_to_confidence == "U"
    assert str(ref.codes["97009"].effective_from) == "2026-01-01"
    assert ref.codes["0663T"].addon_primaries == (
        "96409",
        "96411",
        "96413",
        "96415",
        "96416",
        "96417",
    )
    assert ref.codes["97009"].addon_primaries == ("97008",)


def test_every_row_has_a_source_and_confidence() -> None:
    documents = load_documents()
    rows = 0
    for name, document in documents.items():
        for key, value in document.items():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                for row in value:
                    rows += 1
                    assert row.get("source"), f"{name}.{key}: row without source: {row}"
                    if name != "edits":
                        assert row.get("confidence") in {"P", "M", "S", "D", "U"}, f"{name}.{key}: {row}"
    assert rows > 150


def _broken_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    path = target / f"{name}.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return target


def test_bad_value_names_file_row_and_field(tmp_path: Path) -> None:
    directory = _broken_copy(tmp_path, "codes", 'effective_from: "2021-07-01"', 'effective_from: "July 2021"')
    with pytest.raises(RefDataError) as caught:
        load(directory)
    assert caught.value.file == "codes.yaml"
    assert "codes[0].effective_from" in str(caught.value)


def test_impossible_date_is_caught(tmp_path: Path) -> None:
    directory = _broken_copy(tmp_path, "codes", 'effective_from: "2021-07-01"', 'effective_from: "2021-02-30"')
    with pytest.raises(RefDataError, match=r"codes\[0\]\.effective_from"):
        load(directory)


def test_missing_source_is_caught(tmp_path: Path) -> None:
    directory = _broken_copy(
        tmp_path,
        "jurisdictions",
        '  - {code: AL, name: Alabama, jurisdiction: JJ, time_zones: [America/Chicago], source: "CMS Who are the MACs",'
        " confidence: P}",
        "  - {code: AL, name: Alabama, jurisdiction: JJ, time_zones: [America/Chicago], confidence: P}",
    )
    with pytest.raises(RefDataError, match=r"states\[0\].*source"):
        load(directory)


def test_unknown_reference_is_caught(tmp_path: Path) -> None:
    directory = _broken_copy(
        tmp_path, "coverage_policies", "covered_sets: [breast, ovary", "covered_sets: [brest, ovary"
    )
    with pytest.raises(RefDataError, match=r"policies\[0\]\.covered_sets: unknown code set brest"):
        load(directory)


def test_setting_outside_allowed_values(tmp_path: Path) -> None:
    directory = _broken_copy(tmp_path, "settings", "value: full", "value: rounded")
    with pytest.raises(RefDataError, match=r"settings\[0\]\.value"):
        load(directory)


def test_yaml_syntax_error(tmp_path: Path) -> None:
    directory = _broken_copy(tmp_path, "regimens", "regimens:", "regimens: [")
    with pytest.raises(RefDataError, match="not valid YAML"):
        load(directory)
