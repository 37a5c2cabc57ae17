"""Everything a screening reads besides the application: guidelines, program rules, settings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from coolclaim.assistance.settings import ScreeningSettings, resolve_settings
from coolclaim.refdata.assistance_model import AssistancePrograms, PovertyGuidelines


@dataclass(frozen=True, slots=True)
class ScreeningReference:
    guidelines: PovertyGuidelines
    programs: AssistancePrograms
    settings: ScreeningSettings

    @classmethod
    def of(
        cls,
        guidelines: PovertyGuidelines,
        programs: AssistancePrograms,
        overrides: Mapping[str, str | int] | None = None,
    ) -> ScreeningReference:
        """The reference with the settings resolved (raises SettingError on a bad override)."""
        return cls(guidelines, programs, resolve_settings(guidelines, programs, overrides))
