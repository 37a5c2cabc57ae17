"""Draft -> HTML (Jinja2, autoescaped) -> PDF bytes (WeasyPrint), offline.

One print stylesheet for every document (US letter, margins, the facility in the header,
"Page n of m" in the footer). The rendered text is checked against the PHI policy once more
before it leaves: no document carries a forbidden pattern, whatever reached the draft.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import jinja2

from coolclaim import bootstrap
from coolclaim.documents.display import long_date
from coolclaim.documents.draft import Checklist, Draft, Facts, FormGroup, Section, Table
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


def _refuse_fetch(url: str, *args: object, **kwargs: object) -> dict[str, Any]:
    raise ValueError(f"documents fetch nothing: {url!r} refused")


@cache
def _print_stylesheet() -> Any:
    """The print stylesheet parsed once per process (parsing it per document costs ~15%)."""
    import weasyprint

    env = environment()
    assert env.loader is not None
    source = env.loader.get_source(env, "print.css")[0]
    return weasyprint.CSS(string=source, url_fetcher=_refuse_fetch)


def render_pdf(d: Draft, docref: DocumentRefData | None = None) -> bytes:
    """The document as PDF bytes: the same HTML as `render_html`, with the stylesheet pre-parsed."""
    import weasyprint  # imported here: the HTML path does not need it

    html = _html(d, docref, inline_stylesheet=False)
    document = weasyprint.HTML(string=html, url_fetcher=_refuse_fetch)
    pdf: bytes = document.write_pdf(stylesheets=[_print_stylesheet()])
    return pdf
