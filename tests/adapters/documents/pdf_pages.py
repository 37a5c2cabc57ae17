"""Looks at PDFs the way a reader would: poppler's pdftoppm (PNG pages) and pdftotext.

Without poppler-utils the tests that need it skip with a visible reason, except under CI=true
where a missing tool fails (scripts/ensure-poppler.sh installs it).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from tests.requirements import require

TOOLS = ("pdftoppm", "pdftotext", "pdfinfo")


def require_poppler() -> None:
    absent = [tool for tool in TOOLS if shutil.which(tool) is None]
    require(not absent, f"needs poppler-utils ({', '.join(absent)} not found; run scripts/ensure-poppler.sh)")


@dataclass(frozen=True)
class Page:
    number: int
    png: Path
    width: int
    height: int
    ink: float  # share of pixels that are not near-white
    text: str


def pages(pdf: bytes, workdir: Path | None = None, dpi: int = 40) -> list[Page]:
    """Every page as a grey PNG (pdftoppm) with its share of ink and its text (pdftotext)."""
    require_poppler()
    base = workdir or Path(tempfile.mkdtemp(prefix="coolclaim-pdf-"))
    source = base / "document.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), str(base / "page")], check=True)
    pngs = sorted(base.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    out = []
    for number, png in enumerate(pngs, start=1):
        with Image.open(png) as image:
            grey = image.convert("L")
            histogram = grey.histogram()
            total = grey.width * grey.height
            ink = sum(histogram[:200]) / total
            width, height = grey.size
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(source), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        out.append(Page(number, png, width, height, ink, text))
    return out


def page_count(pdf: bytes, workdir: Path) -> int:
    require_poppler()
    source = workdir / "count.pdf"
    source.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(source)], check=True, capture_output=True, text=True).stdout
    line = next(x for x in info.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])
