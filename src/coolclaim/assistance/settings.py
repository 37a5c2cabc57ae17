"""The screening settings: defaults from the reference files, overrides by key.

Every setting whose row is marked U (unverified) or S is named in the output whenever it shaped
the result, so a reader sees which assumption was used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from coolclaim.refdata.assistance_model import AssistancePrograms, PovertyGuidelines, RuleSetting, SettingValue


class SettingError(ValueError):
    """An override names an unknown setting or a value it does not allow."""


@dataclass(frozen=True, slots=True)
class ScreeningSettings:
    fpl_table_territories: str
    fpl_switch_when_effective_date_unknown: str
    hairtostay_income_limit_percent: int
    rows: Mapping[str, RuleSetting]

    def value(self, key: str) -> SettingValue:
        value: SettingValue = getattr(self, key)
        return value

    def is_default(self, key: str) -> bool:
        return self.value(key) == self.rows[key].value

    def describe(self, key: str) -> str:
        default = "default" if self.is_default(key) else f"overridden; default {self.rows[key].value}"
        return f"{key}={self.value(key)} ({default}, confidence {self.rows[key].confidence})"


def _coerce(row: RuleSetting, raw: str | int) -> SettingValue:
    value: SettingValue = raw
    if isinstance(row.value, int) and not isinstance(raw, int):
        try:
            value = int(raw.strip())
        except ValueError:
            raise SettingError(f"setting {row.key} must be a whole number, got {raw!r}") from None
    if row.allowed is not None and value not in row.allowed:
        raise SettingError(f"setting {row.key} must be one of {', '.join(map(str, row.allowed))}, got {raw!r}")
    return value


def resolve_settings(
    guidelines: PovertyGuidelines,
    programs: AssistancePrograms,
    overrides: Mapping[str, str | int] | None = None,
) -> ScreeningSettings:
    """Defaults from both files with overrides applied; a bad override raises SettingError."""
    rows = {**guidelines.settings, **programs.settings}
    values: dict[str, SettingValue] = {key: row.value for key, row in rows.items()}
    for key, raw in (overrides or {}).items():
        row = rows.get(key)
        if row is None:
            raise SettingError(f"unknown setting {key!r}; known: {', '.join(sorted(rows))}")
        values[key] = _coerce(row, raw)
    return ScreeningSettings(
        fpl_table_territories=str(values["fpl_table_territories"]),
        fpl_switch_when_effective_date_unknown=str(values["fpl_switch_when_effective_date_unknown"]),
        hairtostay_income_limit_percent=int(values[programs.hairtostay.income_limit_setting]),
        rows=rows,
    )
