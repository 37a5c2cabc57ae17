"""What the payer letters say, case by case, and that every citation has its reference."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from coolclaim.documents import DocumentKind, Section, draft, render_html
from coolclaim.documents.facts import Coverage, Denial, DenialReason, Diagnosis
from coolclaim.documents.sample_case import ISSUED_ON, synthetic_case
from tests.adapters.documents.case import DOCUMENTS, document


def _section(kind: DocumentKind, key: str, **changes: object) -> Section:
    d = draft(kind, replace(synthetic_case(), **changes), issued_on=ISSUED_ON)  # type: ignore[arg-type]
    return next(s for s in d.sections() if s.key == key)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_citation_has_its_reference_and_every_reference_is_cited(name: str) -> None:
    d = document(name)
    html = render_html(d)
    body = html.split('<section class="references">')[0]
    cited = sorted({int(n) for n in re.findall(r"\[(\d+)\]", body)})
    assert cited == [r.number for r in d.references]


def test_the_references_follow_the_reading_order_of_the_appeal() -> None:
    d = document("letter_of_appeal")
    assert [r.text for r in d.references] == [
        "FDA clearance letter K173032, 2018-06-07, read through a public copy",
        "2026 hospital chargemasters; Cooler Heads release on the 2026 Category I codes",
        "NCCN Guidelines, Breast Cancer: scalp cooling category 2A since 2019 (as published by the manufacturer)",
        "Louisiana Act 227 of 2025 (R.S. 22:1077.5): coverage when recommended by nationally recognised "
        "guidelines (NCCN 2A: breast, ovarian/fallopian/peritoneal)",
        "Nangia J, et al. JAMA 2017",
        "Rugo HS, et al. JAMA 2017",
        "Breast Cancer Res Treat 2021",
        "Brook et al. The Oncologist 2024",
    ]


def test_an_unknown_denial_code_is_answered_with_the_payers_wording() -> None:
    denial = Denial(decided_on=ISSUED_ON, reasons=(DenialReason("CARC 55", "Procedure deemed experimental."),))
    section = _section(DocumentKind.LETTER_OF_APPEAL, "reason_1", denial=denial)
    assert section.heading == "Reason 1: CARC 55 — Procedure deemed experimental."
    assert section.text.startswith("This reason is answered by the clinical case below: The Paxman Scalp Cooler")


def test_a_code_without_the_payers_wording_uses_ours() -> None:
    denial = Denial(decided_on=ISSUED_ON, reasons=(DenialReason("CARC 204", ""),))
    section = _section(DocumentKind.LETTER_OF_APPEAL, "reason_1", denial=denial)
    assert section.heading == "Reason 1: CARC 204 — not covered under the patient's current benefit plan"
    assert section.text.startswith("Louisiana HB 357, Act 227 of 2025 (R.S. 22:1077.5) requires plans like this one")


def test_no_state_law_no_coverage_paragraph() -> None:
    d = draft(
        DocumentKind.LETTER_OF_MEDICAL_NECESSITY,
        replace(synthetic_case(), coverage=Coverage()),
        issued_on=ISSUED_ON,
    )
    assert "coverage" not in d.editable_texts()
    assert "Louisiana" not in render_html(d)


def test_a_contraindicated_diagnosis_is_flagged_for_the_prescriber() -> None:
    diagnoses = (
        Diagnosis("C50.412", "Malignant neoplasm of upper-outer quadrant of left female breast"),
        Diagnosis("C79.31", "Secondary malignant neoplasm of brain"),
    )
    section = _section(DocumentKind.LETTER_OF_MEDICAL_NECESSITY, "safety", diagnoses=diagnoses)
    assert section.text == (
        "The diagnoses on record include central nervous system tumour, primary or secondary, which the device "
        "labelling lists among the conditions where scalp cooling is not recommended. [Prescriber: explain here why "
        "scalp cooling is still appropriate, or do not send this letter.]"
    )


def test_no_guideline_for_a_cancer_without_one() -> None:
    diagnoses = (Diagnosis("C18.9", "Malignant neoplasm of colon, unspecified"),)
    d = draft(
        DocumentKind.LETTER_OF_MEDICAL_NECESSITY,
        replace(synthetic_case(), diagnoses=diagnoses),
        issued_on=ISSUED_ON,
    )
    assert "guidelines" not in d.editable_texts()
    assert "NCCN" not in render_html(d)
    assert "Louisiana" not in render_html(d)  # the state law names breast and ovarian cancers only
    assert "K173032" in d.editable_texts()["device"]  # solid tumours: the 2018 clearance


def test_the_device_paragraph_says_so_when_no_clearance_fits() -> None:
    diagnoses = (Diagnosis("C91.00", "Acute lymphoblastic leukemia not having achieved remission"),)
    section = _section(DocumentKind.LETTER_OF_MEDICAL_NECESSITY, "device", diagnoses=diagnoses)
    assert "coolclaim found no FDA authorisation of this device whose indication names this diagnosis" in section.text
