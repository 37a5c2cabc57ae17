"""The settings the rules read, resolved from refdata/settings.yaml plus overrides."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from coolclaim.refdata.model import RefData


class SettingError(ValueError):
    """An override names an unknown setting or a value it does not allow."""


@dataclass(frozen=True, slots=True)
class RuleSettings:
    units_97009: str
    category_iii_after_2025: str
    code_family: str
    fitting_97007_frequency: str
    units_97009_warn_above: int
    post_cooling_long_minutes: int
    course_review_from_session: int
    revenue_code_scalp_cooling: str
    revenue_code_chemo_admin: str
    revenue_code_em: str
    adult_age_years: int
    max_claim_diagnoses: int
    max_diagnosis_pointers: int
    unit_minutes_97009: int
    defaults: Mapping[str, str | int]
    unverified: frozenset[str]

    def describe(self, key: str) -> str:
        return f"{key}={getattr(self, key)}"


_INTS = (
    "units_97009_warn_above",
    "post_cooling_long_minutes",
    "course_review_from_session",
    "adult_age_years",
    "max_claim_diagnoses",
    "max_diagnosis_pointers",
    "unit_minutes_97009",
)


def resolve_settings(refdata: RefData, overrides: Mapping[str, str] | None = None) -> RuleSettings:
    """Defaults from refdata with overrides applied; a bad override raises SettingError."""
    values: dict[str, str | int] = {key: row.value for key, row in refdata.settings.items()}
    for key, raw in (overrides or {}).items():
        row = refdata.settings.get(key)
        if row is None:
            raise SettingError(f"unknown setting {key!r}; known: {', '.join(sorted(refdata.settings))}")
        if key in _INTS:
            try:
                number = int(raw)
            except ValueError:
                raise SettingError(f"setting {key} must be a whole number, got {raw!r}") from None
            low = row.minimum if row.minimum is not None else 0
            if number < low or (row.maximum is not None and number > row.maximum):
                bounds = f"from {low} to {row.maximum}" if row.maximum is not None else f"at least {low}"
                raise SettingError(f"setting {key} must be a whole number {bounds}, got {raw!r}")
            values[key] = number
        elif row.allowed is not None and raw not in row.allowed:
            raise SettingError(f"setting {key} must be one of {', '.join(row.allowed)}, got {raw!r}")
        else:
            values[key] = raw
    unverified = frozenset(k for k, row in refdata.settings.items() if row.confidence == "U")
    return RuleSettings(
        units_97009=str(values["units_97009"]),
        category_iii_after_2025=str(values["category_iii_after_2025"]),
        code_family=str(values["code_family"]),
        fitting_97007_frequency=str(values["fitting_97007_frequency"]),
        units_97009_warn_above=int(values["units_97009_warn_above"]),
        post_cooling_long_minutes=int(values["post_cooling_long_minutes"]),
        course_review_from_session=int(values["course_review_from_session"]),
        revenue_code_scalp_cooling=str(values["revenue_code_scalp_cooling"]),
        revenue_code_chemo_admin=str(values["revenue_code_chemo_admin"]),
        revenue_code_em=str(values["revenue_code_em"]),
        adult_age_years=int(values["adult_age_years"]),
        max_claim_diagnoses=int(values["max_claim_diagnoses"]),
        max_diagnosis_pointers=int(values["max_diagnosis_pointers"]),
        unit_minutes_97009=int(values["unit_minutes_97009"]),
        defaults={k: row.value for k, row in refdata.settings.items()},
        unverified=unverified,
    )
