"""One definition of incomplete documentation, with the edit catalogue's wording."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from coolclaim import bootstrap
from coolclaim.coding.documentation import documentation_incomplete, incomplete_edit
from coolclaim.vocabulary import Severity
from tests.core.factories import code, edit_codes, session


def test_incomplete_edit_uses_the_catalogue_wording() -> None:
    edit = incomplete_edit(bootstrap.refdata().edits, True, False, None)
    assert edit is not None
    assert edit.code == "DOCUMENTATION_INCOMPLETE"
    assert edit.severity is Severity.ERROR
    assert edit.message == "Required documentation is missing: contraindications screened, device serial number"
    assert incomplete_edit(bootstrap.refdata().edits, True, True, "SN-1") is None


@settings(deadline=None)
@given(st.booleans(), st.booleans(), st.sampled_from([None, "", "SN-1"]))
def test_the_engine_holds_exactly_when_documentation_is_incomplete(
    order: bool, screened: bool, serial: str | None
) -> None:
    record = session(
        documentation={
            "order_verified": order,
            "contraindications_screened": screened,
            "tolerance_monitored": True,
            "scalp_assessed": True,
        },
        device={"model": "Paxman", "serial": serial, "cap_lot": "L-1"},
    )
    result = code(record)
    incomplete = documentation_incomplete(order, screened, serial or None)
    assert ("DOCUMENTATION_INCOMPLETE" in edit_codes(result)) is incomplete
    if incomplete:
        edit = next(e for e in result["edits"] if e["code"] == "DOCUMENTATION_INCOMPLETE")
        expected = incomplete_edit(bootstrap.refdata().edits, order, screened, serial or None)
        assert expected is not None
        assert edit["message"] == expected.message
