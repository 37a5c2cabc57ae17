"""Every requirement and criterion appears with `met`; each one alone decides as the contract says."""

from __future__ import annotations

import pytest

from coolclaim.assistance.application import INSURANCE, PA_STATUSES
from tests.core.assistance.factories import result, unmet

PAP_CODES = [
    "FACILITY_CONTRACTED",
    "US_RESIDENT",
    "ON_LABEL_DIAGNOSIS",
    "PRESCRIPTION",
    "COVERAGE_GAP",
    "INCOME_WITHIN_600",
    "HARDSHIP_WAIVER",
]


def test_every_reason_code_is_present_in_order_with_met_and_a_message() -> None:
    res = result()
    pap = res.as_dict()["programs"][0]
    assert [r["code"] for r in pap["reasons"]] == PAP_CODES
    assert [r["met"] for r in pap["reasons"]] == [True, True, True, True, True, True, False]
    assert all(isinstance(r["message"], str) and r["message"].endswith(".") for r in pap["reasons"])
    hts = res.as_dict()["programs"][1]
    assert [(r["code"], r["met"]) for r in hts["reasons"]] == [
        ("INCOME_WITHIN_LIMIT", True),
        ("INSURANCE_SOUGHT_FIRST", True),
    ]
    assert set(hts["reasons"][0]) == {"code", "met", "message"}


@pytest.mark.parametrize(
    ("field", "code", "message"),
    [
        (
            "facility_contracted",
            "FACILITY_CONTRACTED",
            "The facility is not contracted under the insurance-based billing model; the program is open only to "
            "contracted facilities.",
        ),
        ("us_physical_address", "US_RESIDENT", "The patient must reside in the US with a physical US address."),
        (
            "on_label_diagnosis",
            "ON_LABEL_DIAGNOSIS",
            "Scalp cooling must be on label for the diagnosis (solid tumour, no contraindication).",
        ),
        (
            "prescription",
            "PRESCRIPTION",
            "A valid prescription for scalp cooling from a licensed prescriber is required.",
        ),
    ],
)
def test_each_requirement_alone_makes_the_pap_ineligible(field: str, code: str, message: str) -> None:
    res = result(None, **{field: False})
    pap = res.program("manufacturer_pap")
    assert (pap.eligible, pap.route) == (False, None)
    assert unmet(res) == [code, "HARDSHIP_WAIVER"]
    assert pap.reason(code).message == message
    # HairToStay does not ask for these: the combined answer still offers it
    assert res.program("hairtostay").eligible is True
    assert res.eligible is True


def _gap_expected(insurance: str, pa_status: str | None) -> bool:
    return insurance in ("none", "underinsured", "insured_not_covered") or pa_status in (
        "denied_no_appeal",
        "denied_after_first_appeal",
    )


@pytest.mark.parametrize("insurance", INSURANCE)
@pytest.mark.parametrize("pa_status", [None, *PA_STATUSES])
def test_coverage_gap_for_every_insurance_and_pa_status(insurance: str, pa_status: str | None) -> None:
    res = result(insurance=insurance, pa_status=pa_status)
    pap = res.program("manufacturer_pap")
    gap = _gap_expected(insurance, pa_status)
    assert pap.reason("COVERAGE_GAP").met is gap
    assert pap.eligible is gap
    assert pap.route == ("income" if gap else None)


_NO_INSURER = "The patient has no health insurance, so there is no insurer to seek scalp-cooling coverage from."
_SOUGHT = "Insurance coverage was sought: the plan does not (fully) cover scalp cooling."
_FINALLY_DENIED = "Insurance coverage was sought and prior authorization was finally denied."
_COVERS = "Insurance covers scalp cooling; HairToStay is for patients whose insurance does not pay."


def _not_answered(waiting: str) -> str:
    return (
        f"The insurer has not answered yet ({waiting}); HairToStay asks applicants to seek insurance coverage "
        "first, so apply once the answer is known."
    )


@pytest.mark.parametrize(
    ("insurance", "pa_status", "met", "message"),
    [
        ("none", None, True, _NO_INSURER),
        ("underinsured", None, True, _SOUGHT),
        ("insured_not_covered", "not_required", True, _SOUGHT),
        ("covered", "denied_no_appeal", True, _FINALLY_DENIED),
        ("covered", "denied_after_first_appeal", True, _FINALLY_DENIED),
        ("covered", "approved", False, _COVERS),
        ("covered", None, False, _COVERS),
        ("covered", "pending", False, _not_answered("prior authorization is pending")),
        ("covered", "denied_appeal_pending", False, _not_answered("an appeal is pending")),
        ("underinsured", "pending", False, _not_answered("prior authorization is pending")),
        ("none", "denied_appeal_pending", False, _not_answered("an appeal is pending")),
    ],
)
def test_hairtostay_asks_to_seek_insurance_first(
    insurance: str, pa_status: str | None, met: bool, message: str
) -> None:
    res = result(insurance=insurance, pa_status=pa_status)
    hts = res.program("hairtostay")
    assert hts.reason("INSURANCE_SOUGHT_FIRST").met is met
    assert hts.reason("INSURANCE_SOUGHT_FIRST").message == message
    assert hts.eligible is met


def test_covered_pa_approved_explains_the_missing_gap() -> None:
    res = result(insurance="covered", pa_status="approved")
    assert res.program("manufacturer_pap").reason("COVERAGE_GAP").message == (
        "Insurance covers scalp cooling (prior authorization was approved); the program helps only when the "
        "patient is un- or underinsured, scalp cooling is not covered, or prior authorization was finally denied."
    )
    assert res.eligible is False
    assert unmet(res, "hairtostay") == ["INSURANCE_SOUGHT_FIRST"]


def test_combined_eligible_when_only_hairtostay_qualifies() -> None:
    res = result(facility_contracted=False, household_income="80000")
    assert [p.eligible for p in res.programs] == [False, True]
    assert res.eligible is True
    assert res.as_dict()["programs"][1]["route"] == "income"


def test_combined_ineligible_when_no_program_qualifies() -> None:
    res = result(household_income="200000")
    assert [p.eligible for p in res.programs] == [False, False]
    assert res.as_dict()["eligible"] is False
    assert [p["route"] for p in res.as_dict()["programs"]] == [None, None]
