"""Every write path of a submitted claim version refuses, each stated on its own; an unsubmitted
version accepts the same writes (so each refusal is the guard, not a broken call)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from coolclaim.web.billing.models import ClaimEdit, ClaimLine, ClaimVersion, ImmutableClaimVersion

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
