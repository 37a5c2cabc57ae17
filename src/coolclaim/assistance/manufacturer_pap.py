"""The manufacturer's patient assistance program (domain notes §2).

Eligible when every requirement is met (facility contracted, US resident, on-label diagnosis,
prescription, a coverage gap) AND it qualifies automatically: income ≤ 600% of the guideline
(route `income`, checked first) OR cost > 50% of household income (route `hardship`). Both
comparisons are exact: income exactly at 600% qualifies; cost exactly 50% does not.
"""

from __future__ import annotations

from decimal import Decimal

from coolclaim.assistance.amounts import HUNDRED, money_words, percent_of, percent_words, share
from coolclaim.assistance.application import Application
from coolclaim.assistance.result import ProgramResult, Reason
from coolclaim.refdata.assistance_model import GuidelineYear, ManufacturerPapRules

PROGRAM = "manufacturer_pap"
REASON_CODES = (
    "FACILITY_CONTRACTED",
    "US_RESIDENT",
    "ON_LABEL_DIAGNOSIS",
    "PRESCRIPTION",
    "COVERAGE_GAP",
    "INCOME_WITHIN_600",
    "HARDSHIP_WAIVER",
)
_GAP_BY_INSURANCE = {
    "none": "The patient has no health insurance.",
    "underinsured": "The patient is underinsured for scalp cooling.",
    "insured_not_covered": "The patient is insured, but the plan does not cover scalp cooling.",
}
_GAP_BY_PA = {
    "denied_no_appeal": "Prior authorization was denied and no appeal is available.",
    "denied_after_first_appeal": "Prior authorization was denied and the first appeal was denied too.",
}
_NO_GAP = {
    "pending": "prior authorization is pending; screen again if it is denied",
    "denied_appeal_pending": "an appeal of the prior-authorization denial is pending; screen again if it is denied",
    "approved": "prior authorization was approved",
    "not_required": "no prior authorization is required",
}


def _requirement(code: str, met: bool, yes: str, no: str) -> Reason:
    return Reason(code, met, yes if met else no)


def _coverage_gap(app: Application, rules: ManufacturerPapRules) -> Reason:
    if app.insurance in rules.coverage_gap_insurance:
        return Reason("COVERAGE_GAP", True, _GAP_BY_INSURANCE.get(app.insurance, f"Insurance: {app.insurance}."))
    if app.pa_status in rules.coverage_gap_pa_status:
        return Reason("COVERAGE_GAP", True, _GAP_BY_PA.get(app.pa_status, f"Prior authorization: {app.pa_status}."))
    situation = _NO_GAP.get(app.pa_status or "", "no prior-authorization status was given")
    return Reason(
        "COVERAGE_GAP",
        False,
        f"Insurance covers scalp cooling ({situation}); the program helps only when the patient is un- or "
        "underinsured, scalp cooling is not covered, or prior authorization was finally denied.",
    )


def screen_manufacturer_pap(
    app: Application, rules: ManufacturerPapRules, year: GuidelineYear, guideline: Decimal
) -> ProgramResult:
    limit_percent = rules.income_limit_percent.value
    limit_amount = guideline * limit_percent / HUNDRED
    income = app.household_income
    within = income * HUNDRED <= guideline * limit_percent
    pct = percent_words(limit_percent)
    size = f"a household of {app.household_size}"
    income_reason = Reason(
        "INCOME_WITHIN_600",
        within,
        f"Household income {money_words(income)} is {'at or below' if within else 'above'} {pct} of the "
        f"{year.year} HHS poverty guideline for {size} ({money_words(limit_amount)}; 100% = "
        f"{money_words(guideline)}).",
    )
    hardship_percent = rules.hardship_cost_share_percent.value
    threshold = share(income, hardship_percent)
    hardship = app.product_cost * HUNDRED > income * hardship_percent
    hpct = percent_words(hardship_percent)
    hardship_reason = Reason(
        "HARDSHIP_WAIVER",
        hardship,
        f"The cost {money_words(app.product_cost)} is {'more' if hardship else 'not more'} than {hpct} of household "
        f"income ({money_words(threshold)}); the hardship waiver {'applies' if hardship else 'does not apply'}.",
    )
    requirements = (
        _requirement(
            "FACILITY_CONTRACTED",
            app.facility_contracted,
            "The facility is contracted under the insurance-based billing model.",
            "The facility is not contracted under the insurance-based billing model; the program is open only to "
            "contracted facilities.",
        ),
        _requirement(
            "US_RESIDENT",
            app.us_physical_address,
            "The patient resides in the US with a physical US address.",
            "The patient must reside in the US with a physical US address.",
        ),
        _requirement(
            "ON_LABEL_DIAGNOSIS",
            app.on_label_diagnosis,
            "The diagnosis is on label for scalp cooling (solid tumour, no contraindication).",
            "Scalp cooling must be on label for the diagnosis (solid tumour, no contraindication).",
        ),
        _requirement(
            "PRESCRIPTION",
            app.prescription,
            "There is a valid prescription for scalp cooling from a licensed prescriber.",
            "A valid prescription for scalp cooling from a licensed prescriber is required.",
        ),
        _coverage_gap(app, rules),
    )
    qualifies = within or hardship
    eligible = qualifies and all(r.met for r in requirements)
    route = ("income" if within else "hardship") if eligible else None
    return ProgramResult(
        program=PROGRAM,
        name=rules.name,
        eligible=eligible,
        route=route,
        fpl_year=year.year,
        fpl_amount=guideline,
        income_percent_of_fpl=percent_of(income, guideline),
        income_limit_percent=limit_percent,
        income_limit_amount=limit_amount,
        reasons=(*requirements, income_reason, hardship_reason),
        source=rules.source,
        confidence=rules.confidence,
    )
