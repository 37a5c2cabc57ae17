"""Draft -> HTML (Jinja2, autoescaped) -> PDF bytes (WeasyPrint), offline.

One print stylesheet for every document (US letter, margins, the facility in the header,
"Page n of m" in the footer). The rendered text is checked against the PHI policy once more
before it leaves: no document carries a forbidden pattern, whatever reached the draft.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2

from coolclaim import bootstrap
from coolclaim.documents.display import long_date
from coolclaim.documents.draft import Checklist, Draft, Facts, FormGroup, Section, Table
from coolclaim.documents.fonts import font_bytes, font_face_rules
from coolclaim.documents.policy import check_text
from coolclaim.refdata.documents_data import DocumentRefData

_TAGS = re.compile(r"<[^>]+>")


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("coolclaim.documents", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = long_date
    env.tests["section"] = lambda b: isinstance(b, Section)
    env.tests["table"] = lambda b: isinstance(b, Table)
    env.tests["facts"] = lambda b: isinstance(b, Facts)
    env.tests["checklist"] = lambda b: isinstance(b, Checklist)
    env.tests["form_group"] = lambda b: isinstance(b, FormGroup)
    return env


def render_html(d: Draft, docref: DocumentRefData | None = None) -> str:
    """The document as one self-contained HTML page (the stylesheet inline, nothing to fetch)."""
    return _html(d, docref, inline_stylesheet=True)


def _html(d: Draft, docref: DocumentRefData | None, *, inline_stylesheet: bool) -> str:
    docref = docref if docref is not None else bootstrap.document_refdata()
    template = "letter.html" if d.letter is not None else "form.html"
    context: dict[str, Any] = {"d": d, "inline_stylesheet": inline_stylesheet}
    html = environment().get_template(template).render(context)
    check_text(d.kind.value, "document", _TAGS.sub(" ", html), docref, ())
    return html


def _fetch(url: str, *args: object, **kwargs: object) -> Any:
    """The documents' URL fetcher: the lean fonts from memory, and nothing else."""
    from weasyprint.urls import URLFetcherResponse

    body = font_bytes(url)
    if body is None:
        raise ValueError(f"documents fetch nothing: {url!r} refused")
    return URLFetcherResponse(url, body=body, headers={"Content-Type": "font/ttf"})


@dataclass(frozen=True, slots=True)
class _PdfSetup:
    stylesheet: Any  # weasyprint.CSS
    fonts: Any  # weasyprint.text.fonts.FontConfiguration


@cache
def _pdf_setup() -> _PdfSetup:
    """The print stylesheet and its fonts, parsed and registered once per process.

    Parsing the stylesheet per document cost ~15%; registering @font-face fonts per document
    would cost far more. One FontConfiguration holds the lean faces (see fonts.py) for every
    PDF this process writes.
    """
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    env = environment()
    assert env.loader is not None
    source = env.loader.get_source(env, "print.css")[0]
    font_config = FontConfiguration()
    css = weasyprint.CSS(string=font_face_rules() + source, url_fetcher=_fetch, font_config=font_config)
    return _PdfSetup(css, font_config)


_PDF_LOCK = threading.Lock()  # one FontConfiguration is shared: one PDF at a time per process


@dataclass(frozen=True, slots=True)
class RenderedPdf:
    data: bytes
    pages: int


def render_pdf(d: Draft, docref: DocumentRefData | None = None) -> bytes:
    """The document as PDF bytes: the same HTML as `render_html`, with the stylesheet pre-parsed."""
    return render_pdf_pages(d, docref).data


def render_pdf_pages(d: Draft, docref: DocumentRefData | None = None) -> RenderedPdf:
    """The PDF bytes with the number of pages laid out."""
    import weasyprint  # imported here: the HTML path does not need it

    html = _html(d, docref, inline_stylesheet=False)
    with _PDF_LOCK:
        setup = _pdf_setup()
        document = weasyprint.HTML(string=html, url_fetcher=_fetch).render(
            stylesheets=[setup.stylesheet], font_config=setup.fonts
        )
        pdf: bytes = document.write_pdf()
    return RenderedPdf(pdf, len(document.pages))
