"""Every write path of a submitted claim version refuses, each stated on its own; an unsubmitted
version accepts the same writes (so each refusal is the guard, not a broken call)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.db.models import F, Value
from django.test.utils import CaptureQueriesContext
from django.utils.connection import ConnectionDoesNotExist

from coolclaim.web.billing.choices import CodedStatus
from coolclaim.web.billing.models import Claim, ClaimEdit, ClaimLine, ClaimVersion, ImmutableClaimVersion

from .. import factories as f
from .test_models import make_claim

pytestmark = pytest.mark.django_db


def _submitted() -> ClaimVersion:
    _claim, version = make_claim()
    version.submit(f.user())
    version.refresh_from_db()
    return version


def _new_edit(version: ClaimVersion, position: int) -> ClaimEdit:
    return ClaimEdit(version=version, position=position, code="X", severity="warning", message="m", source="s")


def _other_version() -> ClaimVersion:
    """An open version of another claim (rows moved to or from it)."""
    return make_claim()[1]


def _moved_out(row: ClaimLine | ClaimEdit) -> ClaimLine | ClaimEdit:
    """``row`` pointed (in memory) at an open version of another claim, at a free position."""
    row.version = _other_version()
    row.position = 7
    return row


def _line_over(line: ClaimLine) -> ClaimLine:
    """A new instance carrying a stored line's id: saving it overwrites that row."""
    return ClaimLine(pk=line.pk, version=_other_version(), position=7, code="97008")


def _upsert_line_by_id(v: ClaimVersion) -> object:
    row = _line_over(v.lines.get())
    return ClaimLine.objects.bulk_create(
        [row], update_conflicts=True, unique_fields=["id"], update_fields=["version", "position", "code"]
    )


def _move_in_by_offset(v: ClaimVersion) -> object:
    """Each row's new version computed from its own (an expression over the rows, as the
    ``CASE`` of ``bulk_update`` is)."""
    other = _other_version()
    return ClaimLine.objects.filter(version=other).update(version_id=F("version_id") + (v.pk - other.pk), position=9)


def _upsert_version(v: ClaimVersion) -> object:
    row = ClaimVersion(claim_id=v.claim_id, number=1, coded_status="ready", reason="upserted")
    return ClaimVersion.objects.bulk_create(
        [row], update_conflicts=True, unique_fields=["claim", "number"], update_fields=["reason"]
    )


WRITES: dict[str, Callable[[ClaimVersion], object]] = {
    "version save": lambda v: v.save(),
    "version save with update_fields": lambda v: v.save(update_fields=["reason"]),
    "version delete": lambda v: v.delete(),
    "version queryset update": lambda v: ClaimVersion.objects.filter(pk=v.pk).update(reason="changed"),
    "version queryset delete": lambda v: ClaimVersion.objects.filter(pk=v.pk).delete(),
    "version bulk_update": lambda v: ClaimVersion.objects.bulk_update([v], ["reason"]),
    "line save": lambda v: v.lines.get().save(),
    "line save with update_fields": lambda v: v.lines.get().save(update_fields=["units"]),
    "line delete": lambda v: v.lines.get().delete(),
    "line create": lambda v: ClaimLine.objects.create(version=v, position=2, code="97008"),
    "line bulk_create": lambda v: ClaimLine.objects.bulk_create([ClaimLine(version=v, position=2, code="97008")]),
    "line bulk_update": lambda v: ClaimLine.objects.bulk_update(list(v.lines.all()), ["units"]),
    "line queryset update": lambda v: ClaimLine.objects.filter(version=v).update(units=9),
    "line queryset delete": lambda v: ClaimLine.objects.filter(version=v).delete(),
    "edit save": lambda v: v.edits.get().save(),
    "edit save with update_fields": lambda v: v.edits.get().save(update_fields=["message"]),
    "edit delete": lambda v: v.edits.get().delete(),
    "edit bulk_create": lambda v: ClaimEdit.objects.bulk_create([_new_edit(v, 2)]),
    "edit bulk_update": lambda v: ClaimEdit.objects.bulk_update(list(v.edits.all()), ["message"]),
    "edit queryset update": lambda v: ClaimEdit.objects.filter(version=v).update(message="changed"),
    "edit queryset delete": lambda v: ClaimEdit.objects.filter(version=v).delete(),
    # rows moved into or out of the version, and rows overwritten by id
    "version saved over by a new instance with its id": lambda v: ClaimVersion(
        pk=v.pk, claim_id=v.claim_id, number=1, coded_status="ready", reason="overwritten"
    ).save(),
    "version upsert by bulk_create": _upsert_version,
    "claim queryset delete": lambda v: Claim.objects.filter(pk=v.claim_id).delete(),
    "line moved out by save": lambda v: _moved_out(v.lines.get()).save(),
    "line moved out by save with update_fields": lambda v: _moved_out(v.lines.get()).save(
        update_fields=["version", "position"]
    ),
    "line delete after its version changed in memory": lambda v: _moved_out(v.lines.get()).delete(),
    "line moved out by bulk_update": lambda v: ClaimLine.objects.bulk_update(
        [_moved_out(v.lines.get())], ["version", "position"]
    ),
    "line moved in by queryset update": lambda v: ClaimLine.objects.filter(version=_other_version()).update(
        version=v, position=9
    ),
    "line moved in by queryset update of version_id": lambda v: ClaimLine.objects.filter(
        version=_other_version()
    ).update(version_id=v.pk, position=9),
    "line moved in by queryset update with an expression": lambda v: ClaimLine.objects.filter(
        version=_other_version()
    ).update(version_id=Value(v.pk), position=9),
    "line moved in by queryset update with a per-row expression": lambda v: _move_in_by_offset(v),
    "line saved over by a new instance with its id": lambda v: _line_over(v.lines.get()).save(),
    "line upsert by id with bulk_create": _upsert_line_by_id,
    "edit moved out by save": lambda v: _moved_out(v.edits.get()).save(),
    "edit delete after its version changed in memory": lambda v: _moved_out(v.edits.get()).delete(),
    "edit moved out by bulk_update": lambda v: ClaimEdit.objects.bulk_update(
        [_moved_out(v.edits.get())], ["version", "position"]
    ),
    "edit moved in by queryset update": lambda v: ClaimEdit.objects.filter(version=_other_version()).update(
        version=v, position=9
    ),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_a_submitted_version_refuses(name: str) -> None:
    version = _submitted()
    version.reason = "changed after submission"
    before = (
        list(ClaimVersion.objects.filter(pk=version.pk).values_list("reason", "submitted_at")),
        list(version.lines.values_list("position", "code", "units")),
        list(version.edits.values_list("position", "message")),
    )
    with pytest.raises(ImmutableClaimVersion):
        WRITES[name](version)
    after = (
        list(ClaimVersion.objects.filter(pk=version.pk).values_list("reason", "submitted_at")),
        list(version.lines.values_list("position", "code", "units")),
        list(version.edits.values_list("position", "message")),
    )
    assert after == before


@pytest.mark.parametrize("name", list(WRITES))
def test_an_unsubmitted_version_accepts(name: str) -> None:
    _submitted()  # another claim's submitted version must not freeze this one
    _claim, version = make_claim()
    version.reason = "changed before submission"
    WRITES[name](version)  # no ImmutableClaimVersion


def test_a_submitted_version_cannot_be_submitted_again() -> None:
    version = _submitted()
    with pytest.raises(ImmutableClaimVersion, match=r"^claim \d+ v1 is submitted; open a new version instead$"):
        version.submit(f.user())


def test_bulk_writes_mixing_an_open_and_a_submitted_version_refuse_whole() -> None:
    _claim, open_version = make_claim()
    submitted = _submitted()
    rows = [
        ClaimLine(version=open_version, position=5, code="97008"),
        ClaimLine(version=submitted, position=5, code="97008"),
    ]
    with pytest.raises(ImmutableClaimVersion, match=r"^the rows include rows of a submitted claim version$"):
        ClaimLine.objects.bulk_create(rows)
    assert ClaimLine.objects.filter(position=5).count() == 0


def test_refusals_name_what_was_refused() -> None:
    version = _submitted()
    line = version.lines.get()
    with pytest.raises(ImmutableClaimVersion, match=rf"^line 1 of version {version.pk}: 97007 belongs to a submitted"):
        line.save()
    with pytest.raises(ImmutableClaimVersion, match=r"^the set includes rows of a submitted claim version$"):
        ClaimLine.objects.filter(version=version).update(units=2)


def test_refusals_of_deletes_and_sets_name_what_was_refused() -> None:
    version = _submitted()
    claim_id = version.claim_id
    line, edit = version.lines.get(), version.edits.get()
    with pytest.raises(ImmutableClaimVersion, match=rf"^line 1 of version {version.pk}: 97007 belongs to a submitted"):
        line.delete()
    with pytest.raises(
        ImmutableClaimVersion,
        match=rf"^edit DOCUMENTATION_INCOMPLETE of version {version.pk} belongs to a submitted claim version$",
    ):
        edit.save()
    with pytest.raises(
        ImmutableClaimVersion,
        match=rf"^edit DOCUMENTATION_INCOMPLETE of version {version.pk} belongs to a submitted claim version$",
    ):
        edit.delete()
    with pytest.raises(ImmutableClaimVersion, match=rf"^claim {claim_id} v1 is submitted and cannot be deleted$"):
        version.delete()
    with pytest.raises(ImmutableClaimVersion, match=r"^the set includes a submitted claim version$"):
        ClaimVersion.objects.filter(pk=version.pk).update(reason="x")
    with pytest.raises(ImmutableClaimVersion, match=r"^the rows include a submitted claim version$"):
        ClaimVersion.objects.bulk_update([version], ["reason"])
    with pytest.raises(ImmutableClaimVersion, match=r"^the rows would overwrite a submitted claim version$"):
        _upsert_version(version)
    with pytest.raises(ImmutableClaimVersion, match=r"^the rows would move into a submitted claim version$"):
        ClaimLine.objects.filter(version=_other_version()).update(version=version, position=9)
    with pytest.raises(ImmutableClaimVersion, match=r"^the set includes a claim with a submitted version$"):
        Claim.objects.filter(pk=claim_id).delete()


def test_the_guarded_writes_pass_the_callers_options_on() -> None:
    """The guards wrap Django's writes: whatever the caller asks (fields, database, batches,
    conflicts) reaches Django unchanged."""
    _claim, version = make_claim()
    line, edit = version.lines.get(), version.edits.get()

    line.code, line.units = "97008", 4
    line.save(update_fields=["units"])
    assert list(version.lines.values_list("code", "units")) == [("97007", 4)]
    edit.code, edit.message = "CHANGED", "new message"
    edit.save(update_fields=["message"])
    assert list(version.edits.values_list("code", "message")) == [("DOCUMENTATION_INCOMPLETE", "new message")]
    version.coded_status, version.reason = CodedStatus.READY, "new reason"
    version.save(update_fields=["reason"])
    assert list(ClaimVersion.objects.filter(pk=version.pk).values_list("coded_status", "reason")) == [
        (CodedStatus.HOLD, "new reason")
    ]

    for row in (line, edit, version):
        with pytest.raises(ConnectionDoesNotExist):
            row.save(using="elsewhere")
        with pytest.raises(ConnectionDoesNotExist):
            row.delete(using="elsewhere")
        with pytest.raises(ConnectionDoesNotExist):
            row.delete("elsewhere")
    assert (version.lines.count(), version.edits.count()) == (1, 1)

    # ignore_conflicts: position 1 is taken, so only position 2 goes in
    ClaimLine.objects.bulk_create(
        [ClaimLine(version=version, position=1, code="97008"), ClaimLine(version=version, position=2, code="97008")],
        ignore_conflicts=True,
    )
    assert list(version.lines.values_list("position", "code")) == [(1, "97007"), (2, "97008")]
    # a batch size given by position: one INSERT per row
    with CaptureQueriesContext(connection) as queries:
        ClaimLine.objects.bulk_create([ClaimLine(version=version, position=p, code="97008") for p in (3, 4)], 1)
    assert sum(q["sql"].startswith("INSERT") for q in queries.captured_queries) == 2
    lines = list(version.lines.all())
    for row in lines:
        row.units = 5
    assert ClaimLine.objects.bulk_update(lines, fields=["units"]) == 4
    version.reason = "bulk reason"
    assert ClaimVersion.objects.bulk_update([version], fields=["reason"]) == 1
    assert set(version.lines.values_list("units", flat=True)) == {5}
    assert ClaimVersion.objects.get(pk=version.pk).reason == "bulk reason"


def test_an_upsert_of_an_open_version_overwrites_it() -> None:
    _claim, version = make_claim()
    _upsert_version(version)
    assert ClaimVersion.objects.get(pk=version.pk).reason == "upserted"


def test_empty_bulk_writes_ask_the_database_nothing(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        assert ClaimLine.objects.bulk_create([]) == []
        assert ClaimEdit.objects.bulk_update([], ["message"]) == 0
        assert ClaimVersion.objects.bulk_update([], ["reason"]) == 0


def test_upserts_of_versions_refuse_overwriting_a_submitted_one_however_asked() -> None:
    submitted = _submitted()
    _claim, open_version = make_claim()
    rows = [
        ClaimVersion(claim_id=submitted.claim_id, number=1, coded_status="ready", reason="over submitted"),
        ClaimVersion(claim_id=open_version.claim_id, number=1, coded_status="ready", reason="over open"),
    ]
    with pytest.raises(ImmutableClaimVersion, match=r"^the rows would overwrite a submitted claim version$"):
        ClaimVersion.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["claim", "number"], update_fields=["reason"]
        )
    with pytest.raises(ImmutableClaimVersion):  # the options given by position
        ClaimVersion.objects.bulk_create(rows, None, False, True, ["reason"], ["claim", "number"])
    by_id = ClaimVersion(pk=submitted.pk, claim_id=submitted.claim_id, number=1, coded_status="ready", reason="x")
    with pytest.raises(ImmutableClaimVersion):
        ClaimVersion.objects.bulk_create([by_id], update_conflicts=True, unique_fields=["pk"], update_fields=["reason"])
    with pytest.raises(ValueError, match=r"^Unique fields that can trigger the upsert must be provided\.$"):
        ClaimVersion.objects.bulk_create(rows, update_conflicts=True, update_fields=["reason"])
    assert list(ClaimVersion.objects.order_by("pk").values_list("reason", flat=True)) == ["", ""]


def test_a_correction_can_be_bulk_created_beside_a_submitted_version() -> None:
    submitted = _submitted()
    rows = [
        ClaimVersion(claim_id=submitted.claim_id, number=number, coded_status="ready", reason="payer asked")
        for number in (2, 3)
    ]
    with CaptureQueriesContext(connection) as queries:
        created = ClaimVersion.objects.bulk_create(rows, 1)  # a batch size given by position: one INSERT per row
    assert sum(q["sql"].startswith("INSERT") for q in queries.captured_queries) == 2
    assert list(ClaimVersion.objects.filter(claim_id=submitted.claim_id).values_list("number", "reason")) == [
        (1, ""),
        (2, "payer asked"),
        (3, "payer asked"),
    ]
    assert all(row.pk is not None for row in created)
