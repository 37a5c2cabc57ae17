"""The coverage memo: a finding judged once per period between rule dates equals the finding
judged afresh for every date, including the days either side of each rule date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from coolclaim import bootstrap
from coolclaim.coding.session import Session
from coolclaim.coverage.judge import CoverageJudge, period_turns
from tests.core.factories import session

ENGINE = bootstrap.engine()
# The shipped data, and a variant whose rule dates do not coincide: a policy that ends, a law
# whose all-plans date falls on no other rule's date.
VARIANT = replace(
    ENGINE.refdata,
    policies=tuple(
        replace(p, effective_to=date(2026, 6, 30)) if p.id == "cgs-j15-scalp-cooling" else p
        for p in ENGINE.refdata.policies
    ),
    mandates=tuple(
        replace(m, all_plans_from=date(2027, 3, 1)) if m.id == "la-act227-2025" else m for m in ENGINE.refdata.mandates
    ),
)
TURNS = sorted({*period_turns(ENGINE.refdata), *period_turns(VARIANT)})
NEAR_TURNS = sorted({t + timedelta(days=d) for t in TURNS for d in (-1, 0, 1)})
SHARED = {
    "shipped": ENGINE.coder.coverage,  # its memo grows over every example
    "variant": CoverageJudge(VARIANT, ENGINE.edits, ENGINE.coder.diagnoses.in_set),
}

payers = st.fixed_dictionaries(
    {"type": st.sampled_from(["medicare", "medicare_advantage", "commercial", "medicaid", "self_pay"])},
    optional={
        "name": st.sampled_from(["Aetna", "BCBS of Texas", "Synthetic Health Plan", "Humana Gold"]),
        "funding": st.sampled_from(["fully_insured", "self_funded"]),
        "group_size": st.sampled_from(["small", "large"]),
        "plan_state": st.sampled_from(["NY", "LA", "MD", "WV", "TX", "PA"]),
        "plan_renewal_date": st.sampled_from(["2024-01-01", "2025-12-31", "2026-07-01"]),
        "medicaid_delivery": st.sampled_from(["managed_care", "fee_for_service"]),
    },
).map(lambda p: {k: v for k, v in p.items() if k != "medicaid_delivery" or p["type"] == "medicaid"})
situations = st.fixed_dictionaries(
    {
        "payer": payers,
        "facility_state": st.sampled_from(["NY", "LA", "MD", "WV", "SC", "OH", "PA", "TX", "GA"]),
        "setting": st.sampled_from(["office", "hospital_outpatient"]),
        "diagnoses": st.sampled_from(
            [["C50.912", "Z51.11"], ["C56.9"], ["C34.90"], ["C43.9", "C50.911"], ["D05.11"], ["C91.00"]]
        ),
    }
)
dates = st.one_of(st.sampled_from(NEAR_TURNS), st.dates(date(2022, 1, 1), date(2029, 12, 31)))


def _parsed(changes: dict[str, Any]) -> Session:
    parsed = ENGINE.parse(session(**changes))
    assert isinstance(parsed, Session), parsed
    return parsed


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(SHARED)), st.lists(st.tuples(situations, dates), min_size=1, max_size=8))
def test_a_finding_reused_in_its_period_is_the_finding_judged_afresh(
    data: str, cases: list[tuple[dict[str, Any], date]]
) -> None:
    shared = SHARED[data]
    ref = ENGINE.refdata if data == "shipped" else VARIANT
    fresh = CoverageJudge(ref, ENGINE.edits, ENGINE.coder.diagnoses.in_set)
    for changes, dos in cases:
        s = _parsed(changes)
        profile = ENGINE.coder.diagnoses.profile(s.diagnoses, dos)
        assert shared.judge(s, dos, profile) == fresh._judge(s, dos, profile)


def test_coverage_unknown_names_each_date_even_from_the_memo() -> None:
    judge = CoverageJudge(ENGINE.refdata, ENGINE.edits, ENGINE.coder.diagnoses.in_set)
    s = _parsed({"payer": {"type": "commercial", "name": "Synthetic Health Plan"}, "facility_state": "OH"})
    first, second = date(2026, 3, 2), date(2026, 3, 9)
    assert judge.period(first) == judge.period(second)
    for dos in (first, second, first):
        found = judge.judge(s, dos, ENGINE.coder.diagnoses.profile(s.diagnoses, dos))
        (unknown,) = [e for e in found.edits if e.code == "COVERAGE_UNKNOWN"]
        assert dos.isoformat() in unknown.message


def test_every_rule_date_starts_a_period() -> None:
    judge = CoverageJudge(VARIANT, ENGINE.edits, ENGINE.coder.diagnoses.in_set)
    for policy in VARIANT.policies:
        assert judge.period(policy.effective_from - timedelta(days=1)) != judge.period(policy.effective_from)
        if policy.effective_to is not None:
            after = policy.effective_to + timedelta(days=1)
            assert judge.period(policy.effective_to) != judge.period(after)
    for mandate in VARIANT.mandates:
        for day in (mandate.effective_from, mandate.all_plans_from):
            if day is not None:
                assert judge.period(day - timedelta(days=1)) != judge.period(day)


def test_threads_sharing_a_judge_keep_each_payer_s_own_unknown_message() -> None:
    """The web app's threads share one engine: what a judgement learns for the memo is local to
    it, so one thread's payer name never lands in another's COVERAGE_UNKNOWN."""
    import sys
    import threading

    judge = CoverageJudge(ENGINE.refdata, ENGINE.edits, ENGINE.coder.diagnoses.in_set)
    names = [f"Unmatched Plan {n}" for n in range(12)]
    sessions = {
        name: _parsed({"payer": {"type": "commercial", "name": name}, "facility_state": "OH"}) for name in names
    }
    days = [date(2026, 3, 2) + timedelta(days=d) for d in range(200)]
    wrong: list[str] = []

    def work(name: str) -> None:
        s = sessions[name]
        for dos in days:
            found = judge.judge(s, dos, ENGINE.coder.diagnoses.profile(s.diagnoses, dos))
            message = next(e.message for e in found.edits if e.code == "COVERAGE_UNKNOWN")
            if name not in message or dos.isoformat() not in message:
                wrong.append(message)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=work, args=(name,)) for name in names]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert wrong == []
