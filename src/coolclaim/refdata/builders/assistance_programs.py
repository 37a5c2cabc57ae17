"""Builds `AssistancePrograms` from `data/assistance_programs.yaml` (program rules and self-pay prices)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from coolclaim.refdata.assistance_model import (
    AssistancePrograms,
    HairToStayRules,
    ManufacturerPapRules,
    SelfPayPriceList,
    SelfPayTier,
    SourcedPercent,
)
from coolclaim.refdata.builders.fields import optional_date
from coolclaim.refdata.builders.rule_settings import build_settings
from coolclaim.refdata.errors import RefDataError
from coolclaim.refdata.loader import read_validated

NAME = "assistance_programs"
FILE = f"{NAME}.yaml"


def _percent(row: dict[str, Any]) -> SourcedPercent:
    return SourcedPercent(Decimal(row["value"]), row["source"], row["confidence"])


def _self_pay(row: dict[str, Any]) -> SelfPayPriceList:
    tiers = tuple(SelfPayTier(t["first"], t["last"], Decimal(t["price"]), t["includes_cap_kit"]) for t in row["tiers"])
    expected = 1
    for i, tier in enumerate(tiers):
        if tier.first != expected or tier.last < tier.first:
            where = f"self_pay_prices.tiers[{i}]"
            raise RefDataError(FILE, [f"{where}: must start at treatment {expected} and not end before it starts"])
        expected = tier.last + 1
    start = optional_date(NAME, "self_pay_prices.effective_from", row["effective_from"])
    assert start is not None
    return SelfPayPriceList(start, row["source"], row["confidence"], Decimal(row["cap_per_course"]), tiers)


def build(document: dict[str, Any]) -> AssistancePrograms:
    """Typed program rules from a schema-valid document; raises RefDataError on a cross-field problem."""
    pap = document["manufacturer_pap"]
    hts = document["hairtostay"]
    settings = build_settings(FILE, document["settings"])
    key = hts["income_limit_setting"]
    if key not in settings:
        raise RefDataError(FILE, [f"hairtostay.income_limit_setting: no setting {key}"])
    if not all(isinstance(v, int) and v > 0 for v in (settings[key].allowed or (settings[key].value,))):
        raise RefDataError(FILE, [f"settings.{key}: values must be whole percentages"])
    return AssistancePrograms(
        version=str(document["version"]),
        manufacturer_pap=ManufacturerPapRules(
            name=pap["name"],
            source=pap["source"],
            confidence=pap["confidence"],
            income_limit_percent=_percent(pap["income_limit_percent"]),
            hardship_cost_share_percent=_percent(pap["hardship_cost_share_percent"]),
            coverage_gap_insurance=frozenset(pap["coverage_gap_insurance"]),
            coverage_gap_pa_status=frozenset(pap["coverage_gap_pa_status"]),
            coverage_gap_source=pap["coverage_gap_source"],
            coverage_gap_confidence=pap["coverage_gap_confidence"],
        ),
        hairtostay=HairToStayRules(
            name=hts["name"],
            kind=hts["kind"],
            source=hts["source"],
            confidence=hts["confidence"],
            income_limit_setting=key,
            insurance_first_source=hts["insurance_first_source"],
            insurance_first_confidence=hts["insurance_first_confidence"],
        ),
        self_pay=_self_pay(document["self_pay_prices"]),
        settings=settings,
    )


def load(directory: Path | None = None) -> AssistancePrograms:
    """Read, validate and build `assistance_programs.yaml` (from `directory` when given)."""
    return build(read_validated(NAME, directory))
