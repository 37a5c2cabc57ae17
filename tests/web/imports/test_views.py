"""The import page (upload → preview → confirm → result, rejects downloadable) and the
``coolclaim import sessions`` command."""

from __future__ import annotations

import csv
import getpass
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from coolclaim.cli import app
from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.models import Facility
from coolclaim.web.billing.models import Claim
from coolclaim.web.clinic.models import Session
from coolclaim.web.imports.models import BatchStatus, ImportBatch

from .. import factories as f
from ..api_support import contract_record
from .test_services import jsonl

pytestmark = pytest.mark.django_db


@pytest.fixture
def facility() -> Facility:
    return f.facility(f.hub(), state="PA")


def signed_in(role: str, facility: Facility) -> Client:
    client = Client()
    client.force_login(f.user(role, facility))
    return client


def upload(client: Client, facility: Facility, data: bytes, name: str = "day.jsonl") -> ImportBatch:
    response = client.post(reverse("imports:upload"), {"facility": facility.pk, "file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content[:500]
    return ImportBatch.objects.latest("pk")


def test_upload_preview_confirm_result_and_downloads(facility: Facility) -> None:
    client = signed_in(Role.FACILITY_ADMIN, facility)
    page = client.get(reverse("imports:upload"))
    assert page.status_code == 200 and b'enctype="multipart/form-data"' in page.content
    assert b'href="/import/"' in page.content  # the nav link for roles that import
    data = jsonl([contract_record(0), contract_record(1), contract_record(2, facility_state="OH")])
    batch = upload(client, facility, data)
    preview = client.get(reverse("imports:batch", args=[batch.pk]))
    text = preview.content.decode()
    assert "Preview" in text and "2 new" in text and "1 rejected" in text
    assert "IMP-S-0000" in text and "facility_state" in text
    assert Session.objects.count() == 0  # the preview writes nothing
    done = client.post(reverse("imports:confirm", args=[batch.pk]), follow=True)
    assert done.status_code == 200
    batch.refresh_from_db()
    assert batch.status == BatchStatus.APPLIED and (batch.created, batch.rejected) == (2, 1)
    assert Claim.objects.count() == 2
    assert b"Download CSV" in done.content
    rejects_csv = client.get(reverse("imports:rejects", args=[batch.pk, "csv"]))
    assert rejects_csv.status_code == 200 and "attachment" in rejects_csv.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(rejects_csv.content.decode())))
    assert [r["session_id"] for r in rows] == ["IMP-S-0002"] and "facility_state" in rows[0]["errors"]
    rejects_jsonl = client.get(reverse("imports:rejects", args=[batch.pk, "jsonl"]))
    lines = [json.loads(line) for line in rejects_jsonl.content.splitlines()]
    assert lines[0]["errors"][0]["field"] == "facility_state" and lines[0]["record"]["session_id"] == "IMP-S-0002"
    # confirming twice does nothing more
    client.post(reverse("imports:confirm", args=[batch.pk]))
    assert Claim.objects.count() == 2


def test_unreadable_upload_shows_the_reason(facility: Facility) -> None:
    client = signed_in(Role.FACILITY_ADMIN, facility)
    batch = upload(client, facility, b"\x00\xff\x00", "junk.csv")
    page = client.get(reverse("imports:batch", args=[batch.pk]))
    assert page.status_code == 200 and b"not UTF-8" in page.content
    assert b"Import 0 new" not in page.content


def test_roles_that_do_not_import_are_refused(facility: Facility) -> None:
    for role in (Role.NURSE, Role.BILLING):
        client = signed_in(role, facility)
        assert client.get(reverse("imports:upload")).status_code == 403
        assert b'href="/import/"' not in client.get(reverse("queue:facilities")).content


def test_another_facilitys_batch_is_not_found(facility: Facility) -> None:
    owner = signed_in(Role.FACILITY_ADMIN, facility)
    batch = upload(owner, facility, jsonl([contract_record(0), contract_record(1, facility_state="OH")]))
    owner.post(reverse("imports:confirm", args=[batch.pk]))
    other = signed_in(Role.FACILITY_ADMIN, f.facility(f.hub(), state="OH"))
    for url in (
        reverse("imports:batch", args=[batch.pk]),
        reverse("imports:rejects", args=[batch.pk, "csv"]),
        reverse("imports:rejects", args=[batch.pk, "jsonl"]),
    ):
        assert other.get(url).status_code == 404
    assert other.post(reverse("imports:confirm", args=[batch.pk])).status_code == 404
    # and it cannot upload into a facility it does not belong to
    response = other.post(
        reverse("imports:upload"), {"facility": facility.pk, "file": SimpleUploadedFile("x.jsonl", b"{}")}
    )
    assert response.status_code == 200 and ImportBatch.objects.count() == 1


def test_upload_needs_csrf(facility: Facility) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(f.user(Role.FACILITY_ADMIN, facility))
    response = client.post(
        reverse("imports:upload"), {"facility": facility.pk, "file": SimpleUploadedFile("a.jsonl", b"{}")}
    )
    assert response.status_code == 403


def test_cli_import_is_idempotent_and_reports_rejects(facility: Facility, tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_bytes(jsonl([contract_record(n) for n in range(5)]))
    runner = CliRunner()
    first = runner.invoke(app, ["import", "sessions", str(good), "--facility", facility.npi])
    assert first.exit_code == 0, first.output
    assert "5 new" in first.output
    assert ImportBatch.objects.get().operator == getpass.getuser()  # who ran it is kept
    again = runner.invoke(app, ["import", "sessions", str(good), "--facility", str(facility.pk)])
    assert again.exit_code == 0 and "5 unchanged" in again.output
    assert Claim.objects.count() == 5
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_bytes(jsonl([contract_record(9, facility_state="OH")]))
    result = runner.invoke(app, ["import", "sessions", str(mixed), "--facility", facility.npi])
    assert result.exit_code == 1 and "facility_state" in result.output
    missing = runner.invoke(app, ["import", "sessions", str(tmp_path / "nope.csv"), "--facility", facility.npi])
    assert missing.exit_code == 2
    nurse = f.user(Role.NURSE, facility)
    refused = runner.invoke(
        app, ["import", "sessions", str(good), "--facility", facility.npi, "--user", nurse.username]
    )
    assert refused.exit_code == 2 and "may not import" in refused.output
    admin = f.user(Role.FACILITY_ADMIN, facility)
    ok = runner.invoke(
        app,
        [
            "import",
            "sessions",
            str(good),
            "--facility",
            facility.npi,
            "--user",
            admin.username,
            "--operator",
            "night-shift",
        ],
    )
    assert ok.exit_code == 0, ok.output
    latest = ImportBatch.objects.latest("pk")
    assert (latest.operator, latest.created_by) == ("night-shift", admin)


def test_a_preview_never_imported_can_be_discarded_and_an_import_cannot(facility: Facility) -> None:
    client = signed_in(Role.FACILITY_ADMIN, facility)
    batch = upload(client, facility, jsonl([contract_record(0)]), name="monday.jsonl")
    listing = client.get(reverse("imports:upload")).content.decode()
    assert f'aria-label="Discard the preview of batch {batch.pk}"' in listing
    assert 'action="' + reverse("imports:discard", args=[batch.pk]) + '"' in client.get(
        reverse("imports:batch", args=[batch.pk])
    ).content.decode()
    response = client.post(reverse("imports:discard", args=[batch.pk]), follow=True)
    assert response.redirect_chain == [(reverse("imports:upload"), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Preview of monday.jsonl discarded; nothing was imported."
    ]
    assert ImportBatch.objects.filter(pk=batch.pk).count() == 0
    assert Session.objects.count() == 0

    imported = upload(client, facility, jsonl([contract_record(1)]))
    client.post(reverse("imports:confirm", args=[imported.pk]), follow=True)  # shows "Imported: ..."
    refused = client.post(reverse("imports:discard", args=[imported.pk]), follow=True)
    assert refused.redirect_chain == [(reverse("imports:batch", args=[imported.pk]), 302)]
    assert [str(m) for m in refused.context["messages"]] == [
        "Not done: Only a file that was never imported can be discarded (Imported)."
    ]
    assert ImportBatch.objects.filter(pk=imported.pk).count() == 1
    assert signed_in(Role.NURSE, facility).post(reverse("imports:discard", args=[imported.pk])).status_code == 403


def test_upload_times_are_in_the_facility_zone_with_the_zone_named(facility: Facility) -> None:
    import re

    client = signed_in(Role.FACILITY_ADMIN, facility)
    batch = upload(client, facility, jsonl([contract_record(0)]))
    listing = client.get(reverse("imports:upload")).content.decode()
    assert re.search(r'<time class="when" datetime="[^"]+">\d\d/\d\d/\d{4} \d{1,2}:\d\d [AP]M E[SD]T</time>', listing)
    page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert re.search(r"uploaded <time [^>]+>\d\d/\d\d/\d{4} \d{1,2}:\d\d [AP]M E[SD]T</time>", page)
