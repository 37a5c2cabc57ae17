"""Issue 7 class 4: state mandates bind plans issued, delivered or renewed on or after their
date; Medicaid managed care is not fee-for-service Medicaid."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.factories import code, edit_codes, on_day


def test_without_a_renewal_date_the_answer_is_conditional_and_says_so() -> None:
    result = code(on_day("2026-06-02", "-04:00", facility_state="NY"))
    assert result["coverage"]["determination"] == "conditional"
    edit = next(e for e in result["edits"] if e["code"] == "STATE_MANDATE")
    assert (
        "provided the plan was issued or renewed on or after 2026-01-01 (renewal date not recorded)" in edit["message"]
    )


def test_a_renewal_after_the_effective_date_decides_it() -> None:
    result = code(on_day("2026-06-02", "-04:00", facility_state="NY", payer__plan_renewal_date="2026-03-01"))
    assert result["coverage"]["determination"] == "mandated"
    edit = next(e for e in result["edits"] if e["code"] == "STATE_MANDATE")
    assert "provided" not in edit["message"]


def test_a_renewal_before_the_effective_date_does_not_bind_yet() -> None:
    result = code(on_day("2026-06-02", "-04:00", facility_state="NY", payer__plan_renewal_date="2025-07-01"))
    edit = next(e for e in result["edits"] if e["code"] == "STATE_MANDATE_NOT_BINDING")
    assert edit["message"].startswith(
        "New York Insurance Law, Ch. 595 of 2024 (S2063-A/A38-A) as narrowed by S774/A430 (2025) does not bind this "
        "plan (the plan was last issued or renewed on 2025-07-01, before 2026-01-01"
    )
    assert result["coverage"]["determination"] == "unknown"


@settings(deadline=None, max_examples=25)
@given(st.dates())
def test_renewal_date_decides_binding_exactly_at_the_effective_date(renewal: object) -> None:
    result = code(on_day("2026-06-02", "-04:00", facility_state="NY", payer__plan_renewal_date=str(renewal)))
    from datetime import date

    assert isinstance(renewal, date)
    expected = "mandated" if renewal >= date(2026, 1, 1) else "unknown"
    assert result["coverage"]["determination"] == expected


def medicaid_md(delivery: str | None) -> dict[str, object]:
    payer = {"type": "medicaid", "name": None, "funding": None, "plan_state": None, "group_size": None}
    if delivery is not None:
        payer["medicaid_delivery"] = delivery
    return on_day("2027-02-02", facility_state="MD", payer=payer)


def test_a_managed_care_mandate_does_not_bind_fee_for_service_medicaid() -> None:
    ffs = code(medicaid_md("fee_for_service"))
    edit = next(e for e in ffs["edits"] if e["code"] == "STATE_MANDATE_NOT_BINDING")
    assert "the law reaches Medicaid managed-care only; this is fee-for-service Medicaid" in edit["message"]
    managed = code(medicaid_md("managed_care"))
    assert managed["coverage"]["determination"] == "mandated"
    unknown = code(medicaid_md(None))
    assert unknown["coverage"]["determination"] == "conditional"
    assert "the beneficiary is in Medicaid managed-care (delivery not recorded)" in next(
        e["message"] for e in unknown["edits"] if e["code"] == "STATE_MANDATE"
    )


def test_medicaid_delivery_is_only_for_medicaid() -> None:
    result = code(on_day("2027-02-02", facility_state="MD", payer__medicaid_delivery="managed_care"))
    assert result["status"] == "rejected"
    assert [e["field"] for e in result["errors"]] == ["payer.medicaid_delivery"]


def test_group_size_wording_reads_the_right_way_round() -> None:
    result = code(on_day("2026-06-02", "-04:00", facility_state="NY", payer__group_size="small"))
    edit = next(e for e in result["edits"] if e["code"] == "STATE_MANDATE_NOT_BINDING")
    assert "(the law applies to large group plans; this plan is small group)" in edit["message"]
    assert "STATE_MANDATE" not in edit_codes(result)
