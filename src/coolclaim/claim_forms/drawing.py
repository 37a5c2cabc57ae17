"""Drawing numbered form boxes with ReportLab: a label in small capitals, the value in a fixed font.

Coordinates are points from the page's top-left corner (the way forms are measured); the
drawing turns them into PDF coordinates. Values that do not fit are shrunk to 6 pt, then cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import LETTER
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

PAGE_WIDTH, PAGE_HEIGHT = LETTER
MARGIN = 24.0
LABEL_FONT = "Helvetica"
LABEL_SIZE = 5.2
VALUE_FONT = "Courier-Bold"
VALUE_SIZE = 8.5
FORM_COLOUR = (0.55, 0.1, 0.1)  # a dark red for rules and labels; the values print black


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float  # top edge, from the top of the page
    width: float
    height: float
    label: str


def _fit(text: str, width: float, size: float) -> tuple[str, float]:
    while size > 6 and stringWidth(text, VALUE_FONT, size) > width:
        size -= 0.5
    while text and stringWidth(text, VALUE_FONT, size) > width:
        text = text[:-1]
    return text, size


class FormPage:
    """One page of a form being drawn on `canvas`."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas

    def top(self, y: float) -> float:
        return PAGE_HEIGHT - y

    def box(self, box: Box, values: Sequence[str] = (), *, align: str = "left", label_lines: int = 1) -> None:
        c = self.canvas
        c.setStrokeColorRGB(*FORM_COLOUR)
        c.setLineWidth(0.6)
        c.rect(box.x, self.top(box.y + box.height), box.width, box.height)
        c.setFillColorRGB(*FORM_COLOUR)
        for n, part in enumerate(box.label.split("\n")[:label_lines] if label_lines > 1 else [box.label]):
            size = LABEL_SIZE
            while size > 3.6 and stringWidth(part, LABEL_FONT, size) > box.width - 3:
                size -= 0.2
            c.setFont(LABEL_FONT, size)
            c.drawString(box.x + 2, self.top(box.y + 6 + n * 6), part)
        c.setFillColorRGB(0, 0, 0)
        first = box.y + 7 + 6 * max(label_lines, 1) + 1
        self.values(box.x + 3, first, box.width - 6, values, align=align)

    def rule_box(self, x: float, y: float, width: float, height: float) -> None:
        self.canvas.setStrokeColorRGB(*FORM_COLOUR)
        self.canvas.setLineWidth(0.6)
        self.canvas.rect(x, self.top(y + height), width, height)

    def values(
        self, x: float, first_baseline: float, width: float, values: Sequence[str], *, align: str = "left"
    ) -> None:
        c = self.canvas
        for n, value in enumerate(values):
            text, size = _fit(value, width, VALUE_SIZE)
            c.setFont(VALUE_FONT, size)
            y = self.top(first_baseline + n * 9.5)
            if align == "right":
                c.drawRightString(x + width, y, text)
            elif align == "centre":
                c.drawCentredString(x + width / 2, y, text)
            else:
                c.drawString(x, y, text)

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        font: str = "Helvetica-Bold",
        size: float = 10,
        colour: tuple[float, float, float] = FORM_COLOUR,
    ) -> None:
        self.canvas.setFillColorRGB(*colour)
        self.canvas.setFont(font, size)
        self.canvas.drawString(x, self.top(y), text)
        self.canvas.setFillColorRGB(0, 0, 0)

    def right_text(self, x: float, y: float, text: str, *, size: float = 7) -> None:
        self.canvas.setFillColorRGB(*FORM_COLOUR)
        self.canvas.setFont(LABEL_FONT, size)
        self.canvas.drawRightString(x, self.top(y), text)
        self.canvas.setFillColorRGB(0, 0, 0)


def row(y: float, height: float, *cells: tuple[float, str]) -> list[Box]:
    """Boxes side by side from the left margin: (width, label) each."""
    out, x = [], MARGIN
    for width, label in cells:
        out.append(Box(x, y, width, height, label))
        x += width
    return out
