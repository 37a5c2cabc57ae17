"""Issue 7 class 7: G0463 for Medicare hospital outpatient visits; 99211 not with drug administration."""

from __future__ import annotations

from typing import Any

from tests.core.factories import code, edit_codes, session

MEDICARE: dict[str, Any] = {"type": "medicare", "name": None, "funding": None, "plan_state": None, "group_size": None}


def visit(em: str, **changes: Any) -> dict[str, Any]:
    return session(em_visit={"code": em, "separately_identifiable": True}, **changes)


def test_g0463_is_accepted_for_a_medicare_hospital_outpatient_visit() -> None:
    result = code(visit("G0463", setting="hospital_outpatient", payer=MEDICARE))
    assert result["lines"][0] == {
        "code": "G0463", "modifiers": ["25"], "units": 1, "diagnosis_pointers": [1], "revenue_code": "0510",
    }  # fmt: skip
    assert "EM_OPPS_USE_G0463" not in edit_codes(result)


def test_a_cpt_visit_on_a_medicare_institutional_claim_is_held() -> None:
    result = code(visit("99214", setting="hospital_outpatient", payer=MEDICARE))
    edit = next(e for e in result["edits"] if e["code"] == "EM_OPPS_USE_G0463")
    assert edit["message"] == (
        "99214 is not used for a Medicare hospital outpatient clinic visit: the institutional claim reports G0463"
    )
    assert "78 FR 74826" in edit["source"]
    assert result["status"] == "hold"
    assert "EM_OPPS_USE_G0463" not in edit_codes(code(visit("99214", setting="hospital_outpatient")))


def test_g0463_in_an_office_is_not_billed() -> None:
    result = code(visit("G0463"))
    assert "EM_G0463_NOT_OPPS" in edit_codes(result)
    assert "G0463" not in [line["code"] for line in result["lines"]]


def test_99211_is_not_reported_with_drug_administration() -> None:
    result = code(visit("99211"))
    edit = next(e for e in result["edits"] if e["code"] == "EM_99211_WITH_DRUG_ADMINISTRATION")
    assert "NCCI Policy Manual" in edit["source"]
    assert "99211" not in [line["code"] for line in result["lines"]]
    alone = code(visit("99211", chemo_admin=[]))
    assert alone["lines"][0]["code"] == "99211"
