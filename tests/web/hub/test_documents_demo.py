"""Every document kind can be written from the demo's hub cases (the demo a coordinator clicks
through): for each kind, at least one demo case holds every fact it needs."""

from __future__ import annotations

import pytest

from coolclaim.documents import DocumentKind, MissingFactsError
from coolclaim.web.demo import seed_demo
from coolclaim.web.hub.models import Case
from coolclaim.web.hub.services.generate_document import draft_for

pytestmark = pytest.mark.django_db


def test_every_kind_can_be_drafted_from_some_demo_case() -> None:
    seed_demo()
    cases = list(Case.objects.select_related("patient", "facility", "course").order_by("pk"))
    drafted: dict[str, list[int]] = {kind.value: [] for kind in DocumentKind}
    missing: dict[str, set[str]] = {kind.value: set() for kind in DocumentKind}
    for case in cases:
        for kind in DocumentKind:
            try:
                draft_for(case, kind, on=case.first_infusion_date)
            except MissingFactsError as gap:
                missing[kind.value].update(gap.missing)
            else:
                drafted[kind.value].append(case.pk)
    assert [kind for kind, pks in drafted.items() if not pks] == [], missing
