"""Redaction-safe by default: each document carries only what its recipient needs."""

from __future__ import annotations

import dataclasses
from dataclasses import replace

import pytest

from coolclaim import bootstrap
from coolclaim.documents import (
    CaseFacts,
    DocumentKind,
    MissingFactsError,
    PhiPolicyError,
    Section,
    UnknownSectionError,
    apply_edits,
    draft,
    render_html,
)
from coolclaim.documents import facts as facts_module
from coolclaim.documents.facts import Patient, Plan, policy_fields
from coolclaim.documents.policy import minimum_necessary
from coolclaim.documents.sample_case import ISSUED_ON, synthetic_case
from tests.adapters.documents.case import MEMBER_ID, PATIENT_NAME, document

POLICY = bootstrap.document_refdata()
CHECKLISTS = (
    DocumentKind.CLAIM_FILING_CHECKLIST,
    DocumentKind.PRIOR_AUTHORIZATION_CHECKLIST,
    DocumentKind.APPEAL_CHECKLIST,
)


def test_the_policy_names_exactly_the_facts_there_are() -> None:
    assert set(POLICY.fields) == set(policy_fields())


def test_every_kind_has_a_policy_row() -> None:
    assert set(POLICY.kinds) == {k.value for k in DocumentKind}


def test_no_fact_can_hold_a_social_security_number() -> None:
    names = {
        f.name.casefold()
        for obj in vars(facts_module).values()
        if isinstance(obj, type) and dataclasses.is_dataclass(obj)
        for f in dataclasses.fields(obj)
    }
    assert "member_id" in names
    assert not {n for n in names if "ssn" in n or "social" in n}


def test_recipients_are_declared() -> None:
    recipients = {kind: policy.recipient for kind, policy in POLICY.kinds.items()}
    assert recipients == {
        "letter_of_medical_necessity": "payer",
        "letter_of_appeal": "payer",
        "summary_of_benefits": "patient",
        "claim_filing_checklist": "billing",
        "prior_authorization_checklist": "provider",
        "appeal_checklist": "provider",
        "enrollment_form": "hub",
    }


def test_payer_letters_carry_the_member_id() -> None:
    for kind in ("letter_of_medical_necessity", "letter_of_appeal"):
        assert "patient.member_id" in POLICY.kinds[kind].allowed
        assert "patient.member_id" in POLICY.kinds[kind].required


@pytest.mark.parametrize("kind", CHECKLISTS)
def test_a_checklist_receives_no_patient_and_no_diagnosis(kind: DocumentKind) -> None:
    kept = minimum_necessary(synthetic_case(), POLICY.kinds[kind.value])
    assert kept.patient is None
    assert kept.diagnoses == ()
    assert kept.regimen is None
    assert kept.device is None
    assert kept.benefits is None
    html = render_html(draft(kind, synthetic_case(), issued_on=ISSUED_ON))
    for withheld in (PATIENT_NAME, MEMBER_ID, "C50.412", "neoplasm", "1978", "docetaxel"):
        assert withheld not in html


def test_the_appeal_checklist_keeps_the_denial_codes_without_the_payers_wording() -> None:
    kept = minimum_necessary(synthetic_case(), POLICY.kinds["appeal_checklist"])
    assert kept.denial is not None
    assert [(r.code, r.text) for r in kept.denial.reasons] == [("EXPERIMENTAL", ""), ("CARC 50", "")]
    assert kept.denial.reference is None
    html = render_html(document("appeal_checklist"))
    assert "policy MP-118" not in html
    assert "PA-26-0044871" not in html


def test_the_summary_of_benefits_keeps_no_diagnosis_nor_birth_date() -> None:
    kept = minimum_necessary(synthetic_case(), POLICY.kinds["summary_of_benefits"])
    assert kept.patient == Patient(name=PATIENT_NAME, birth_date=None, member_id=MEMBER_ID)
    assert kept.diagnoses == ()
    assert kept.denial is None


def test_payer_letters_keep_no_home_address_or_phone() -> None:
    kept = minimum_necessary(synthetic_case(), POLICY.kinds["letter_of_appeal"])
    assert kept.patient is not None
    assert kept.patient.address is None
    assert kept.patient.phone is None
    html = render_html(document("letter_of_appeal"))
    assert "Magnolia" not in html
    assert "225-555-0199" not in html


def test_an_ssn_in_an_edit_is_refused_naming_the_section() -> None:
    d = document("letter_of_appeal")
    with pytest.raises(PhiPolicyError) as caught:
        apply_edits(d, {"opening": "Member 123-45-6789 asks again.", "request": "Fine."})
    assert caught.value.problems == ["opening: contains a Social Security number, which no document may carry"]


def test_a_withheld_name_cannot_come_back_through_an_edit() -> None:
    d = document("claim_filing_checklist")
    with pytest.raises(PhiPolicyError) as caught:
        apply_edits(d, {"notes": f"Called about ada testpatient ({MEMBER_ID}), dx C50.412, born 4/12/1978."})
    assert caught.value.problems == [
        "notes: contains the patient's name, which this document's recipient must not receive",
        "notes: contains the member id, which this document's recipient must not receive",
        "notes: contains the birth date, which this document's recipient must not receive",
        "notes: contains a diagnosis, which this document's recipient must not receive",
    ]


def test_unknown_and_fixed_sections_are_named() -> None:
    d = document("letter_of_medical_necessity")
    with pytest.raises(UnknownSectionError) as caught:
        apply_edits(d, {"nope": "x", "re": "y", "opening": "fine"})
    assert caught.value.problems == [
        "nope: no such section in the letter_of_medical_necessity",
        "re: no such section in the letter_of_medical_necessity",
    ]


def test_a_fixed_section_cannot_be_edited() -> None:
    d = document("summary_of_benefits")
    blocks = tuple(replace(b, editable=False) if isinstance(b, Section) and b.key == "help" else b for b in d.blocks)
    fixed = replace(d, blocks=blocks)
    with pytest.raises(UnknownSectionError) as caught:
        apply_edits(fixed, {"help": "x"})
    assert caught.value.problems == ["help: this section is not editable"]


def test_edited_text_is_escaped() -> None:
    d = apply_edits(document("letter_of_medical_necessity"), {"opening": '<script>alert("x")</script> & more'})
    html = render_html(d)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; more" in html


def test_editable_sections_of_the_appeal_answer_each_reason() -> None:
    keys = list(document("letter_of_appeal").editable_texts())
    assert keys == [
        "opening",
        "reason_1",
        "reason_2",
        "treatment_plan",
        "device",
        "safety",
        "guidelines",
        "coverage",
        "evidence",
        "request",
    ]


def test_an_ssn_reaching_the_facts_stops_rendering() -> None:
    facts = replace(synthetic_case(), plan=Plan(name="Plan of 123-45-6789"))
    d = draft(DocumentKind.LETTER_OF_MEDICAL_NECESSITY, facts, issued_on=ISSUED_ON)
    with pytest.raises(PhiPolicyError) as caught:
        render_html(d)
    assert caught.value.problems == ["document: contains a Social Security number, which no document may carry"]


def test_missing_facts_are_all_named() -> None:
    facts = CaseFacts(patient=Patient(name=PATIENT_NAME, birth_date=None, member_id=None))
    with pytest.raises(MissingFactsError) as caught:
        draft(DocumentKind.LETTER_OF_APPEAL, facts, issued_on=ISSUED_ON)
    assert caught.value.missing == [
        "patient.birth_date",
        "patient.member_id",
        "payer",
        "prescriber",
        "facility",
        "diagnoses",
        "regimen",
        "course",
        "device",
        "denial",
    ]


def test_a_planned_code_without_a_fee_is_named() -> None:
    case = synthetic_case()
    facts = replace(case, fees=case.fees[:2])
    with pytest.raises(MissingFactsError) as caught:
        draft(DocumentKind.SUMMARY_OF_BENEFITS, facts, issued_on=ISSUED_ON)
    assert caught.value.missing == ["fees.97009"]


def test_the_blank_enrollment_form_has_empty_fields() -> None:
    html = render_html(document("enrollment_form_blank"))
    assert html.count('<div class="value"></div>') == 24
    assert PATIENT_NAME not in html
