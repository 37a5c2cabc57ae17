"""Every document as PDF, looked at page by page: count, ink, size, header, footer and who is named."""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path

import pytest

from coolclaim.documents import apply_edits, render_pdf
from tests.adapters.documents.case import DOCUMENTS, MEMBER_ID, PATIENT_NAME, document
from tests.adapters.documents.pdf_pages import Page, page_count, pages, require_poppler

EXPECTED_PAGES = {
    "letter_of_medical_necessity": 3,
    "letter_of_appeal": 3,
    "summary_of_benefits": 2,
    "claim_filing_checklist": 2,
    "prior_authorization_checklist": 2,
    "appeal_checklist": 1,
    "enrollment_form": 2,
    "enrollment_form_blank": 2,
}
# Documents that must name the patient (on page 1), and those that must not name her anywhere.
NAMED = ("letter_of_medical_necessity", "letter_of_appeal", "summary_of_benefits", "enrollment_form")
UNNAMED = ("claim_filing_checklist", "prior_authorization_checklist", "appeal_checklist", "enrollment_form_blank")
LETTER_PX = (340, 440)  # 8.5 x 11 in at 40 dpi


@cache
def pdf_of(name: str) -> bytes:
    return render_pdf(document(name))


@cache
def pages_of(name: str) -> tuple[Page, ...]:
    return tuple(pages(pdf_of(name)))


def test_named_and_unnamed_cover_every_document() -> None:
    assert sorted(NAMED + UNNAMED) == sorted(DOCUMENTS)
    assert sorted(EXPECTED_PAGES) == sorted(DOCUMENTS)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_page_count_size_and_no_blank_page(name: str, tmp_path: Path) -> None:
    found = pages_of(name)
    assert len(found) == EXPECTED_PAGES[name]
    assert page_count(pdf_of(name), tmp_path) == EXPECTED_PAGES[name]
    for page in found:
        assert (page.width, page.height) == LETTER_PX
        assert page.ink > 0.006, f"page {page.number} of {name} is blank"
        assert page.ink < 0.25, f"page {page.number} of {name} is mostly ink"


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_page_has_body_text_besides_its_header_and_footer(name: str) -> None:
    d = document(name)
    furniture = {d.letterhead.name, d.running_reference, *d.footer_note.split()}
    for page in pages_of(name):
        words = " ".join(page.text.split())
        for piece in sorted(furniture, key=len, reverse=True):
            words = words.replace(piece, " ") if piece else words
        words = words.replace(f"Page {page.number} of {len(pages_of(name))}", " ")
        assert len("".join(words.split())) > 40, f"page {page.number} of {name} holds only its header and footer"


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_page_is_numbered_and_carries_the_facility_after_the_first(name: str) -> None:
    found = pages_of(name)
    total = len(found)
    for page in found:
        assert f"Page {page.number} of {total}" in page.text
        if page.number > 1 and name != "enrollment_form_blank":
            assert "Bayou Oncology Infusion Center" in page.text.splitlines()[0]


@pytest.mark.parametrize("name", NAMED)
def test_the_patients_name_is_where_it_must_be(name: str) -> None:
    found = pages_of(name)
    assert PATIENT_NAME in found[0].text
    assert MEMBER_ID in found[0].text
    for page in found[1:]:
        assert PATIENT_NAME in page.text.splitlines()[0], f"running header of page {page.number}"


@pytest.mark.parametrize("name", UNNAMED)
def test_the_patients_name_is_nowhere_it_must_not_be(name: str) -> None:
    for page in pages_of(name):
        assert PATIENT_NAME not in page.text
        assert "Testpatient" not in page.text
        assert MEMBER_ID not in page.text
        assert "C50.412" not in page.text
        assert "1978" not in page.text


def test_the_summary_of_benefits_carries_no_diagnosis_and_the_estimate() -> None:
    text = "".join(p.text for p in pages_of("summary_of_benefits"))
    assert "C50" not in text
    assert "neoplasm" not in text.lower()
    assert "$1,364.20" in text


def test_edited_text_reaches_the_pdf_and_replaces_the_draft() -> None:
    original = document("letter_of_medical_necessity")
    edited = apply_edits(original, {"opening": "Edited by Dr Example on review: XQ-EDIT-7731.\n\nA second paragraph."})
    text = "".join(p.text for p in pages(render_pdf(edited)))
    assert "XQ-EDIT-7731" in text
    assert "A second paragraph." in text
    assert "I am writing to ask you to cover scalp cooling" not in text


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_pdf_metadata_names_the_document_not_the_patient(name: str, tmp_path: Path) -> None:
    require_poppler()
    source = tmp_path / "doc.pdf"
    source.write_bytes(pdf_of(name))
    info = subprocess.run(["pdfinfo", str(source)], check=True, capture_output=True, text=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Title"].strip() == document(name).title
    assert PATIENT_NAME not in info
    assert MEMBER_ID not in info
