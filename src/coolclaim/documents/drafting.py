"""Facts in, an editable draft out; a user's edits applied under the PHI policy.

d = draft(DocumentKind.LETTER_OF_APPEAL, facts, issued_on=date(2026, 1, 9))
d.editable_texts()                      # {"opening": "...", "reason_1": "...", ...}
d = apply_edits(d, {"opening": "..."})  # PhiPolicyError / UnknownSectionError
pdf = render_pdf(d)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date

from coolclaim import bootstrap
from coolclaim.documents import (
    appeal_checklist,
    claim_filing_checklist,
    enrollment_form,
    letter_of_appeal,
    letter_of_medical_necessity,
    prior_authorization_checklist,
    summary_of_benefits,
)
from coolclaim.documents.context import Context
from coolclaim.documents.draft import Draft, Section
from coolclaim.documents.evidence import gather
from coolclaim.documents.facts import CaseFacts
from coolclaim.documents.kinds import DocumentKind
from coolclaim.documents.policy import MissingFactsError, check_text, minimum_necessary, missing, withheld_values
from coolclaim.refdata import RefData
from coolclaim.refdata.documents_data import DocumentRefData

COMPOSERS: Mapping[DocumentKind, Callable[[Context], Draft]] = {
    DocumentKind.LETTER_OF_MEDICAL_NECESSITY: letter_of_medical_necessity.compose,
    DocumentKind.LETTER_OF_APPEAL: letter_of_appeal.compose,
    DocumentKind.SUMMARY_OF_BENEFITS: summary_of_benefits.compose,
    DocumentKind.CLAIM_FILING_CHECKLIST: claim_filing_checklist.compose,
    DocumentKind.PRIOR_AUTHORIZATION_CHECKLIST: prior_authorization_checklist.compose,
    DocumentKind.APPEAL_CHECKLIST: appeal_checklist.compose,
    DocumentKind.ENROLLMENT_FORM: enrollment_form.compose,
}


class UnknownSectionError(ValueError):
    """An edit names a section the draft does not have, or one that is not editable."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def draft(
    kind: DocumentKind | str,
    facts: CaseFacts,
    *,
    issued_on: date,
    refdata: RefData | None = None,
    docref: DocumentRefData | None = None,
) -> Draft:
    """The document of `kind` written from the facts its recipient may receive.

    Raises MissingFactsError naming every required fact that is not known, and EstimateInputError
    (Summary of Benefits) naming every bad benefit or fee figure.
    """
    kind = DocumentKind(kind)
    refdata = refdata if refdata is not None else bootstrap.refdata()
    docref = docref if docref is not None else bootstrap.document_refdata()
    policy = docref.kinds[kind.value]
    kept = minimum_necessary(facts, policy)
    absent = missing(kept, policy)
    if absent:
        raise MissingFactsError(kind.value, absent)
    ctx = Context(
        kind=kind,
        policy=policy,
        facts=kept,
        issued_on=issued_on,
        refdata=refdata,
        docref=docref,
        evidence=gather(kept, refdata, docref),
        withheld=withheld_values(facts, kept),
    )
    return COMPOSERS[kind](ctx)


def apply_edits(d: Draft, edits: Mapping[str, str], docref: DocumentRefData | None = None) -> Draft:
    """The draft with the edited sections' text replaced (plain text; a blank line starts a paragraph).

    Every unknown or fixed section is named (UnknownSectionError); text that would carry a
    forbidden pattern (an SSN) or information withheld from this recipient is refused
    (PhiPolicyError). Sections not named keep their text.
    """
    docref = docref if docref is not None else bootstrap.document_refdata()
    sections = {s.key: s for s in d.sections()}
    problems = []
    for key in edits:
        if key not in sections:
            problems.append(f"{key}: no such section in the {d.kind.value}")
        elif not sections[key].editable:
            problems.append(f"{key}: this section is not editable")
    if problems:
        raise UnknownSectionError(problems)
    for key, text in edits.items():
        check_text(d.kind.value, key, text, docref, d.withheld)
    blocks = tuple(replace(b, text=edits[b.key]) if isinstance(b, Section) and b.key in edits else b for b in d.blocks)
    return d.with_blocks(blocks)
