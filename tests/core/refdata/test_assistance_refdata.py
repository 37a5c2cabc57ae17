"""poverty_guidelines.yaml and assistance_programs.yaml: schema, cross-row checks, the domain's figures."""

from __future__ import annotations

import copy
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from coolclaim.refdata import RefDataError
from coolclaim.refdata.builders import assistance_programs, poverty_guidelines
from coolclaim.refdata.loader import package_dir, read_validated

DATA = package_dir() / "data"
# domain notes hub-and-assistance §3: (base, increment) for contiguous, Alaska, Hawaii
DOMAIN_TABLE = {
    2022: ((13590, 4720), (16990, 5900), (15630, 5430)),
    2023: ((14580, 5140), (18210, 6430), (16770, 5910)),
    2024: ((15060, 5380), (18810, 6730), (17310, 6190)),
    2025: ((15650, 5500), (19550, 6880), (17990, 6330)),
    2026: ((15960, 5680), (19950, 7100), (18360, 6530)),
}
STATES_48_AND_DC = {
    "AL", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME",
    "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR",
    "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
}  # fmt: skip


def test_guidelines_match_the_domain_table() -> None:
    guidelines = poverty_guidelines.load()
    assert [y.year for y in guidelines.years] == [2022, 2023, 2024, 2025, 2026]
    for year in guidelines.years:
        got = tuple(
            (int(year.tables[r].base), int(year.tables[r].increment)) for r in ("contiguous", "alaska", "hawaii")
        )
        assert got == DOMAIN_TABLE[year.year]
        assert {t.confidence for t in year.tables.values()} == {"S"}


def test_only_the_2025_alaska_and_hawaii_increments_are_unverified() -> None:
    unverified = {
        (y.year, t.region)
        for y in poverty_guidelines.load().years
        for t in y.tables.values()
        if t.increment_confidence == "U"
    }
    assert unverified == {(2025, "alaska"), (2025, "hawaii")}


def test_effective_dates_are_the_sourced_ones_and_unknown_stays_null() -> None:
    years = {y.year: y for y in poverty_guidelines.load().years}
    assert {n: (y.document, y.effective) for n, y in years.items()} == {
        2022: ("FR Doc 2022-01166", None),
        2023: ("FR Doc 2023-00885", date(2023, 1, 12)),
        2024: ("FR Doc 2024-00796", None),
        2025: ("FR Doc 2025-01377", date(2025, 1, 15)),
        2026: ("FR Doc 2026-00755", date(2026, 1, 13)),
    }
    assert [years[n].effective_confidence for n in (2022, 2024)] == ["U", "U"]
    assert all(years[n].effective_source.startswith("date unknown") for n in (2022, 2024))


def test_regions_cover_48_states_dc_alaska_hawaii_and_territories() -> None:
    regions = poverty_guidelines.load().regions
    assert {s for s, t in regions.items() if t == "contiguous"} == STATES_48_AND_DC
    assert len(STATES_48_AND_DC) == 49
    assert (regions["AK"], regions["HI"]) == ("alaska", "hawaii")
    assert {s for s, t in regions.items() if t == "territory"} == {"PR", "GU", "VI", "AS", "MP"}


def test_unverified_facts_are_settings_with_visible_defaults() -> None:
    settings = {**poverty_guidelines.load().settings, **assistance_programs.load().settings}
    assert {k: (s.value, s.allowed, s.confidence) for k, s in settings.items()} == {
        "fpl_table_territories": ("contiguous", ("contiguous", "alaska", "hawaii"), "U"),
        "fpl_switch_when_effective_date_unknown": ("publication_date", ("publication_date", "january_1"), "U"),
        "hairtostay_income_limit_percent": (400, (400, 300), "S"),
    }


def test_program_rules_are_data() -> None:
    programs = assistance_programs.load()
    pap = programs.manufacturer_pap
    assert (pap.income_limit_percent.value, pap.hardship_cost_share_percent.value) == (Decimal(600), Decimal(50))
    assert pap.coverage_gap_insurance == {"none", "underinsured", "insured_not_covered"}
    assert pap.coverage_gap_pa_status == {"denied_no_appeal", "denied_after_first_appeal"}
    assert (programs.hairtostay.kind, programs.hairtostay.confidence) == ("nonprofit", "S")
    assert [(t.first, t.last, t.price) for t in programs.self_pay.tiers] == [
        (1, 1, Decimal("350.00")),
        (2, 4, Decimal("350.00")),
        (5, 6, Decimal("200.00")),
        (7, 12, Decimal("100.00")),
    ]


def _document(name: str) -> dict[str, Any]:
    document: dict[str, Any] = copy.deepcopy(read_validated(name))
    return document


def _problems(builder: Any, name: str, directory: Path, document: dict[str, Any]) -> str:
    import yaml

    (directory / f"{name}.yaml").write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    with pytest.raises(RefDataError) as caught:
        builder.load(directory)
    assert caught.value.file == f"{name}.yaml"
    return "; ".join(caught.value.problems)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["years"][0]["tables"][0].update(base=-1),
            "years[0].tables[0].base: -1 is less than the minimum of 1",
        ),
        (
            lambda d: d["years"][1]["tables"][2].update(confidence="X"),
            "years[1].tables[2].confidence: 'X' is not one of",
        ),
        (lambda d: d["years"][2].update(effective="January 2024"), "years[2].effective: 'January 2024' is not valid"),
        (lambda d: d["years"][2].update(effective="2024-02-30"), "years[2].effective: '2024-02-30' is not a real date"),
        (lambda d: d["years"][2].update(effective="2023-12-31"), "years[2].effective: 2023-12-31 is not in 2024"),
        (
            lambda d: d["years"][0].update(effective_confidence="S"),
            "years[0].effective_confidence: an unknown effective",
        ),
        (lambda d: d["years"].reverse(), "years: must be in ascending order"),
        (lambda d: d["regions"][1]["states"].append("OH"), "regions[1].states: OH is already in table contiguous"),
        (lambda d: d["settings"][0].update(value="guam"), "settings[0].value: 'guam' not in"),
        (lambda d: d["years"][0].pop("document"), "years[0]: 'document' is a required property"),
    ],
)
def test_bad_guidelines_name_file_row_and_field(tmp_path: Path, change: Any, expected: str) -> None:
    document = _document("poverty_guidelines")
    change(document)
    assert expected in _problems(poverty_guidelines, "poverty_guidelines", tmp_path, document)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["manufacturer_pap"]["income_limit_percent"].update(value="six hundred"),
            "manufacturer_pap.income_limit_percent.value: 'six hundred' does not match",
        ),
        (lambda d: d["settings"][0].update(value=350), "settings[0].value: 350 not in [400, 300]"),
        (
            lambda d: d["hairtostay"].update(income_limit_setting="nope"),
            "hairtostay.income_limit_setting: no setting nope",
        ),
        (
            lambda d: d["self_pay_prices"]["tiers"][1].update(first=3),
            "self_pay_prices.tiers[1]: must start at treatment 2",
        ),
        (lambda d: d["manufacturer_pap"].pop("source"), "manufacturer_pap: 'source' is a required property"),
    ],
)
def test_bad_programs_name_file_row_and_field(tmp_path: Path, change: Any, expected: str) -> None:
    document = _document("assistance_programs")
    change(document)
    assert expected in _problems(assistance_programs, "assistance_programs", tmp_path, document)


def test_load_reads_another_directory_and_reports_a_missing_file(tmp_path: Path) -> None:
    shutil.copy(DATA / "poverty_guidelines.yaml", tmp_path / "poverty_guidelines.yaml")
    assert poverty_guidelines.load(tmp_path).version == poverty_guidelines.load().version
    with pytest.raises(RefDataError, match=r"assistance_programs\.yaml: file missing in"):
        assistance_programs.load(tmp_path)


def test_build_takes_a_document() -> None:
    assert poverty_guidelines.build(_document("poverty_guidelines")) == poverty_guidelines.load()
    assert assistance_programs.build(_document("assistance_programs")) == assistance_programs.load()
