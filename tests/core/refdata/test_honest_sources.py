"""Issue 7 classes 9 and 10: complete OPPS indicators (or a note), unverified settings named,
sources that name real documents, no invented dates."""

from __future__ import annotations

import re
from pathlib import Path

from coolclaim import bootstrap
from coolclaim.refdata.loader import package_dir
from tests.core.factories import code, edit_codes, on_day, session

INTERNAL_LABEL = re.compile(r"seed (code )?report|seed code|coolclaim domain|\bseeds?\b", re.IGNORECASE)


def test_no_source_cites_an_internal_label() -> None:
    ref = bootstrap.refdata()
    sources = [c.source for c in ref.codes.values()] + [e.source for e in ref.edits.values()]
    sources += [s.source for s in ref.settings.values()] + [p.source for p in ref.policies]
    sources += [m.source for m in ref.mandates]
    offenders = [s for s in sources if INTERNAL_LABEL.search(s)]
    assert offenders == []


def test_no_data_file_cites_the_seed_reports() -> None:
    for path in (package_dir() / "data").glob("*.yaml"):
        assert "seed report" not in path.read_text().casefold(), path.name


def test_shown_sources_of_the_97009_rules_name_the_document() -> None:
    result = code(session(documentation=None))
    edit = next(e for e in result["edits"] if e["code"] == "DOCUMENTATION_INCOMPLETE")
    assert edit["source"].startswith("Coding Ahead, code page 'CPT 97009'")
    assert "date unknown" in edit["source"]


def test_legacy_codes_have_no_invented_start_date() -> None:
    ref = bootstrap.refdata()
    legacy = {c: info.effective_from for c, info in ref.codes.items() if info.kind == "legacy"}
    assert legacy == dict.fromkeys(("A9273", "E1399", "A9282", "97039", "97010"))
    text = (package_dir() / "data" / "codes.yaml").read_text()
    assert "1990-01-01" not in text
    assert text.count('effective_from_note: "date unknown"') == 5


def test_every_year_a_cooling_code_was_valid_has_its_indicator_or_a_note() -> None:
    result = code(on_day("2021-08-03", "-04:00", setting="hospital_outpatient", cap_fitting=True))
    notes = [e["message"] for e in result["edits"] if e["code"] == "OPPS_STATUS_UNKNOWN"]
    assert notes == [
        "The OPPS status indicator of 0662T for 2021 is not known to coolclaim: whether Medicare pays it separately in "
        "the hospital outpatient setting is not shown",
        "The OPPS status indicator of 0663T for 2021 is not known to coolclaim: whether Medicare pays it separately in "
        "the hospital outpatient setting is not shown",
    ]
    assert "OPPS_STATUS_UNKNOWN" not in edit_codes(code(on_day("2024-03-05", setting="hospital_outpatient")))


def test_the_97009_unit_rule_and_revenue_codes_are_named_as_settings() -> None:
    result = code(session(setting="hospital_outpatient"))
    edit = next(e for e in result["edits"] if e["code"] == "UNVERIFIED_SETTINGS")
    assert "97009 units counted each full 30 minutes (units_97009=full, unit_minutes_97009=30)" in edit["message"]
    assert (
        "revenue codes chosen by setting, not by a CMS instruction: chemotherapy administration 0335, scalp cooling "
        "0761 (revenue_code_chemo_admin=0335, revenue_code_scalp_cooling=0761)"
    ) in edit["message"]
    office = next(e for e in code(session())["edits"] if e["code"] == "UNVERIFIED_SETTINGS")
    assert "revenue codes" not in office["message"]


def test_confidence_marks_are_from_the_known_set() -> None:
    for path in (package_dir() / "data").glob("*.yaml"):
        marks = set(re.findall(r"confidence: (\w+)", path.read_text()))
        assert marks <= {"P", "M", "S", "D", "U"}, path.name


def test_readme_says_how_a_year_is_added() -> None:
    readme = (Path(package_dir()) / "README.md").read_text()
    assert "coolclaim refdata load-icd10cm" in readme
    assert "--fiscal-year" in readme
