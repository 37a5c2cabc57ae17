"""The screening result: one answer, every program, every reason with `met`, notes on assumptions."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from coolclaim.assistance.amounts import money_text, two_places
from coolclaim.refdata.assistance_model import SettingValue


@dataclass(frozen=True, slots=True)
class Reason:
    """One requirement or criterion: a stable code, whether it is met, and a plain sentence."""

    code: str
    met: bool
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "met": self.met, "message": self.message}


@dataclass(frozen=True, slots=True)
class Note:
    """An assumption that shaped the result (an unverified fact or a setting), named in the output."""

    code: str
    message: str
    setting: str | None = None
    value: SettingValue | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "setting": self.setting, "value": self.value, "message": self.message}


@dataclass(frozen=True, slots=True)
class GuidelineUsed:
    """The poverty guideline the screen used: year, notice, table and the 100% amount."""

    year: int
    document: str
    effective: str | None
    effective_source: str
    table: str
    household_size: int
    amount: Decimal

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "document": self.document,
            "effective": self.effective,
            "effective_source": self.effective_source,
            "table": self.table,
            "household_size": self.household_size,
            "amount": money_text(self.amount),
        }


@dataclass(frozen=True, slots=True)
class ProgramResult:
    program: str
    name: str
    eligible: bool
    route: str | None
    fpl_year: int
    fpl_amount: Decimal
    income_percent_of_fpl: Decimal
    income_limit_percent: Decimal
    income_limit_amount: Decimal
    reasons: tuple[Reason, ...]
    source: str
    confidence: str

    def reason(self, code: str) -> Reason:
        return next(r for r in self.reasons if r.code == code)

    def as_dict(self) -> dict[str, Any]:
        return {
            "program": self.program,
            "name": self.name,
            "eligible": self.eligible,
            "route": self.route,
            "fpl_year": self.fpl_year,
            "fpl_amount": money_text(self.fpl_amount),
            "income_percent_of_fpl": f"{two_places(self.income_percent_of_fpl):f}",
            "income_limit_percent": f"{two_places(self.income_limit_percent):f}",
            "income_limit_amount": money_text(self.income_limit_amount),
            "reasons": [r.as_dict() for r in self.reasons],
            "source": self.source,
            "confidence": self.confidence,
        }


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    eligible: bool
    programs: tuple[ProgramResult, ...]
    guideline: GuidelineUsed
    notes: tuple[Note, ...]

    def program(self, name: str) -> ProgramResult:
        return next(p for p in self.programs if p.program == name)

    def as_dict(self) -> dict[str, Any]:
        return {
            "eligible": self.eligible,
            "programs": [p.as_dict() for p in self.programs],
            "guideline": self.guideline.as_dict(),
            "notes": [n.as_dict() for n in self.notes],
        }
