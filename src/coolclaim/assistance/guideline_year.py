"""Which poverty-guideline year and table apply to an application date and residence.

A year's table applies from its effective date. When a notice's effective date is unknown
(`effective: null` in the data), the setting `fpl_switch_when_effective_date_unknown` decides:
`publication_date` keeps the previous year's table until the notice's Federal Register
publication date; `january_1` switches on 1 January. If the two choices differ for a date, the
output notes the setting. Territories use the table named by `fpl_table_territories` (noted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coolclaim.assistance.amounts import money_words
from coolclaim.assistance.result import Note
from coolclaim.assistance.settings import ScreeningSettings
from coolclaim.refdata.assistance_model import GuidelineTable, GuidelineYear, PovertyGuidelines

SWITCH_SETTING = "fpl_switch_when_effective_date_unknown"
TERRITORY_SETTING = "fpl_table_territories"


@dataclass(frozen=True, slots=True)
class GuidelineChoice:
    year: GuidelineYear
    table: GuidelineTable
    notes: tuple[Note, ...]


def switch_date(year: GuidelineYear, rule: str) -> date:
    """The first day this year's table applies under a switch rule."""
    if year.effective is not None:
        return year.effective
    if rule == "publication_date" and year.published is not None:
        return year.published
    return date(year.year, 1, 1)


def year_in_force(guidelines: PovertyGuidelines, on: date, rule: str) -> GuidelineYear | None:
    """The latest year whose table applies on `on`; None before the first table."""
    chosen = None
    for year in guidelines.years:
        if switch_date(year, rule) <= on:
            chosen = year
    return chosen


def first_covered_day(guidelines: PovertyGuidelines, rule: str) -> date:
    return switch_date(guidelines.years[0], rule)


def _other_rule(rule: str) -> str:
    return "january_1" if rule == "publication_date" else "publication_date"


def choose_guideline(
    guidelines: PovertyGuidelines, settings: ScreeningSettings, on: date, state: str, household_size: int
) -> GuidelineChoice:
    """The year and table for this application, with a note for every assumption used.

    The caller has checked that `on` is covered (see `first_covered_day`) and `state` is known.
    """
    rule = settings.fpl_switch_when_effective_date_unknown
    year = year_in_force(guidelines, on, rule)
    if year is None:
        raise ValueError(f"no poverty-guideline year in force on {on}")
    notes: list[Note] = []
    alternative = year_in_force(guidelines, on, _other_rule(rule))
    if alternative is not None and alternative.year != year.year:
        notes.append(
            Note(
                "FPL_EFFECTIVE_DATE_UNKNOWN",
                f"The effective date of a poverty-guideline notice near {on} is unknown; the {year.year} table "
                f"was used by the setting {settings.describe(SWITCH_SETTING)}. The other choice would use "
                f"{alternative.year}.",
                SWITCH_SETTING,
                rule,
            )
        )
    latest = guidelines.years[-1]
    if on >= date(latest.year + 1, 1, 1):
        notes.append(
            Note(
                "FPL_TABLE_MAY_BE_STALE",
                f"The application date {on} is in {on.year}, but the newest table in the reference data is "
                f"{latest.year}; it was used. Add the {latest.year + 1} notice when it is published.",
            )
        )
    region = guidelines.regions[state]
    if region == "territory":
        region = settings.fpl_table_territories
        notes.append(
            Note(
                "FPL_TABLE_TERRITORY",
                f"HHS publishes no poverty-guideline table for {state}; the {region} table was used by the "
                f"setting {settings.describe(TERRITORY_SETTING)}.",
                TERRITORY_SETTING,
                region,
            )
        )
    table = year.tables[region]
    if table.confidence == "U" or (table.increment_confidence == "U" and household_size > 1):
        notes.append(
            Note(
                "FPL_AMOUNT_UNVERIFIED",
                f"The {year.year} {region} guideline (base {money_words(table.base)}, increment "
                f"{money_words(table.increment)} per extra person) is not fully verified: base confidence "
                f"{table.confidence}, increment confidence {table.increment_confidence}. Source: {table.source}.",
            )
        )
    return GuidelineChoice(year, table, tuple(notes))
