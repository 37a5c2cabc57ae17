"""HairToStay, the nonprofit program (domain notes §2, secondary sources).

Need-based grants: household income at or below the setting `hairtostay_income_limit_percent`
of the HHS guideline (400 on its current pages, 300 on older ones), and applicants must first
seek insurance coverage. We read the second rule from the coverage situation: it is met when
the patient has no insurance, or the insurer's answer is known and does not pay (underinsured,
not covered, or prior authorization finally denied); it is not met while the plan covers
scalp cooling or an authorization or appeal is pending. A grant is not guaranteed.
"""

from __future__ import annotations

from decimal import Decimal

from coolclaim.assistance.amounts import HUNDRED, money_words, percent_of, percent_words
from coolclaim.assistance.application import Application
from coolclaim.assistance.result import ProgramResult, Reason
from coolclaim.refdata.assistance_model import GuidelineYear, HairToStayRules

PROGRAM = "hairtostay"
REASON_CODES = ("INCOME_WITHIN_LIMIT", "INSURANCE_SOUGHT_FIRST")
_FINAL_DENIALS = ("denied_no_appeal", "denied_after_first_appeal")


def _insurance_first(app: Application) -> Reason:
    if app.pa_status in ("pending", "denied_appeal_pending"):
        waiting = "prior authorization is pending" if app.pa_status == "pending" else "an appeal is pending"
        return Reason(
            "INSURANCE_SOUGHT_FIRST",
            False,
            f"The insurer has not answered yet ({waiting}); HairToStay asks applicants to seek insurance coverage "
            "first, so apply once the answer is known.",
        )
    if app.insurance == "covered" and app.pa_status not in _FINAL_DENIALS:
        return Reason(
            "INSURANCE_SOUGHT_FIRST",
            False,
            "Insurance covers scalp cooling; HairToStay is for patients whose insurance does not pay.",
        )
    if app.insurance == "none":
        message = "The patient has no health insurance, so there is no insurer to seek scalp-cooling coverage from."
    elif app.pa_status in _FINAL_DENIALS:
        message = "Insurance coverage was sought and prior authorization was finally denied."
    else:
        message = "Insurance coverage was sought: the plan does not (fully) cover scalp cooling."
    return Reason("INSURANCE_SOUGHT_FIRST", True, message)


def screen_hairtostay(
    app: Application, rules: HairToStayRules, limit_percent: int, year: GuidelineYear, guideline: Decimal
) -> ProgramResult:
    percent = Decimal(limit_percent)
    limit_amount = guideline * percent / HUNDRED
    within = app.household_income * HUNDRED <= guideline * percent
    income_reason = Reason(
        "INCOME_WITHIN_LIMIT",
        within,
        f"Household income {money_words(app.household_income)} is {'at or below' if within else 'above'} "
        f"{percent_words(percent)} of the {year.year} HHS poverty guideline for a household of {app.household_size} "
        f"({money_words(limit_amount)}; limit set by {rules.income_limit_setting}={limit_percent}).",
    )
    reasons = (income_reason, _insurance_first(app))
    eligible = all(r.met for r in reasons)
    return ProgramResult(
        program=PROGRAM,
        name=rules.name,
        eligible=eligible,
        route="income" if eligible else None,
        fpl_year=year.year,
        fpl_amount=guideline,
        income_percent_of_fpl=percent_of(app.household_income, guideline),
        income_limit_percent=percent,
        income_limit_amount=limit_amount,
        reasons=reasons,
        source=rules.source,
        confidence=rules.confidence,
    )
