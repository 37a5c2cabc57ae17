"""``coolclaim eligibility request`` writes a 270 for a facility's patients; ``coolclaim
eligibility read`` prints each person's benefits from a 271 without names or member ids and
names the segment and position of a broken file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coolclaim.cli.app import app
from coolclaim.cli.eligibility import eligibility_app  # noqa: F401  (registers the group on `app`)
from coolclaim.web.billing.services.request_eligibility import trace_of
from coolclaim.web.clinic.models import Patient
from coolclaim.x12.interchange import read_interchange

from ..billing.exchange_world import build_exchange

FILES = Path(__file__).resolve().parents[2] / "adapters" / "x12" / "files"


def test_read_prints_benefits_and_exits_1_when_an_inquiry_was_rejected() -> None:
    result = CliRunner().invoke(app, ["eligibility", "read", str(FILES / "271_benefits.x12")])
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows == [
        {
            "trace": "ELIG-ALICE-1",
            "active": True,
            "deductible": "1500",
            "deductible_remaining": "350.25",
            "coinsurance": "0.2",
            "copay": "40",
            "out_of_pocket": "6000",
            "out_of_pocket_remaining": "4200",
            "rejections": [],
        },
        {
            "trace": "ELIG-NOBODY-2",
            "active": None,
            "deductible": None,
            "deductible_remaining": None,
            "coinsurance": None,
            "copay": None,
            "out_of_pocket": None,
            "out_of_pocket_remaining": None,
            "rejections": ["72"],
        },
    ]
    assert "DOE" not in result.stdout and "XJH123456789" not in result.stdout


def test_read_names_the_segment_and_position_of_a_truncated_file(tmp_path: Path) -> None:
    broken = tmp_path / "short.271"
    broken.write_bytes((FILES / "271_benefits.x12").read_bytes()[:300])
    result = CliRunner().invoke(app, ["eligibility", "read", str(broken)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "refused: segment 7 (HL): the file ends inside a segment" in result.stderr


@pytest.mark.django_db
def test_request_writes_a_270_for_the_patients_traced_by_patient_and_date(tmp_path: Path) -> None:
    world = build_exchange(claims=2)
    patients = list(Patient.objects.filter(facility=world.facility).order_by("pk"))
    target = tmp_path / "ask.270"
    args = ["eligibility", "request", "--facility", world.facility.npi, "-o", str(target), "--date", "2026-02-03"]
    for patient in patients:
        args += ["--mrn", patient.mrn]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    day = dt.date(2026, 2, 3)
    assert json.loads(result.stdout) == {
        "written": str(target),
        "traces": [trace_of(p.pk, day) for p in patients],
        "skipped": [],
    }
    text = target.read_text(encoding="ascii")
    (group,) = read_interchange(text).groups
    (transaction,) = group.transactions
    tags = [s.tag for s in transaction.segments]
    assert tags.count("TRN") == 2 and tags.count("EQ") == 2
    assert [s.get(2) for s in transaction.segments if s.tag == "TRN"] == [trace_of(p.pk, day) for p in patients]
    assert [s.get(3) for s in transaction.segments if s.tag == "DTP"] == ["20260203", "20260203"]


@pytest.mark.django_db
def test_request_names_an_unknown_mrn_by_its_position_not_its_value(tmp_path: Path) -> None:
    world = build_exchange(claims=1)
    result = CliRunner().invoke(
        app,
        ["eligibility", "request", "--facility", world.facility.npi, "--mrn", "NOPE-123", "-o", str(tmp_path / "x")],
    )
    assert result.exit_code == 2
    assert "--mrn number 1: no such patient at the facility" in result.stderr
    assert "NOPE-123" not in result.stderr
