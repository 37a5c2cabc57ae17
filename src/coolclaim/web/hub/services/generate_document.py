"""Documents on a hub case: the draft from the case's facts, the user's edits, the PDF, kept.

    d = draft_for(case, "letter_of_medical_necessity", on=today)   # MissingFactsError names gaps
    doc = generate_document(case, kind, edits={"opening": "..."}, actor=user, on=today)

The documents adapter applies the PHI policy to the draft (only what the recipient needs) and
to the edits (``PhiPolicyError``); what is stored is exactly what went into the PDF.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from coolclaim.documents import CaseFacts, DocumentKind, Draft, apply_edits, draft, render_pdf_pages
from coolclaim.web.accounts.permissions import Action, require
from coolclaim.web.hub.models import Case, GeneratedDocument
from coolclaim.web.hub.services.case_facts import facts_for


def draft_for(case: Case, kind: DocumentKind | str, *, on: dt.date) -> Draft:
    """The document of `kind` written from the case's facts, dated `on` (the case's local date)."""
    return draft(DocumentKind(kind), facts_for(case), issued_on=on)


def blank_enrollment_form(on: dt.date) -> Draft:
    """The enrollment form with nothing filled in (no case, no patient data)."""
    return draft(DocumentKind.ENROLLMENT_FORM, CaseFacts(), issued_on=on)


def _normalised(text: str) -> str:
    return "\n\n".join(p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip())


def changed_sections(d: Draft, edits: Mapping[str, str]) -> dict[str, str]:
    """Only the edits that change a section's text (blank-line paragraphs, line endings ignored)."""
    current = d.editable_texts()
    return {k: v for k, v in edits.items() if k not in current or _normalised(v) != _normalised(current[k])}


def generate_document(
    case: Case, kind: DocumentKind | str, *, edits: Mapping[str, str], actor: Any, on: dt.date
) -> GeneratedDocument:
    """Draft, apply the edits (PHI-checked), render the PDF and keep it on the case."""
    require(actor, Action.WORK_HUB_CASE, case.facility_id)
    original = draft_for(case, kind, on=on)
    changes = changed_sections(original, edits)
    final = apply_edits(original, changes)
    rendered = render_pdf_pages(final)
    pdf = rendered.data
    with transaction.atomic():
        return GeneratedDocument.objects.create(
            case=case,
            kind=final.kind.value,
            title=final.title,
            created_by=actor,
            issued_on=on,
            sections=final.editable_texts(),
            edited=sorted(changes),
            pdf=pdf,
            sha256=hashlib.sha256(pdf).hexdigest(),
            size=len(pdf),
            pages=rendered.pages,
        )


class TamperedDocument(RuntimeError):
    """A stored PDF no longer matches its SHA-256."""


def pdf_of(document: GeneratedDocument) -> bytes:
    """The stored PDF, checked against its SHA-256."""
    data = bytes(document.pdf)
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise TamperedDocument(f"document {document.pk}: the stored PDF does not match its SHA-256")
    return data
