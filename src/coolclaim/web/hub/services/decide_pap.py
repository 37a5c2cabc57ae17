"""The PAP decision: the screening core decides; its result is kept as the evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from coolclaim import bootstrap
from coolclaim.assistance import ScreeningResult, parse_application, screen
from coolclaim.web.accounts.permissions import Action, require
from coolclaim.web.hub.models import Case, PapDecision
from coolclaim.web.hub.services.cap_kit import promise_cap_kit
from coolclaim.web.hub.services.record_event import record_event


def application_for(case: Case, on: dt.date) -> dict[str, Any]:
    """A screening application prefilled from the case (income and household are the patient's to give)."""
    latest_bi = case.benefits.order_by("-completed_at").first()
    insurance = "none"
    if latest_bi is not None:
        insurance = {
            "covered": "covered",
            "not_covered": "insured_not_covered",
            "underinsured": "underinsured",
            "uninsured": "none",
        }[latest_bi.coverage]
    pa_status = None
    decided = case.authorizations.exclude(decision="").order_by("-decided_at").first()
    appeal = getattr(case, "appeal", None) if hasattr(case, "appeal") else None
    if appeal is not None and appeal.decision == "denied":
        pa_status = "denied_after_first_appeal"
        insurance = "insured_not_covered" if insurance == "covered" else insurance
    elif decided is not None and decided.decision == "denied":
        pa_status = "denied_appeal_pending" if decided.appeal_available else "denied_no_appeal"
        if not decided.appeal_available and insurance == "covered":
            insurance = "insured_not_covered"
    patient = case.patient
    return {
        "application_date": on.isoformat(),
        "state": patient.state or case.facility.state,
        "us_physical_address": bool(patient.address_line1),
        "household_size": 1,
        "household_income": "0",
        "product_cost": "0",
        "insurance": insurance,
        "pa_status": pa_status,
        "on_label_diagnosis": case.diagnosis.upper().startswith(("C", "D0")),
        "prescription": bool(case.prescriber),
        "facility_contracted": case.facility.contracted,
    }


def screen_application(application: dict[str, Any]) -> ScreeningResult:
    """Screen with the core (raises ``InvalidApplication`` naming every bad field)."""
    reference = bootstrap.screening_reference()
    return screen(parse_application(application, reference), reference)


def decide_pap(
    case: Case, application: dict[str, Any], *, decided_at: dt.datetime, actor: Any, reason: str = ""
) -> PapDecision:
    """Screen, record ``pap_decided`` (eligible = the manufacturer PAP's answer), keep the evidence."""
    require(actor, Action.WORK_HUB_CASE, case.facility_id)
    result = screen_application(application)
    pap = result.program("manufacturer_pap")
    with transaction.atomic():
        record_event(
            case,
            "pap_decided",
            decided_at,
            actor=actor,
            reason=reason
            or ("PAP eligible" + (f" ({pap.route})" if pap.route else "") if pap.eligible else "PAP not eligible"),
            payload={"eligible": pap.eligible},
        )
        decision = PapDecision.objects.create(
            case=case,
            decided_at=decided_at,
            eligible=pap.eligible,
            route=pap.route or "",
            application=application,
            result=result.as_dict(),
        )
        promise_cap_kit(decision)
        return decision
