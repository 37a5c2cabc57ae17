"""The hub's documents: letters, checklists, the Summary of Benefits and the enrollment form.

An adapter (no Django, no database): facts in, an editable draft, then HTML or PDF bytes.

    from coolclaim.documents import DocumentKind, draft, apply_edits, render_pdf
    d = draft(DocumentKind.LETTER_OF_MEDICAL_NECESSITY, facts, issued_on=today)
    d = apply_edits(d, {"opening": edited_text})
    pdf_bytes = render_pdf(d)
"""

from coolclaim.documents.draft import Draft, Section, Table
from coolclaim.documents.drafting import UnknownSectionError, apply_edits, draft
from coolclaim.documents.facts import CaseFacts
from coolclaim.documents.kinds import DocumentKind
from coolclaim.documents.policy import MissingFactsError, PhiPolicyError
from coolclaim.documents.rendering import RenderedPdf, render_html, render_pdf, render_pdf_pages

__all__ = [
    "CaseFacts",
    "DocumentKind",
    "Draft",
    "MissingFactsError",
    "PhiPolicyError",
    "RenderedPdf",
    "Section",
    "Table",
    "UnknownSectionError",
    "apply_edits",
    "draft",
    "render_html",
    "render_pdf",
    "render_pdf_pages",
]
