"""The quick `__init__` of the per-session frozen types behaves as the one dataclasses writes."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from coolclaim.coding.history import CoursePosition
from coolclaim.coding.quick_init import quick_init
from coolclaim.coding.result import CodedSession, Line
from coolclaim.coding.session import ChemoAdmin, Payer
from coolclaim.coverage.judge import CoverageJudge
from coolclaim.vocabulary import CodedStatus


def test_defaults_keywords_equality_and_frozenness() -> None:
    payer = Payer("commercial", "Plan", None, "PA", None)
    assert (payer.id, payer.plan_renewal_date, payer.medicaid_delivery) == (None, None, None)
    assert payer == Payer(type="commercial", name="Plan", funding=None, plan_state="PA", group_size=None)
    assert hash(payer) == hash(Payer("commercial", "Plan", None, "PA", None, None, None, None))
    with pytest.raises(dataclasses.FrozenInstanceError):
        payer.name = "Other"  # type: ignore[misc]
    coded = CodedSession("S-1", CodedStatus.READY, date(2026, 2, 3))
    assert (coded.lines, coded.edits, coded.course_session_number) == ((), (), None)
    assert repr(Line("97007", (), 1, (1,))) == (
        "Line(code='97007', modifiers=(), units=1, diagnosis_pointers=(1,), revenue_code=None)"
    )
    assert ChemoAdmin(units=2, code="96413") == ChemoAdmin("96413", 2)
    with pytest.raises(TypeError):
        CoursePosition(1, False, None)  # type: ignore[call-arg]


def test_only_frozen_slotted_dataclasses_are_accepted() -> None:
    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        a: int

    with pytest.raises(TypeError, match="frozen dataclasses with slots"):
        quick_init(NoSlots)

    @dataclasses.dataclass(frozen=True, slots=True)
    class Factory:
        a: list[int] = dataclasses.field(default_factory=list)

    with pytest.raises(TypeError, match="default factories"):
        quick_init(Factory)


def test_coverage_memo_key_names_every_payer_field() -> None:
    # The judge keys its memo on the payer's fields one by one: a new field must join the key.
    import inspect

    source = inspect.getsource(CoverageJudge.judge)
    for item in dataclasses.fields(Payer):
        assert f"payer.{item.name}," in source, item.name
