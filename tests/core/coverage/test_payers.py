"""Issue 7 class 5: payer identity through a normalised alias table and payer ids."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coolclaim import bootstrap
from coolclaim.coverage.payers import PayerTable, normalise
from tests.core.factories import code


@pytest.mark.parametrize(
    "name",
    [
        "Blue Cross and Blue Shield of Texas",
        "Blue Cross Blue Shield of Texas",
        "BlueCross BlueShield of Texas",
        "BCBS Texas",
        "BLUE CROSS & BLUE SHIELD OF ILLINOIS",
        "Blue Cross and Blue Shield of Montana",
        "Blue Cross and Blue Shield of New Mexico",
        "Blue Cross Blue Shield of Oklahoma PPO",
        "Health Care Service Corporation",
    ],
)
def test_the_hcsc_plans_are_one_policy_holder(name: str) -> None:
    result = code({**_commercial(name)})
    assert result["coverage"]["basis"] == "hcsc-scalp-cooling"


def test_an_unmatched_name_stays_unknown_and_names_it() -> None:
    result = code(_commercial("Blue Cross of Nowhere"))
    assert result["coverage"]["determination"] == "unknown"
    edit = next(e for e in result["edits"] if e["code"] == "COVERAGE_UNKNOWN")
    assert edit["message"].endswith(
        '; the payer name "Blue Cross of Nowhere" matched no payer in coolclaim\'s payer table'
    )


def test_a_payer_id_matches_exactly() -> None:
    from dataclasses import replace

    policy = next(p for p in bootstrap.refdata().policies if p.id == "hcsc-scalp-cooling")
    table = PayerTable([replace(policy, payer_ids=("84980",))])
    from datetime import date

    assert table.policy("Some Plan Name", "84980", "commercial", date(2026, 2, 3)) is not None
    assert table.policy("Some Plan Name", "00000", "commercial", date(2026, 2, 3)) is None


def test_a_policy_applies_only_to_its_payer_types_and_while_in_force() -> None:
    """A payer's policy for commercial plans says nothing about the same payer's Medicaid plan,
    nor about a date before it took effect or after it ended — by name or by id."""
    from dataclasses import replace
    from datetime import date

    policy = next(p for p in bootstrap.refdata().policies if p.id == "hcsc-scalp-cooling")
    ended = replace(policy, payer_ids=("84980",), effective_to=date(2025, 12, 31))
    table = PayerTable([ended])
    name = "Blue Cross and Blue Shield of Texas"
    assert table.policy(name, "84980", "commercial", date(2025, 12, 31)) == ended
    assert table.policy(name, None, "commercial", date(2021, 7, 1)) == ended
    assert table.policy(name, "84980", "medicaid", date(2025, 12, 31)) is None
    assert table.policy(name, None, "medicaid", date(2025, 12, 31)) is None
    assert table.policy(name, "84980", "commercial", date(2026, 1, 1)) is None
    assert table.policy(name, None, "commercial", date(2021, 6, 30)) is None


@given(st.text(alphabet="abcdefghij &.,-", max_size=30))
def test_normalisation_ignores_case_and_punctuation(name: str) -> None:
    assert normalise(name.upper().replace(" ", "  ")) == normalise(name)


def _commercial(name: str) -> dict[str, object]:
    from tests.core.factories import session

    return session(payer={"type": "commercial", "name": name, "funding": "fully_insured", "group_size": "large"})
