"""What a document module writes from: the recipient's facts, the evidence, the issue date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coolclaim.documents.draft import Block, Citations, Draft, LetterFrame
from coolclaim.documents.evidence import CaseEvidence
from coolclaim.documents.facts import CaseFacts
from coolclaim.documents.kinds import DocumentKind
from coolclaim.documents.letter_parts import letterhead
from coolclaim.refdata.documents_data import DocumentRefData, KindPolicy
from coolclaim.refdata.model import RefData


@dataclass(frozen=True, slots=True)
class Context:
    kind: DocumentKind
    policy: KindPolicy
    facts: CaseFacts  # only what the policy allows
    issued_on: date
    refdata: RefData
    docref: DocumentRefData
    evidence: CaseEvidence
    withheld: tuple[tuple[str, str], ...]

    def make(
        self,
        blocks: tuple[Block, ...] | list[Block],
        running_reference: str,
        citations: Citations | None = None,
        letter: LetterFrame | None = None,
        footer_note: str = "",
    ) -> Draft:
        return Draft(
            kind=self.kind,
            title=self.policy.title,
            recipient=self.policy.recipient,
            issued_on=self.issued_on,
            letterhead=letterhead(self.facts.facility),
            running_reference=running_reference,
            blocks=tuple(blocks),
            references=citations.references() if citations is not None else (),
            letter=letter,
            footer_note=footer_note,
            withheld=self.withheld,
        )
