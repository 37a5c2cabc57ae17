"""Typed, immutable views of the assistance reference data (poverty guidelines, program rules).

Built by `refdata.builders.poverty_guidelines` and `refdata.builders.assistance_programs`,
read by the pure `coolclaim.assistance` core. No I/O here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

SettingValue = str | int


@dataclass(frozen=True, slots=True)
class RuleSetting:
    """An unverified or tunable fact: a visible default, the values it may take, and its source."""

    key: str
    value: SettingValue
    allowed: tuple[SettingValue, ...] | None
    description: str
    source: str
    confidence: str


@dataclass(frozen=True, slots=True)
class GuidelineTable:
    """One year's 100% guideline for one region: base for one person plus an increment per extra person."""

    region: str
    base: Decimal
    increment: Decimal
    source: str
    confidence: str
    increment_confidence: str

    def amount(self, household_size: int) -> Decimal:
        return self.base + self.increment * (household_size - 1)


@dataclass(frozen=True, slots=True)
class GuidelineYear:
    """One year's notice: its Federal Register document, dates (None = unknown) and tables."""

    year: int
    document: str
    citation: str | None
    published: date | None
    published_source: str
    effective: date | None
    effective_source: str
    effective_confidence: str
    tables: Mapping[str, GuidelineTable]


@dataclass(frozen=True, slots=True)
class PovertyGuidelines:
    version: str
    years: tuple[GuidelineYear, ...]  # ascending by year
    regions: Mapping[str, str]  # state or territory code -> contiguous | alaska | hawaii | territory
    settings: Mapping[str, RuleSetting]


@dataclass(frozen=True, slots=True)
class SourcedPercent:
    value: Decimal
    source: str
    confidence: str


@dataclass(frozen=True, slots=True)
class ManufacturerPapRules:
    name: str
    source: str
    confidence: str
    income_limit_percent: SourcedPercent
    hardship_cost_share_percent: SourcedPercent
    coverage_gap_insurance: frozenset[str]
    coverage_gap_pa_status: frozenset[str]
    coverage_gap_source: str
    coverage_gap_confidence: str


@dataclass(frozen=True, slots=True)
class HairToStayRules:
    name: str
    kind: str
    source: str
    confidence: str
    income_limit_setting: str
    insurance_first_source: str
    insurance_first_confidence: str


@dataclass(frozen=True, slots=True)
class SelfPayTier:
    first: int
    last: int
    price: Decimal
    includes_cap_kit: bool


@dataclass(frozen=True, slots=True)
class SelfPayPriceList:
    effective_from: date
    source: str
    confidence: str
    cap_per_course: Decimal
    tiers: tuple[SelfPayTier, ...]


@dataclass(frozen=True, slots=True)
class AssistancePrograms:
    version: str
    manufacturer_pap: ManufacturerPapRules
    hairtostay: HairToStayRules
    self_pay: SelfPayPriceList
    settings: Mapping[str, RuleSetting]
