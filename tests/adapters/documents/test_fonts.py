"""The lean fonts: built once, small, served only to the documents' own URLs, with fallback."""

from __future__ import annotations

import pytest

from coolclaim.documents import apply_edits, render_pdf
from coolclaim.documents.fonts import FACES, SCHEME, font_bytes, font_face_rules, lean_faces
from coolclaim.documents.rendering import _fetch
from tests.adapters.documents.case import document
from tests.adapters.documents.pdf_pages import pages


def test_every_face_is_found_and_lean() -> None:
    built = lean_faces()
    assert [face for face, _ in built] == list(FACES)
    for _, data in built:
        assert 10_000 < len(data) < 120_000
    assert font_face_rules().count("@font-face") == len(FACES)


def test_font_urls_serve_only_the_lean_faces() -> None:
    assert font_bytes(f"{SCHEME}:0") == lean_faces()[0][1]
    assert font_bytes(f"{SCHEME}:{len(FACES)}") is None
    assert font_bytes(f"{SCHEME}:x") is None
    assert font_bytes("file:///etc/passwd") is None
    with pytest.raises(ValueError, match="refused"):
        _fetch("https://example.org/font.ttf")


def test_a_character_outside_the_lean_set_falls_back_to_the_system_font() -> None:
    d = document("letter_of_medical_necessity")
    opening = next(s for s in d.sections() if s.editable)
    edited = apply_edits(d, {opening.key: "Dose ≥ 75 mg/m² (Ωmega test)."})
    text = "".join(page.text for page in pages(render_pdf(edited)))
    assert "Dose ≥ 75 mg/m² (Ωmega test)." in text


def test_the_pdf_is_small() -> None:
    pdf = render_pdf(document("appeal_checklist"))
    assert len(pdf) < 60_000
