"""Signals of the hub app (news for the apps above it: the queue) and its answers to the
clinic's page signals, connected once by ``HubConfig.ready``."""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal

from coolclaim.web.clinic import signals as clinic_signals

#: Sent with ``case_ids`` after cases' events or snapshots changed (a new event, the daily
#: overdue check). The queue app keeps its hub items from it.
cases_changed = Signal()

#: What a nurse or a biller needs to know about the authorization, by case state.
PA_STATUS = {
    "bi_pending": "benefits investigation under way",
    "pa_required": "prior authorization required, not yet submitted",
    "pa_pending": "prior authorization pending with the payer",
    "appeal_possible": "prior authorization denied; an appeal is possible",
    "appeal_pending": "prior authorization denied; appeal pending",
    "pap_screening": "not covered; patient assistance screening",
}


def on_patient_panels_requested(sender: Any, user: Any, patient: Any, **kwargs: Any) -> clinic_signals.Panel | None:
    """The patient's hub cases (status, PA status, next due) for the patient and claim pages."""
    from coolclaim.web.hub.models import Case

    cases = list(
        Case.objects.for_user(user).filter(patient_id=patient.pk).select_related("owner").order_by("-created_at")
    )
    if not cases:
        return None
    rows = []
    for case in cases:
        if case.state == "closed":
            status = {
                "covered": "covered",
                "pap": "not covered; patient assistance program: the patient pays nothing",
                "self_pay": "not covered; self-pay",
                "withdrawn": "withdrawn",
            }.get(case.outcome, case.outcome)
        else:
            status = PA_STATUS.get(case.state, case.state)
        warning = case.state in ("pa_required", "pa_pending", "appeal_possible", "appeal_pending") or (
            case.state == "closed" and case.outcome != "covered"
        )
        rows.append({"case": case, "status": status, "warning": warning})
    return clinic_signals.Panel("hub/_case_status.html", {"rows": rows}, read=cases)


def connect_receivers() -> None:
    clinic_signals.patient_panels_requested.connect(on_patient_panels_requested, dispatch_uid="hub.patient_panels")
