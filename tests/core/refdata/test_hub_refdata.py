"""The hub's reference files: calendars, appeal windows, PA turnaround — loaded, checked, sourced."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from coolclaim.calendars import calendar_from_spec
from coolclaim.hub.vocabulary import PayerType
from coolclaim.refdata import RefDataError
from coolclaim.refdata.builders import appeal_windows, calendars, pa_turnaround
from coolclaim.refdata.calendar_model import RuleCalendarSpec
from coolclaim.refdata.loader import package_dir
from coolclaim.refdata.yaml_source import read_yaml

DATA = package_dir() / "data"
SCHEMAS = package_dir() / "schemas"
HUB_FILES = ("calendars", "appeal_windows", "pa_turnaround")
SEVEN_FEDERAL = {
    "New Year's Day",
    "Martin Luther King Jr. Day",
    "Memorial Day",
    "Independence Day",
    "Labor Day",
    "Thanksgiving Day",
    "Christmas Day",
}


def document(name: str) -> Any:
    return read_yaml(DATA / f"{name}.yaml")


def test_files_load() -> None:
    assert [c.id for c in calendars.load().calendars] == ["hub", "federal"]
    assert appeal_windows.load().version == "2026.12.1"
    rule = pa_turnaround.load().binding("medicare_advantage", date(2026, 1, 1))
    assert rule is not None
    assert (rule.id, rule.standard_calendar_days, rule.expedited_hours) == ("cms_0057_f", 7, 72)
    assert pa_turnaround.load().binding("medicare_advantage", date(2025, 12, 31)) is None
    assert pa_turnaround.load().binding("exchange_qhp", date(2026, 6, 1)) is None


def test_hub_has_the_eight_seed_closure_days() -> None:
    spec = calendars.load().get("hub")
    assert spec is not None
    hub = calendar_from_spec(spec, "none")
    assert [(c.day.isoformat(), c.name) for c in hub.closure_days(2026)] == [
        ("2026-01-01", "New Year's Day"),
        ("2026-01-19", "Martin Luther King Jr. Day"),
        ("2026-05-25", "Memorial Day"),
        ("2026-07-04", "Independence Day"),
        ("2026-09-07", "Labor Day"),
        ("2026-11-26", "Thanksgiving Day"),
        ("2026-11-27", "Day after Thanksgiving"),
        ("2026-12-25", "Christmas Day"),
    ]


@pytest.mark.parametrize("year", range(1990, 2061))
def test_hub_rules_agree_with_the_holidays_library_every_year(year: int) -> None:
    """The seven federal days among the hub's eight fall, and are observed, where the library says."""
    specs = calendars.load()
    hub_spec, federal_spec = specs.get("hub"), specs.get("federal")
    assert hub_spec is not None and federal_spec is not None
    hub = calendar_from_spec(hub_spec, "nearest_weekday")
    federal = calendar_from_spec(federal_spec)
    ours = {c.day for c in hub.closure_days(year) if not c.name.startswith("Day after Thanksgiving")}
    theirs = {c.day for c in federal.closure_days(year) if c.name.replace(" (observed)", "") in SEVEN_FEDERAL}
    assert ours == theirs


def test_every_row_has_a_source_and_a_confidence() -> None:
    rows = [
        *document("appeal_windows")["windows"],
        *document("pa_turnaround")["rules"],
        *document("pa_turnaround")["typical"],
        *[c for cal in document("calendars")["calendars"] if cal["kind"] == "rules" for c in cal["closures"]],
        *[cal for cal in document("calendars")["calendars"] if cal["kind"] == "library"],
        *[cal["weekend_observance"] for cal in document("calendars")["calendars"] if cal["kind"] == "rules"],
    ]
    assert len(rows) == 23  # 9 windows, 1 rule, 3 typical, 8 closures, 1 library calendar, 1 setting
    for row in rows:
        assert len(row["source"]) >= 3, row
        assert row["confidence"] in ("P", "M", "S", "D", "U"), row


def test_observance_is_an_unverified_setting_with_a_visible_default() -> None:
    spec = calendars.load().get("hub")
    assert isinstance(spec, RuleCalendarSpec)
    observance = spec.observance
    assert (observance.value, observance.confidence) == ("nearest_weekday", "U")


def test_schemas_know_exactly_the_contracts_payer_types() -> None:
    expected = sorted(str(p) for p in PayerType)
    windows = json.loads((SCHEMAS / "appeal_windows.schema.json").read_text())
    turnaround = json.loads((SCHEMAS / "pa_turnaround.schema.json").read_text())
    assert sorted(windows["properties"]["windows"]["items"]["properties"]["payer_type"]["enum"]) == expected
    assert sorted(turnaround["$defs"]["payer_type"]["enum"]) == expected


def test_every_payer_type_has_an_appeal_window_row_for_2026() -> None:
    windows = appeal_windows.load()
    assert {p: (w.days if (w := windows.find(str(p), date(2026, 6, 1))) else None) for p in PayerType} == {
        PayerType.MEDICARE: "unknown",
        PayerType.MEDICARE_ADVANTAGE: 65,
        PayerType.MEDICAID_FFS: "unknown",
        PayerType.MEDICAID_MANAGED_CARE: 60,
        PayerType.CHIP: "unknown",
        PayerType.EXCHANGE_QHP: 180,
        PayerType.COMMERCIAL: 180,
        PayerType.NONE: "unknown",
    }


def broken_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    for file in HUB_FILES:
        shutil.copy(DATA / f"{file}.yaml", data / f"{file}.yaml")
    path = data / f"{name}.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return data


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "appeal_windows",
            "    window_days: 65\n",
            "    window_days: sixty-five\n",
            "appeal_windows.yaml: windows[0].window_days: 'sixty-five' is not valid under any of the given schemas",
        ),
        (
            "appeal_windows",
            '    effective_to: "2024-12-31"',
            '    effective_to: "2025-06-30"',
            "appeal_windows.yaml: windows[1].effective_from: overlaps windows[0] for payer type medicare_advantage",
        ),
        (
            "appeal_windows",
            '    effective_from: "2025-01-01"',
            '    effective_from: "2025-02-30"',
            "appeal_windows.yaml: windows[0].effective_from: '2025-02-30' is not a real date",
        ),
        (
            "pa_turnaround",
            "payer_types: [medicare_advantage, medicaid_ffs, medicaid_managed_care, chip]",
            "payer_types: [medicare_advantage, medicaid]",
            "pa_turnaround.yaml: rules[0].payer_types[1]: 'medicaid' is not one of ['medicare', "
            "'medicare_advantage', 'medicaid_ffs', 'medicaid_managed_care', 'chip', 'exchange_qhp', 'commercial', "
            "'none']",
        ),
        (
            "calendars",
            "rule: {kind: after, closure: thanksgiving_day, days: 1}",
            "rule: {kind: after, closure: thanksgiving, days: 1}",
            "calendars.yaml: calendars[0].closures[6].rule.closure: 'thanksgiving' must be a closure listed before "
            "this one",
        ),
        (
            "calendars",
            "rule: {kind: fixed, month: 12, day: 25}",
            "rule: {kind: fixed, month: 2, day: 30}",
            "calendars.yaml: calendars[0].closures[7].rule.day: month 2 has no day 30",
        ),
        (
            "calendars",
            "allowed: [nearest_weekday, none, sunday_to_monday]",
            "allowed: [none]",
            "calendars.yaml: calendars[0].weekend_observance.value: 'nearest_weekday' not in ['none']",
        ),
    ],
)
def test_a_bad_file_names_row_and_field(tmp_path: Path, name: str, old: str, new: str, message: str) -> None:
    data = broken_copy(tmp_path, name, old, new)
    loader = {"calendars": calendars.load, "appeal_windows": appeal_windows.load, "pa_turnaround": pa_turnaround.load}
    with pytest.raises(RefDataError) as raised:
        loader[name](data)
    assert str(raised.value) == message


def test_missing_source_is_named(tmp_path: Path) -> None:
    data = broken_copy(tmp_path, "appeal_windows", '    source: "42 CFR 405.942"\n', "")
    with pytest.raises(RefDataError) as raised:
        appeal_windows.load(data)
    assert str(raised.value) == "appeal_windows.yaml: windows[2]: 'source' is a required property"


def test_a_reviewed_copy_changes_the_window(tmp_path: Path) -> None:
    data = broken_copy(tmp_path, "appeal_windows", "    window_days: 180\n", "    window_days: 90\n")
    row = appeal_windows.load(data).find("commercial", date(2026, 6, 1))
    assert row is not None and row.days == 90
