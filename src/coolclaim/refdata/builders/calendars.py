"""Builds `calendars.yaml`: the hub's closure days by rule and the US federal calendar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coolclaim.refdata.calendar_model import (
    WEEKDAYS,
    CalendarSpec,
    CalendarSpecs,
    ClosureRule,
    ClosureSpec,
    DaysAfter,
    FixedDate,
    LastWeekday,
    LibraryCalendarSpec,
    NthWeekday,
    ObservanceSetting,
    RuleCalendarSpec,
)
from coolclaim.refdata.errors import RefDataError
from coolclaim.refdata.loader import read_validated

NAME = "calendars"
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _rule(where: str, raw: dict[str, Any]) -> ClosureRule:
    kind = raw["kind"]
    if kind == "fixed":
        if raw["day"] > _MONTH_DAYS[raw["month"] - 1]:
            raise RefDataError(f"{NAME}.yaml", [f"{where}.day: month {raw['month']} has no day {raw['day']}"])
        if (raw["month"], raw["day"]) == (2, 29):
            raise RefDataError(f"{NAME}.yaml", [f"{where}.day: 02-29 does not occur every year"])
        return FixedDate(raw["month"], raw["day"])
    if kind == "nth_weekday":
        return NthWeekday(raw["month"], WEEKDAYS.index(raw["weekday"]), raw["n"])
    if kind == "last_weekday":
        return LastWeekday(raw["month"], WEEKDAYS.index(raw["weekday"]))
    return DaysAfter(raw["closure"], raw["days"])


def _rules_calendar(where: str, raw: dict[str, Any]) -> RuleCalendarSpec:
    closures: list[ClosureSpec] = []
    seen: set[str] = set()
    for i, row in enumerate(raw["closures"]):
        at = f"{where}.closures[{i}]"
        if row["id"] in seen:
            raise RefDataError(f"{NAME}.yaml", [f"{at}.id: duplicate closure {row['id']}"])
        rule = _rule(f"{at}.rule", row["rule"])
        if isinstance(rule, DaysAfter) and rule.closure not in seen:
            raise RefDataError(
                f"{NAME}.yaml",
                [f"{at}.rule.closure: {rule.closure!r} must be a closure listed before this one"],
            )
        seen.add(row["id"])
        closures.append(ClosureSpec(row["id"], row["name"], rule, row["source"], row["confidence"]))
    obs = raw["weekend_observance"]
    if obs["value"] not in obs["allowed"]:
        raise RefDataError(
            f"{NAME}.yaml", [f"{where}.weekend_observance.value: {obs['value']!r} not in {obs['allowed']}"]
        )
    return RuleCalendarSpec(
        id=raw["id"],
        name=raw["name"],
        weekend=frozenset(WEEKDAYS.index(d) for d in raw["weekend"]),
        observance=ObservanceSetting(
            value=obs["value"],
            allowed=tuple(obs["allowed"]),
            description=" ".join(obs["description"].split()),
            source=obs["source"],
            confidence=obs["confidence"],
        ),
        closures=tuple(closures),
    )


def build(document: dict[str, Any]) -> CalendarSpecs:
    """Typed calendars from a schema-valid document; cross-row checks name the row and field."""
    calendars: list[CalendarSpec] = []
    ids: set[str] = set()
    for i, raw in enumerate(document["calendars"]):
        where = f"calendars[{i}]"
        if raw["id"] in ids:
            raise RefDataError(f"{NAME}.yaml", [f"{where}.id: duplicate calendar {raw['id']}"])
        ids.add(raw["id"])
        if raw["kind"] == "rules":
            calendars.append(_rules_calendar(where, raw))
        else:
            library = raw["library"]
            calendars.append(
                LibraryCalendarSpec(
                    id=raw["id"],
                    name=raw["name"],
                    weekend=frozenset(WEEKDAYS.index(d) for d in raw["weekend"]),
                    country=library["country"],
                    subdivision=library.get("subdivision"),
                    observed=library["observed"],
                    source=raw["source"],
                    confidence=raw["confidence"],
                )
            )
    return CalendarSpecs(version=str(document["version"]), calendars=tuple(calendars))


def load(directory: Path | None = None) -> CalendarSpecs:
    """Read, validate and build `calendars.yaml` (uncached)."""
    return build(read_validated(NAME, directory))
