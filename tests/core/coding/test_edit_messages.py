"""The exact edits (code, severity, wording) and lines each coding rule produces.

The other coding tests check which edit codes appear; these check what the edit says, in
which order, and which lines the claim carries: a person acts on the message, so a wrong field
name, count, date or code in it is a wrong answer. The coverage judge's own edits are left out
(tests/core/coverage states them).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from coolclaim import bootstrap
from coolclaim.coding.contract_json import as_contract
from coolclaim.coding.engine import CodingEngine
from coolclaim.coding.history import CourseHistory
from tests.core.factories import assert_contract, code, code_batch, engine, on_day, session

UNVERIFIED = "Rules not confirmed in a primary source were applied as settings: "
UNITS_FULL = "97009 units counted each full 30 minutes (units_97009=full, unit_minutes_97009=30)"
CATEGORY_III_DELETED = "0662T/0663T are treated as deleted after 2025-12-31 (category_iii_after_2025=deleted)"
FITTING_PER_COURSE = "97007 is billed once per course (fitting_97007_frequency=per_course)"
#: The settings note of an ordinary 2026 session with post-infusion cooling.
USUAL = ("UNVERIFIED_SETTINGS", "info", UNVERIFIED + f"{UNITS_FULL}; {CATEGORY_III_DELETED}")
#: The same without 97009 (no post-infusion cooling time, or none billable).
WITHOUT_97009 = ("UNVERIFIED_SETTINGS", "info", UNVERIFIED + CATEGORY_III_DELETED)


def edits(result: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(e["code"], e["severity"], e["message"]) for e in result["edits"] if not e["code"].startswith("COVERAGE")]


def lines(result: dict[str, Any]) -> list[tuple[str, int, list[str], list[int], str | None]]:
    return [
        (line["code"], line["units"], line["modifiers"], line["diagnosis_pointers"], line.get("revenue_code"))
        for line in result["lines"]
    ]


def line(code_: str, units: int = 1, modifiers: tuple[str, ...] = (), revenue: str | None = None) -> tuple[Any, ...]:
    return (code_, units, list(modifiers), [1, 2], revenue)


class TestTiming:
    def test_every_missing_time_is_named_in_order(self) -> None:
        result = code(session(cooling_start=None, infusion_end=None, cooling_end=None))
        assert edits(result) == [
            (
                "TIMES_MISSING",
                "error",
                "cooling start, infusion end and cooling end not documented: the cooling lines cannot be timed,"
                " so they are held rather than guessed",
            ),
            WITHOUT_97009,
        ]
        assert lines(result) == [line("96413"), line("97008")]
        assert result["status"] == "hold"

    def test_one_missing_time_is_named_alone(self) -> None:
        result = code(session(cooling_end=None))
        assert edits(result)[0] == (
            "TIMES_MISSING",
            "error",
            "cooling end not documented: the cooling lines cannot be timed, so they are held rather than guessed",
        )

    def test_times_without_an_offset_are_named(self) -> None:
        result = code(session(cooling_end="2026-02-03T11:30:00", infusion_end="2026-02-03T10:00:00"))
        assert edits(result) == [
            (
                "TIMES_NO_OFFSET",
                "error",
                "infusion end and cooling end has no UTC offset (for example -05:00), so its duration cannot be"
                " computed on absolute time; the lines shown use the clock times as written",
            ),
            USUAL,
        ]
        assert result["status"] == "hold"

    def test_out_of_order_names_the_pair(self) -> None:
        result = code(session(infusion_start="2026-02-03T07:30:00-05:00"))
        assert edits(result) == [
            (
                "TIMES_OUT_OF_ORDER",
                "error",
                "The times are not in order (infusion start is before cooling start); expected cooling start"
                " ≤ infusion start ≤ infusion end ≤ cooling end",
            ),
            WITHOUT_97009,
        ]

    def test_a_state_of_two_zones_names_them(self) -> None:
        local = {
            "cooling_start": "2026-02-03T08:00:00",
            "infusion_start": "2026-02-03T08:30:00",
            "infusion_end": "2026-02-03T10:00:00",
            "cooling_end": "2026-02-03T11:30:00",
        }
        result = code(session(facility_state="IN", **local))
        assert edits(result)[1] == (
            "TIMEZONE_NEEDED",
            "error",
            "IN has more than one time zone (America/Indiana/Indianapolis, America/Chicago) and the facility's"
            " time zone was not given: record facility_timezone so the date of service is the facility's local date",
        )

    def test_an_offset_that_is_not_the_zones_is_named_with_the_zone(self) -> None:
        result = code(session(cooling_start="2026-02-03T08:00:00-06:00"))
        assert edits(result)[1] == (
            "TIMES_OFFSET_MISMATCH",
            "error",
            "cooling start: the UTC offset written does not match America/New_York at that moment; check the time"
            " (or the facility's time zone) before it is billed",
        )

    def test_cooling_dated_before_its_infusion_day(self) -> None:
        result = code(
            session(
                cooling_start="2026-02-03T23:00:00-05:00",
                infusion_start="2026-02-04T00:10:00-05:00",
                infusion_end="2026-02-04T01:00:00-05:00",
                cooling_end="2026-02-04T02:00:00-05:00",
            )
        )
        assert edits(result) == [
            (
                "ADDON_DATE_DIFFERS",
                "warning",
                "The scalp-cooling lines are dated 2026-02-03 but the infusion they accompany started on 2026-02-04:"
                " an add-on code is billed on the date of service of its primary procedure",
            ),
            USUAL,
        ]
        assert lines(result) == [line("96413"), line("97008"), line("97009", 2)]
        assert result["status"] == "ready"


class TestAdministrationList:
    def test_each_kind_of_listed_code_is_answered_in_list_order(self) -> None:
        listed = ["96413", "A9273", "97008", "99214", "J9045", "96360", "96401"]
        result = code(session(chemo_admin=[{"code": c, "units": 2 if c == "96413" else 1} for c in listed]))
        assert edits(result) == [
            (
                "CHEMO_INITIAL_UNITS",
                "warning",
                "96413 is an initial service, reported once per date of service; 2 units were given (use the add-on"
                " codes for additional drugs or hours)",
            ),
            (
                "LEGACY_CODE",
                "warning",
                "A9273 (Cold or hot therapy wrap or pad supply; Medicare statutorily non-covered (GY)) is not a"
                " scalp-cooling service code and is not billed; use 0662T/0663T (to 2025-12-31) or 97007/97008/97009"
                " (from 2026-01-01)",
            ),
            (
                "CODE_NOT_CHEMO_ADMIN",
                "warning",
                "97008 was listed as a chemotherapy administration code but is a scalp-cooling code; it is not billed"
                " from that list (coolclaim adds the cooling lines for the date itself)",
            ),
            (
                "CODE_NOT_CHEMO_ADMIN",
                "warning",
                "99214 was listed as a chemotherapy administration code but is an E/M visit code; it is not billed"
                " from that list (send it as em_visit so modifier 25 is judged)",
            ),
            (
                "DRUG_CODE_NOT_ADMINISTRATION",
                "warning",
                "J9045 is a drug code (HCPCS J-code), not an administration service: it is not billed from the"
                " administration list and is not a primary for the cooling codes; bill the drug on its own line",
            ),
            (
                "NOT_CHEMOTHERAPY_ADMINISTRATION",
                "info",
                "96360 (hydration by iv infusion, first hour) is not chemotherapy administration: it is billed as"
                " given but is not a primary for the scalp-cooling codes",
            ),
            (
                "CHEMO_CODE_UNRECOGNISED",
                "warning",
                "96401 is not one of the chemotherapy administration codes coolclaim knows (96409–96417); it is"
                " billed as given but does not count as a primary for the cooling codes",
            ),
            USUAL,
        ]
        assert lines(result) == [
            line("96413", 2),
            line("96360"),
            line("96401"),
            line("97008"),
            line("97009", 3),
        ]
        assert result["status"] == "ready"

    def test_an_add_on_initial_service_may_have_units(self) -> None:
        result = code(session(chemo_admin=[{"code": "96413", "units": 1}, {"code": "96415", "units": 2}]))
        assert edits(result) == [USUAL]
        assert lines(result) == [line("96413"), line("96415", 2), line("97008"), line("97009", 3)]


class TestVisit:
    def test_a_visit_that_is_not_separate_is_not_billed(self) -> None:
        result = code(session(em_visit={"code": "99214", "separately_identifiable": False}))
        assert edits(result) == [
            (
                "EM_NOT_SEPARATE",
                "error",
                "The E/M visit 99214 is not separately identifiable from the cooling and chemotherapy services:"
                " it is not billed",
            ),
            USUAL,
        ]
        assert lines(result) == [line("96413"), line("97008"), line("97009", 3)]

    def test_g0463_in_an_office(self) -> None:
        result = code(session(em_visit={"code": "G0463", "separately_identifiable": True}))
        assert edits(result)[0] == (
            "EM_G0463_NOT_OPPS",
            "error",
            "G0463 is the Medicare hospital outpatient (OPPS) clinic visit code; a physician office claim reports an"
            " office visit code (99202-99215): the visit is not billed",
        )
        assert [x[0] for x in lines(result)] == ["96413", "97008", "97009"]

    def test_99211_with_chemotherapy(self) -> None:
        result = code(session(em_visit={"code": "99211", "separately_identifiable": True}))
        assert edits(result) == [
            (
                "EM_99211_WITH_DRUG_ADMINISTRATION",
                "warning",
                "99211 is not reported with drug administration services (chemotherapy administration is billed on"
                " this date): the visit is not billed",
            ),
            USUAL,
        ]
        assert [x[0] for x in lines(result)] == ["96413", "97008", "97009"]

    def test_99211_without_chemotherapy_is_billed_first_with_25(self) -> None:
        result = code(session(chemo_admin=[], em_visit={"code": "99211", "separately_identifiable": True}))
        assert lines(result)[0] == ("99211", 1, ["25"], [1], None)
        assert "EM_99211_WITH_DRUG_ADMINISTRATION" not in [e[0] for e in edits(result)]

    def test_a_cpt_visit_on_a_medicare_hospital_claim_and_the_revenue_codes(self) -> None:
        result = code(
            session(
                setting="hospital_outpatient",
                facility_state="OH",
                payer={"type": "medicare"},
                em_visit={"code": "99214", "separately_identifiable": True},
            )
        )
        packaged = (
            "has OPPS status indicator N in 2026: packaged, no separate Medicare payment in the hospital outpatient"
            " setting (status indicator read from 2026 hospital price-transparency files: no separate rate"
            " (appears packaged); unverified)"
        )
        assert edits(result) == [
            (
                "EM_OPPS_USE_G0463",
                "error",
                "99214 is not used for a Medicare hospital outpatient clinic visit: the institutional claim reports"
                " G0463",
            ),
            ("OPPS_PACKAGED", "info", f"97008 {packaged}"),
            ("OPPS_PACKAGED", "info", f"97009 {packaged}"),
            (
                "UNVERIFIED_SETTINGS",
                "info",
                UNVERIFIED + f"{UNITS_FULL}; {CATEGORY_III_DELETED}; revenue codes chosen by setting, not by a CMS"
                " instruction: clinic visit 0510, chemotherapy administration 0335, scalp cooling 0761"
                " (revenue_code_chemo_admin=0335, revenue_code_em=0510, revenue_code_scalp_cooling=0761)",
            ),
        ]
        assert lines(result) == [
            ("99214", 1, ["25"], [1], "0510"),
            line("96413", revenue="0335"),
            line("97008", revenue="0761"),
            line("97009", 3, revenue="0761"),
        ]

    def test_a_hospital_session_without_a_visit_names_only_the_codes_it_used(self) -> None:
        result = code(session(setting="hospital_outpatient", chemo_admin=[]))
        note = next(e[2] for e in edits(result) if e[0] == "UNVERIFIED_SETTINGS")
        assert note.endswith(
            "; revenue codes chosen by setting, not by a CMS instruction: scalp cooling 0761"
            " (revenue_code_scalp_cooling=0761)"
        )


class TestCoolingLines:
    def test_no_code_before_july_2021(self) -> None:
        result = code(on_day("2021-06-30", "-04:00"))
        assert edits(result) == [
            (
                "NO_CODE_FOR_DATE",
                "error",
                "No scalp-cooling code is in force on 2021-06-30: the codes start on 2021-07-01, so there is nothing"
                " to bill for cooling on this date",
            )
        ]
        assert lines(result) == [line("96413")]
        assert "coverage" not in result  # no cooling code, nothing to judge coverage of

    def test_category_iii_forced_after_2025_is_deleted_and_names_the_replacements(self) -> None:
        result = code(session(cap_fitting=True), code_family="category_iii")
        deleted = (
            "is not in force on 2026-02-03 (deleted after 2025-12-31); bill 97007 / 97008 / 97009 instead, or change"
            " the setting category_iii_after_2025 if this payer still accepts it"
        )
        assert edits(result) == [
            ("CODE_DELETED", "error", f"0662T {deleted}"),
            ("CODE_DELETED", "error", f"0663T {deleted}"),
        ]
        assert lines(result) == [line("96413"), line("0662T"), line("0663T")]
        assert result["status"] == "hold"

    def test_category_iii_allowed_after_2025_by_setting(self) -> None:
        result = code(session(), code_family="category_iii", category_iii_after_2025="allowed")
        assert edits(result) == [
            (
                "CATEGORY_III_AFTER_2025",
                "warning",
                "0663T is billed for 2026-02-03 because the setting category_iii_after_2025 allows it; Category III"
                " scalp-cooling codes are normally replaced by 97007–97009 from 2026-01-01",
            )
        ]
        assert result["status"] == "ready"

    def test_the_settings_note_says_when_category_iii_is_allowed(self) -> None:
        result = code(session(), category_iii_after_2025="allowed")
        assert edits(result) == [
            (
                "UNVERIFIED_SETTINGS",
                "info",
                UNVERIFIED
                + f"{UNITS_FULL}; 0662T/0663T are allowed after 2025-12-31 (category_iii_after_2025=allowed)",
            )
        ]

    def test_a_second_fitting_names_the_first(self) -> None:
        first = on_day("2026-02-03", cap_fitting=True, session_id="A")
        second = on_day("2026-02-24", cap_fitting=True, session_id="B")
        later, earlier = code_batch([second, first])
        settings = (
            "UNVERIFIED_SETTINGS",
            "info",
            UNVERIFIED + f"{FITTING_PER_COURSE}; {UNITS_FULL}; {CATEGORY_III_DELETED}",
        )
        assert edits(earlier) == [settings]
        assert lines(earlier) == [line("96413"), line("97007"), line("97008"), line("97009", 3)]
        assert edits(later) == [
            (
                "FITTING_ALREADY_BILLED",
                "error",
                "The cap fitting was already billed in this course (97007 on 2026-02-03); 97007 is billed once per"
                " course, so no second fitting line",
            ),
            settings,
        ]
        assert lines(later) == [line("96413"), line("97008"), line("97009", 3)]

    @pytest.mark.parametrize(
        ("post_minutes", "units", "remainder"),
        [
            (25, 0, "25 minutes of post-infusion cooling (less than one full 30-minute unit) are not billable"),
            (104, 3, "14 minutes of post-infusion cooling beyond the last full 30-minute unit are not billable"),
            (90, 3, None),
        ],
    )
    def test_post_infusion_units_and_the_remainder(self, post_minutes: int, units: int, remainder: str | None) -> None:
        result = code(on_day("2026-01-14", post_minutes=post_minutes))
        expected = [] if remainder is None else [("POST_COOLING_REMAINDER", "info", remainder)]
        assert edits(result) == [*expected, USUAL]
        assert lines(result) == [line("96413"), line("97008"), *([line("97009", units)] if units else [])]

    def test_long_post_infusion_cooling_and_units_above_typical(self) -> None:
        result = code(on_day("2026-01-21", post_minutes=241))
        assert edits(result) == [
            (
                "POST_COOLING_REMAINDER",
                "info",
                "1 minutes of post-infusion cooling beyond the last full 30-minute unit are not billable",
            ),
            (
                "POST_COOLING_LONG",
                "warning",
                "Post-infusion cooling lasted 241 minutes, longer than 180: check the documented end time",
            ),
            (
                "UNITS_ABOVE_TYPICAL",
                "warning",
                "97009 has 8 units, more than 6: no medically unlikely edit value is published, check the times"
                " before billing",
            ),
            (
                "UNVERIFIED_SETTINGS",
                "info",
                UNVERIFIED + f"warning above 6 units (units_97009_warn_above=6); {UNITS_FULL}; {CATEGORY_III_DELETED}",
            ),
        ]
        assert lines(result)[-1] == line("97009", 8)

    @pytest.mark.parametrize(
        ("cooling_end", "said"),
        [
            ("2026-01-21T13:00:00-05:00", None),  # exactly 180 minutes: not long
            ("2026-01-21T13:00:01-05:00", "180.02"),  # one second over: long, in exact minutes
            ("2026-01-21T13:01:00-05:00", "181"),
        ],
    )
    def test_long_is_judged_on_exact_seconds(self, cooling_end: str, said: str | None) -> None:
        record = on_day("2026-01-21")
        record["cooling_end"] = cooling_end
        result = code(record)
        found = [e[2] for e in edits(result) if e[0] == "POST_COOLING_LONG"]
        expected = [f"Post-infusion cooling lasted {said} minutes, longer than 180: check the documented end time"]
        assert found == ([] if said is None else expected)

    def test_six_units_are_typical_seven_are_not(self) -> None:
        six = code(on_day("2026-01-21", post_minutes=180))
        seven = code(on_day("2026-01-21", post_minutes=210))
        assert [e[0] for e in edits(six)] == ["UNVERIFIED_SETTINGS"]
        assert [e[0] for e in edits(seven)] == ["POST_COOLING_LONG", "UNITS_ABOVE_TYPICAL", "UNVERIFIED_SETTINGS"]


class TestDocumentationAndDiagnoses:
    def test_every_missing_item_is_named(self) -> None:
        result = code(
            session(
                documentation={
                    "order_verified": False,
                    "contraindications_screened": False,
                    "tolerance_monitored": False,
                    "scalp_assessed": False,
                },
                device={"model": "Paxman PSCS", "serial": None, "cap_lot": None},
            )
        )
        assert edits(result)[:2] == [
            (
                "DOCUMENTATION_INCOMPLETE",
                "error",
                "Required documentation is missing: physician order verified, contraindications screened,"
                " device serial number",
            ),
            (
                "DOCUMENTATION_RECOMMENDED",
                "warning",
                "Documentation a reviewer expects is missing: patient tolerance monitored, scalp assessed at removal,"
                " cap lot",
            ),
        ]

    @pytest.mark.parametrize(
        ("missing", "incomplete", "recommended"),
        [
            ("order_verified", "physician order verified", None),
            ("contraindications_screened", "contraindications screened", None),
            ("serial", "device serial number", None),
            ("tolerance_monitored", None, "patient tolerance monitored"),
            ("scalp_assessed", None, "scalp assessed at removal"),
            ("cap_lot", None, "cap lot"),
        ],
    )
    def test_each_item_alone(self, missing: str, incomplete: str | None, recommended: str | None) -> None:
        record = session()
        if missing in ("serial", "cap_lot"):
            record["device"][missing] = None
        else:
            record["documentation"][missing] = False
        result = code(record)
        found = [(e[0], e[2]) for e in edits(result) if e[0].startswith("DOCUMENTATION")]
        expected = []
        if incomplete:
            expected.append(("DOCUMENTATION_INCOMPLETE", f"Required documentation is missing: {incomplete}"))
        if recommended:
            expected.append(
                ("DOCUMENTATION_RECOMMENDED", f"Documentation a reviewer expects is missing: {recommended}")
            )
        assert found == expected
        assert result["status"] == ("hold" if incomplete else "ready")

    def test_each_diagnosis_problem_is_named(self) -> None:
        result = code(session(diagnoses=["Z51.11", "C50.912", "C50.912", "C92.00", "C50.9", "C50.999"]))
        assert edits(result) == [
            ("DIAGNOSIS_REPEATED", "info", "C50.912 was listed more than once; the claim carries each diagnosis once"),
            (
                "DIAGNOSIS_ORDER",
                "warning",
                "The first diagnosis (Z51.11) is not the cancer; list the cancer code first and Z51.11 as a"
                " secondary code",
            ),
            (
                "CONTRAINDICATED_DIAGNOSIS",
                "error",
                "C92.00 (haematological malignancy) is a contraindication to scalp cooling: the device is not"
                " indicated",
            ),
            (
                "DIAGNOSIS_NOT_BILLABLE",
                "error",
                "C50.9 (Malignant neoplasm of breast of unspecified site) is a category, not a billable ICD-10-CM"
                " code: add the characters that make it specific (for example laterality)",
            ),
            (
                "DIAGNOSIS_UNKNOWN",
                "error",
                "C50.999 is not an ICD-10-CM code (checked against the FY2026 code set)",
            ),
            USUAL,
        ]
        assert result["diagnoses"] == ["Z51.11", "C50.912", "C92.00", "C50.9", "C50.999"]
        assert lines(result)[0] == ("96413", 1, [], [1, 2, 3, 4], None)


class TestPatientAndCourse:
    def test_age_and_regimen(self) -> None:
        result = code(session(patient_birth_date="2010-02-04", regimen="TAC"))
        assert edits(result) == [
            (
                "PEDIATRIC_PATIENT",
                "warning",
                "The patient is 15 on the date of service: the cooling devices are cleared for adults",
            ),
            (
                "TAXANE_ANTHRACYCLINE_SAME_DAY",
                "warning",
                "Regimen TAC gives a taxane and an anthracycline on the same day; scalp cooling is rarely effective"
                " with it",
            ),
            USUAL,
        ]

    @pytest.mark.parametrize(
        ("birth", "age"),
        [("2008-02-03", None), ("2008-02-04", 17), ("2008-03-01", 17), ("2007-12-31", None), ("2009-01-01", 17)],
    )
    def test_the_age_turns_on_the_birthday(self, birth: str, age: int | None) -> None:
        result = code(session(patient_birth_date=birth))
        found = [e[2] for e in edits(result) if e[0] == "PEDIATRIC_PATIENT"]
        expected = [f"The patient is {age} on the date of service: the cooling devices are cleared for adults"]
        assert found == ([] if age is None else expected)

    def test_the_course_review_names_the_session_and_the_limit(self) -> None:
        days = [(2, 3), (2, 10), (2, 17), (2, 24), (3, 3), (3, 10), (3, 17), (3, 24), (3, 31)]
        records = [
            on_day(f"2026-{m:02d}-{d:02d}", session_id=f"S{i}", facility_state="OH", payer={"type": "medicare"})
            for i, (m, d) in enumerate(days, start=1)
        ]
        results = code_batch(records)
        assert [e for e in edits(results[-1]) if e[0] == "COURSE_SESSIONS_REVIEW"] == [
            (
                "COURSE_SESSIONS_REVIEW",
                "warning",
                "This is session 9 of the course; Medicare may review courses with more than 8 sessions",
            )
        ]
        assert "COURSE_SESSIONS_REVIEW" not in [e[0] for e in edits(results[-2])]


class TestAddOnsAndPrimaries:
    def test_a_chemotherapy_add_on_names_its_primary(self) -> None:
        result = code(session(chemo_admin=[{"code": "96415", "units": 2}]))
        assert edits(result) == [
            (
                "ADDON_WITHOUT_PRIMARY",
                "error",
                "96415 is an add-on code and needs one of 96413 on the same claim date; none was documented",
            ),
            USUAL,
        ]
        assert lines(result) == [line("96415", 2), line("97008"), line("97009", 3)]

    def test_0663t_names_every_chemotherapy_primary(self) -> None:
        result = code(on_day("2025-09-16", "-04:00", chemo_admin=[]))
        assert edits(result) == [
            (
                "ADDON_WITHOUT_PRIMARY",
                "error",
                "0663T is an add-on code and needs one of 96409, 96411, 96413, 96415, 96416, 96417 on the same claim"
                " date; none was documented",
            )
        ]
        assert lines(result) == [line("0663T")]

    def test_97008_without_chemotherapy_warns_but_stays_ready(self) -> None:
        result = code(session(chemo_admin=[]))
        assert edits(result) == [
            (
                "CHEMO_ADMIN_MISSING",
                "warning",
                "97008 is billed without any chemotherapy administration code on this date; whether 97008 must"
                " accompany one is not confirmed",
            ),
            USUAL,
        ]
        assert result["status"] == "ready"


class TestHospitalAndMedicare:
    @pytest.mark.parametrize(
        ("abn", "modifier", "why"),
        [
            (True, "GA", "an advance beneficiary notice is on file"),
            (False, "GZ", "no advance beneficiary notice was obtained"),
        ],
    )
    def test_the_abn_modifier_goes_on_the_cooling_lines_and_says_why(self, abn: bool, modifier: str, why: str) -> None:
        result = code(session(facility_state="OH", payer={"type": "medicare"}, diagnoses=["C34.90"], abn_obtained=abn))
        assert [e for e in edits(result) if e[0] == "MODIFIER_ABN"] == [
            ("MODIFIER_ABN", "info", f"Modifier {modifier} added to the scalp-cooling lines: {why}")
        ]
        assert lines(result) == [
            ("96413", 1, [], [1], None),
            ("97008", 1, [modifier], [1], None),
            ("97009", 3, [modifier], [1], None),
        ]

    def test_no_abn_answer_no_modifier(self) -> None:
        result = code(session(facility_state="OH", payer={"type": "medicare"}, diagnoses=["C34.90"]))
        assert "MODIFIER_ABN" not in [e[0] for e in edits(result)]
        assert [x[2] for x in lines(result)] == [[], [], []]

    def test_a_covered_medicare_session_gets_no_abn_modifier(self) -> None:
        result = code(session(facility_state="OH", payer={"type": "medicare"}, abn_obtained=True))
        assert "MODIFIER_ABN" not in [e[0] for e in edits(result)]
        assert [x[2] for x in lines(result)] == [[], [], []]

    def test_a_commercial_plan_outside_its_policy_gets_no_abn_modifier(self) -> None:
        result = code(session(payer={"type": "commercial", "name": "Aetna"}, diagnoses=["C34.90"], abn_obtained=True))
        assert "MODIFIER_ABN" not in [e[0] for e in edits(result)]
        assert [x[2] for x in lines(result)] == [[], [], []]

    def test_g0463_on_a_medicare_hospital_claim_is_billed(self) -> None:
        result = code(
            session(
                setting="hospital_outpatient",
                facility_state="OH",
                payer={"type": "medicare"},
                em_visit={"code": "G0463", "separately_identifiable": True},
            )
        )
        assert [e[0] for e in edits(result)] == ["OPPS_PACKAGED", "OPPS_PACKAGED", "UNVERIFIED_SETTINGS"]
        assert lines(result)[0] == ("G0463", 1, ["25"], [1], "0510")

    def test_a_cpt_visit_for_a_commercial_hospital_claim_is_billed(self) -> None:
        result = code(
            session(setting="hospital_outpatient", em_visit={"code": "99214", "separately_identifiable": True})
        )
        assert [e[0] for e in edits(result)] == ["OPPS_PACKAGED", "OPPS_PACKAGED", "UNVERIFIED_SETTINGS"]
        assert lines(result)[0] == ("99214", 1, ["25"], [1], "0510")

    def test_a_known_status_indicator_without_a_caveat(self) -> None:
        result = code(on_day("2025-03-04", setting="hospital_outpatient", cap_fitting=True))
        assert edits(result) == [
            (
                "OPPS_PACKAGED",
                "info",
                "0663T has OPPS status indicator N in 2025: packaged, no separate Medicare payment in the hospital"
                " outpatient setting",
            ),
            (
                "UNVERIFIED_SETTINGS",
                "info",
                UNVERIFIED + "revenue codes chosen by setting, not by a CMS instruction: chemotherapy administration"
                " 0335, scalp cooling 0761 (revenue_code_chemo_admin=0335, revenue_code_scalp_cooling=0761)",
            ),
        ]
        assert lines(result) == [
            line("96413", revenue="0335"),
            line("0662T", revenue="0761"),
            line("0663T", revenue="0761"),
        ]

    def test_an_unknown_status_indicator_is_said_per_code(self) -> None:
        result = code(on_day("2021-08-03", "-04:00", setting="hospital_outpatient", cap_fitting=True))
        unknown = "for 2021 is not known to coolclaim: whether Medicare pays it separately in the hospital outpatient"
        assert [e for e in edits(result) if e[0] == "OPPS_STATUS_UNKNOWN"] == [
            ("OPPS_STATUS_UNKNOWN", "info", f"The OPPS status indicator of 0662T {unknown} setting is not shown"),
            ("OPPS_STATUS_UNKNOWN", "info", f"The OPPS status indicator of 0663T {unknown} setting is not shown"),
        ]

    def test_an_office_claim_has_no_opps_edits(self) -> None:
        result = code(on_day("2025-03-04", cap_fitting=True))
        assert edits(result) == []


class TestSettingsAndStatus:
    def test_the_midpoint_rule_is_named(self) -> None:
        result = code(on_day("2026-01-14", post_minutes=106), units_97009="midpoint")
        assert edits(result) == [
            (
                "UNVERIFIED_SETTINGS",
                "info",
                UNVERIFIED
                + "97009 units counted by the midpoint rule, each 30 minutes"
                + " (units_97009=midpoint, unit_minutes_97009=30);"
                + f" {CATEGORY_III_DELETED}",
            )
        ]
        assert lines(result)[-1] == line("97009", 4)

    def test_a_chosen_warning_threshold_is_used_and_named(self) -> None:
        result = code(on_day("2026-01-21", post_minutes=270), units_97009_warn_above="8")
        assert [e[0] for e in edits(result)] == ["POST_COOLING_LONG", "UNITS_ABOVE_TYPICAL", "UNVERIFIED_SETTINGS"]
        assert edits(result)[1] == (
            "UNITS_ABOVE_TYPICAL",
            "warning",
            "97009 has 9 units, more than 8: no medically unlikely edit value is published, check the times before"
            " billing",
        )
        assert edits(result)[2] == (
            "UNVERIFIED_SETTINGS",
            "info",
            UNVERIFIED + f"warning above 8 units (units_97009_warn_above=8); {UNITS_FULL}; {CATEGORY_III_DELETED}",
        )

    def test_self_pay_stays_self_pay_even_with_an_error(self) -> None:
        result = code(session(payer={"type": "self_pay"}, cooling_end=None))
        assert [e[0] for e in edits(result)] == ["TIMES_MISSING", "UNVERIFIED_SETTINGS"]
        assert result["status"] == "self_pay"

    def test_warnings_alone_keep_a_session_ready(self) -> None:
        result = code(session(regimen="TAC"))
        assert [e[1] for e in edits(result)] == ["warning", "info"]
        assert result["status"] == "ready"


class TestDiagnosisCount:
    def test_over_twelve_counts_the_distinct_codes(self) -> None:
        many = ["C50.912", "Z51.11", "E11.65", "E11.69", "I10", "E78.5", "E55.9", "K21.9", "J45.909", "F41.9"]
        fourteen = [*many, "M81.0", "G47.00", "N18.30", "R53.83"]
        result = code(session(diagnoses=fourteen))
        assert [e for e in edits(result) if e[0] == "DIAGNOSES_OVER_12"] == [
            (
                "DIAGNOSES_OVER_12",
                "warning",
                "14 diagnoses were given; a claim carries 12, so only the first 12 are used",
            )
        ]
        assert result["diagnoses"] == fourteen[:12]

    def test_thirteen_entries_of_twelve_codes_are_not_over(self) -> None:
        many = ["C50.912", "Z51.11", "E11.65", "E11.69", "I10", "E78.5", "E55.9", "K21.9", "J45.909", "F41.9"]
        twelve = [*many, "M81.0", "G47.00"]
        result = code(session(diagnoses=[*twelve, "I10"]))
        assert [e[0] for e in edits(result)] == ["DIAGNOSIS_REPEATED", "UNVERIFIED_SETTINGS"]
        assert result["diagnoses"] == twelve


class TestCourseHistory:
    """What the app knows of a course before the batch (CourseHistory) reaches the fitting rule."""

    @pytest.mark.parametrize(
        ("history", "previous"),
        [
            (CourseHistory(2, True), "at an earlier session, code and date not recorded"),
            (CourseHistory(2, True, "97007", date(2026, 1, 6)), "97007 on 2026-01-06"),
        ],
    )
    def test_a_fitting_billed_before_the_batch(self, history: CourseHistory, previous: str) -> None:
        (coded,) = engine().code_batch([on_day("2026-02-03", cap_fitting=True)], history={("P-1", "C-1"): history})
        result = as_contract(coded)
        assert edits(result)[0] == (
            "FITTING_ALREADY_BILLED",
            "error",
            f"The cap fitting was already billed in this course ({previous}); 97007 is billed once per course,"
            " so no second fitting line",
        )
        assert lines(result) == [line("96413"), line("97008"), line("97009", 3)]
        assert result["course_session_number"] == 3


class TestUnitLength:
    def test_a_15_minute_unit_counts_and_names_15_minutes(self) -> None:
        result = code(on_day("2026-01-14", post_minutes=100), unit_minutes_97009="15")
        assert edits(result) == [
            (
                "POST_COOLING_REMAINDER",
                "info",
                "10 minutes of post-infusion cooling beyond the last full 15-minute unit are not billable",
            ),
            (
                "UNVERIFIED_SETTINGS",
                "info",
                UNVERIFIED
                + "97009 units counted each full 15 minutes (units_97009=full, unit_minutes_97009=15); "
                + CATEGORY_III_DELETED,
            ),
        ]
        assert lines(result)[-1] == line("97009", 6)

    def test_under_one_15_minute_unit(self) -> None:
        result = code(on_day("2026-01-14", post_minutes=14), unit_minutes_97009="15")
        assert edits(result)[0] == (
            "POST_COOLING_REMAINDER",
            "info",
            "14 minutes of post-infusion cooling (less than one full 15-minute unit) are not billable",
        )
        assert [x[0] for x in lines(result)] == ["96413", "97008"]


def _coded_with_codes(record: dict[str, Any], **starts: date) -> dict[str, Any]:
    """Code `record` with reference data in which the named codes start on other dates."""
    data = bootstrap.refdata()
    codes = {c: replace(info, effective_from=starts[c]) if c in starts else info for c, info in data.codes.items()}
    coder = CodingEngine(replace(data, codes=codes), bootstrap.settings(), bootstrap.icd10cm)
    (coded,) = coder.code_batch([record])
    result = as_contract(coded)
    assert_contract(result)
    return result


class TestCodesOutOfForce:
    """Reference data where a code of the family in use is not in force on the date (a code
    added later than its family, or a gap between the families)."""

    def test_a_code_that_starts_later_than_its_family_is_no_code_for_the_date(self) -> None:
        result = _coded_with_codes(session(), **{"97009": date(2026, 3, 1)})
        assert edits(result)[0] == (
            "NO_CODE_FOR_DATE",
            "error",
            "No scalp-cooling code is in force on 2026-02-03: the codes start on 2021-07-01, so there is nothing"
            " to bill for cooling on this date",
        )
        assert [x[0] for x in lines(result)] == ["96413", "97008", "97009"]
        assert result["status"] == "hold"

    def test_a_gap_after_category_iii_names_no_replacement_code(self) -> None:
        later = date(2026, 3, 1)
        result = _coded_with_codes(session(), **{"97007": later, "97008": later, "97009": later})
        assert edits(result)[0] == (
            "CODE_DELETED",
            "error",
            "0663T is not in force on 2026-02-03 (deleted after 2025-12-31); bill the code in force instead, or"
            " change the setting category_iii_after_2025 if this payer still accepts it",
        )
        assert [x[0] for x in lines(result)] == ["96413", "0663T"]


class TestSourcesAndMore:
    """The source each edit cites comes from the code, set or status row behind it."""

    @pytest.mark.parametrize(
        ("record", "overrides", "edit_code", "sources"),
        [
            (session(chemo_admin=[{"code": "A9273"}]), {}, "LEGACY_CODE", ["Paxman billing guidance; HCPCS Level II"]),
            (
                session(chemo_admin=[{"code": "96415", "units": 2}]),
                {},
                "ADDON_WITHOUT_PRIMARY",
                ["AMA CPT chemotherapy administration codes (add-on to 96413)"],
            ),
            (
                session(diagnoses=["C50.912", "C92.00"]),
                {},
                "CONTRAINDICATED_DIAGNOSIS",
                ["FDA device labels (DigniCap, Paxman); Palmetto GBA LCD L39573; Aetna CPB 0290"],
            ),
            (
                on_day("2025-03-04", setting="hospital_outpatient"),
                {},
                "OPPS_PACKAGED",
                ["CGS article (2025-03-17): 0663T packaged under OPPS"],
            ),
            (
                session(cap_fitting=True),
                {"code_family": "category_iii"},
                "CODE_DELETED",
                [
                    "CGS article Scalp Cooling for Treatment of Chemotherapy-Induced Alopecia (2025-03-17); AMA CPT"
                    " Category III release (effective 2021-07-01); end date unverified (setting"
                    " category_iii_after_2025)",
                    "CGS article Scalp Cooling for Treatment of Chemotherapy-Induced Alopecia (2025-03-17);"
                    " code-lookup page for 0663T (MUE 1, add-on to 96409-96417); end date unverified (setting"
                    " category_iii_after_2025)",
                ],
            ),
        ],
    )
    def test_the_source_is_the_rows(
        self, record: dict[str, Any], overrides: dict[str, str], edit_code: str, sources: list[str]
    ) -> None:
        result = code(record, **overrides)
        assert [e["source"] for e in result["edits"] if e["code"] == edit_code] == sources

    def test_every_pair_out_of_order_is_named(self) -> None:
        result = code(session(infusion_start="2026-02-03T07:30:00-05:00", cooling_end="2026-02-03T09:30:00-05:00"))
        assert edits(result)[0] == (
            "TIMES_OUT_OF_ORDER",
            "error",
            "The times are not in order (infusion start is before cooling start; cooling end is before infusion"
            " end); expected cooling start ≤ infusion start ≤ infusion end ≤ cooling end",
        )

    def test_a_year_without_its_code_set_names_the_years_loaded(self) -> None:
        result = code(on_day("2019-12-03"))
        assert [e[2] for e in edits(result) if e[0] == "ICD10CM_YEAR_NOT_LOADED"] == [
            "The ICD-10-CM code set of FY2020 (2019-10-01 to 2020-09-30) is not loaded (loaded: FY2021, FY2022,"
            " FY2023, FY2024, FY2025, FY2026): the diagnoses were not checked against that year's codes"
        ]

    def test_a_cancer_beyond_the_twelfth_names_the_limit(self) -> None:
        others = ["E11.65", "E11.69", "I10", "E78.5", "E55.9", "K21.9", "J45.909", "F41.9", "M81.0", "G47.00"]
        result = code(session(diagnoses=["Z51.11", *others, "N18.30", "C50.912"]))
        assert [e[2] for e in edits(result) if e[0] == "DIAGNOSIS_BEYOND_CLAIM"] == [
            "The cancer diagnosis C50.912 is number 13 in the list, but a claim carries only 12: move it into the"
            " first 12 (first, ideally)"
        ]

    def test_coverage_is_judged_from_the_first_day_of_the_codes(self) -> None:
        assert code(on_day("2021-07-01", "-04:00"))["coverage"]["determination"] == "unknown"
        assert "coverage" not in code(on_day("2021-06-30", "-04:00"))
