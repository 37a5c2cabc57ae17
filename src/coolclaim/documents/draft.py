"""A document before it becomes a PDF: fixed blocks and editable prose sections.

The flow: facts -> `draft()` -> a `Draft` whose editable sections a user may review and change
(`apply_edits`) -> `render_html` / `render_pdf`. Edited text is plain text (a blank line starts
a new paragraph); it is escaped when rendered and checked against the PHI policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from coolclaim.documents.kinds import DocumentKind


@dataclass(frozen=True, slots=True)
class Section:
    """Prose. `editable` sections are what a user may rewrite before the PDF is made."""

    key: str
    heading: str | None
    text: str
    editable: bool = True

    def paragraphs(self) -> tuple[str, ...]:
        parts = [p.strip() for p in self.text.replace("\r\n", "\n").split("\n\n")]
        return tuple(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class Table:
    key: str
    heading: str | None
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None  # a last, emphasised row
    numeric: tuple[int, ...] = ()  # right-aligned column indexes
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Facts:
    """Label and value pairs (the "Re:" block of a letter, the case block of a checklist)."""

    key: str
    heading: str | None
    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Checklist:
    """Items to tick (`boxes`) or a plain list of points."""

    key: str
    heading: str | None
    items: tuple[str, ...]
    boxes: bool = True


@dataclass(frozen=True, slots=True)
class FormField:
    label: str
    value: str | None  # None: a blank line to fill in by hand
    wide: bool = False


@dataclass(frozen=True, slots=True)
class FormGroup:
    key: str
    heading: str
    fields: tuple[FormField, ...]


Block = Section | Table | Facts | Checklist | FormGroup


@dataclass(frozen=True, slots=True)
class Letterhead:
    name: str
    lines: tuple[str, ...]  # address and contact lines


@dataclass(frozen=True, slots=True)
class LetterFrame:
    addressee: tuple[str, ...]
    salutation: str
    closing: str
    signature: tuple[str, ...]
    enclosures: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Reference:
    number: int
    text: str


@dataclass(frozen=True, slots=True)
class Draft:
    kind: DocumentKind
    title: str
    recipient: str
    issued_on: date
    letterhead: Letterhead
    running_reference: str  # printed in the header of every page after the first
    blocks: tuple[Block, ...]
    references: tuple[Reference, ...] = ()
    letter: LetterFrame | None = None
    footer_note: str = ""
    # What the recipient must not receive (kept to refuse edits that would bring it back).
    withheld: tuple[tuple[str, str], ...] = field(default=(), repr=False, compare=False)

    def sections(self) -> tuple[Section, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Section))

    def editable_texts(self) -> dict[str, str]:
        """The text of every editable section by key: what an edit form shows."""
        return {s.key: s.text for s in self.sections() if s.editable}

    def with_blocks(self, blocks: tuple[Block, ...]) -> Draft:
        return replace(self, blocks=blocks)


class Citations:
    """Numbers sources in order of first use: `cite(source)` returns "[n]"."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}

    def cite(self, source: str, confidence: str = "P") -> str:
        text = source if confidence != "U" else f"{source} (unverified)"
        if text not in self._numbers:
            self._numbers[text] = len(self._numbers) + 1
        return f"[{self._numbers[text]}]"

    def references(self) -> tuple[Reference, ...]:
        return tuple(Reference(n, text) for text, n in self._numbers.items())
