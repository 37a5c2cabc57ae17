"""Signals of the hub app (news for the apps above it: the queue) and its answers to the
clinic's page signals, connected once by ``HubConfig.ready``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db.models.signals import post_save
from django.dispatch import Signal

from coolclaim.web.billing import signals as billing_signals
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


#: The columns of a case the patient and claim pages' hub panel shows.
_PANEL_COLUMNS = (
    "id",
    "facility_id",
    "patient_id",
    "state",
    "outcome",
    "next_due",
    "overdue",
    "attention_kind",
    "attention_basis",
    "attention_due",
)


def on_patient_panels_requested(sender: Any, user: Any, patient: Any, **kwargs: Any) -> clinic_signals.Panel | None:
    """The patient's hub cases (status, PA status, next due) for the patient and claim pages."""
    from coolclaim.web.hub.models import Case

    cases = list(
        Case.objects.for_user(user)
        .filter(patient_id=patient.pk)
        .only(*_PANEL_COLUMNS)  # what the panel shows (its owner is not shown: not joined)
        .order_by("-created_at")
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


def on_claim_addenda_requested(
    sender: Any, sessions: Sequence[Any], units: Mapping[int, Mapping[str, int]], **kwargs: Any
) -> dict[int, Any]:
    """Billing stores coded sessions: the hub's edits and authorization number for their claims."""
    from coolclaim.web.hub.services.claim_addenda import addenda_for

    return addenda_for(sessions, units)


def on_claims_changed(sender: Any, session_ids: Iterable[int], **kwargs: Any) -> None:
    """Claims of a worked course changed (a session saved or coded): later sessions may now be
    beyond the authorized units, and the case's attention may change."""
    from coolclaim.web.hub.models import Case
    from coolclaim.web.hub.services.attention import refresh_attention
    from coolclaim.web.hub.services.sync_course_claims import is_syncing, sync_course_claims

    ids = list(session_ids)
    if not ids:
        return
    cases = Case.objects.filter(course__sessions__pk__in=ids).exclude(outcome="withdrawn").distinct()
    for case in cases.select_related("facility", "course").order_by("pk"):
        if is_syncing(case.pk):
            continue
        if case.course is not None:
            follow_regimen(case, case.course.regimen)  # a regimen changed by a bulk path (an import)
        sync_course_claims(case, reason="hub: the course's claims changed")
        refresh_attention(case)


def follow_regimen(case: Any, regimen: str) -> None:
    """The case takes its course's regimen; a change under an approved authorization opens a
    re-authorization step."""
    from coolclaim.web.hub.services.authorization_usage import approved_authorizations
    from coolclaim.web.hub.services.reauthorization import open_for_regimen_change

    before = case.regimen
    if before == regimen:
        return
    case.regimen = regimen
    case.save(update_fields=["regimen"])
    if before and approved_authorizations(case):
        open_for_regimen_change(case, before, regimen)


def on_course_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """The course's regimen changed under a case (the course form, the API)."""
    from coolclaim.web.hub.models import Case

    if created or kwargs.get("raw"):
        return
    cases = Case.objects.filter(course_id=instance.pk).exclude(outcome="withdrawn").exclude(regimen=instance.regimen)
    for case in cases.select_related("facility", "course"):
        follow_regimen(case, instance.regimen)


def connect_receivers() -> None:
    from coolclaim.web.clinic.models import Course

    clinic_signals.patient_panels_requested.connect(on_patient_panels_requested, dispatch_uid="hub.patient_panels")
    billing_signals.claim_addenda_requested.connect(on_claim_addenda_requested, dispatch_uid="hub.claim_addenda")
    billing_signals.claims_changed.connect(on_claims_changed, dispatch_uid="hub.claims_changed")
    post_save.connect(on_course_saved, sender=Course, dispatch_uid="hub.course_saved")
