"""835 posting benchmark (not a test): post an N-claim 835 against N claims stored in the
database, all or nothing, and time it against x12sdk's bare parse of the same file.

Usage: .venv/bin/python bench/x12_post.py [--claims 8000] [--repeat 3] [--database sqlite|postgresql]
       [--server postgresql://postgres@127.0.0.1:5432]

The claims of ``bench/x12.py`` (seeded, 4 lines each) are stored as submitted claims of one
facility (bulk rows, outside the timing); each run posts the 835 with
``coolclaim.web.billing.services.post_remittance`` inside a transaction that is rolled back
afterwards, so every run posts the same file onto the same unpaid claims. Figures are the
best of the runs, wall clock and CPU seconds (this process; on PostgreSQL the server's CPU is
not counted: compare wall clock there on a quiet machine).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from coolclaim.claims.model import Address, ControlNumbers
from coolclaim.x12.writing import EnvelopeParties
from coolclaim.x12.x12_835_005010X221A1 import PayerDetails, write_835
from x12 import CREATED, Timing, make_claims, make_remittance


def prepare(database: str, server: str) -> None:
    os.environ.setdefault("COOLCLAIM_HOME", tempfile.mkdtemp(prefix="coolclaim-bench-home-"))
    os.environ.setdefault("COOLCLAIM_SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    os.environ["DJANGO_SETTINGS_MODULE"] = "coolclaim.web.settings"
    if database == "postgresql":
        import psycopg

        with psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True) as conn:
            conn.execute('DROP DATABASE IF EXISTS "cc_bench_x12_post" WITH (FORCE)')
            conn.execute('CREATE DATABASE "cc_bench_x12_post"')
        os.environ["DATABASE_URL"] = f"{server.rstrip('/')}/cc_bench_x12_post"
    else:
        folder = Path(tempfile.mkdtemp(prefix="coolclaim-bench-sqlite-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def store(claims: list[Any]) -> Any:
    """The claims as submitted claims of one facility (bulk rows); answers the facility."""
    from django.utils import timezone

    from coolclaim.web.accounts.models import Facility, Hub
    from coolclaim.web.billing.choices import ClaimStatus, CodedStatus
    from coolclaim.web.billing.models import BatchKind, Claim, ClaimLine, ClaimVersion, SubmissionBatch, SubmittedClaim
    from coolclaim.web.clinic.models import Course, Patient, Session
    from coolclaim.web.demo import npi_with_check_digit

    hub = Hub.objects.create(slug="bench-x12", name="Bench hub (synthetic)")
    facility = Facility.objects.create(
        hub=hub, npi=npi_with_check_digit("990000077"), name="Bench oncology", tin="00-0000000", state="TN",
        time_zone="America/Chicago",
    )  # fmt: skip
    now = timezone.now()
    people: dict[tuple[str, str], Patient] = {}
    for claim in claims:
        key = (claim.subscriber.member_id, claim.subscriber.person.last_name)
        if key not in people:
            person = claim.subscriber.person
            people[key] = Patient(
                facility=facility, mrn=f"MRN{len(people):07d}", family_name=person.last_name,
                given_name=person.first_name, birth_date=person.birth_date,
            )  # fmt: skip
    Patient.objects.bulk_create(people.values())
    courses = Course.objects.bulk_create(
        Course(patient=people[(c.subscriber.member_id, c.subscriber.person.last_name)], reference=f"C{n}",
               start_date=c.lines[0].service_date)
        for n, c in enumerate(claims)
    )  # fmt: skip
    sessions = Session.objects.bulk_create(
        Session(facility=facility, course=course, session_id=f"S{n}", service_date=c.lines[0].service_date)
        for n, (c, course) in enumerate(zip(claims, courses, strict=True))
    )
    stored = Claim.objects.bulk_create(
        Claim(facility=facility, patient=course.patient, session=session, status=ClaimStatus.SUBMITTED,
              date_of_service=c.lines[0].service_date)
        for c, course, session in zip(claims, courses, sessions, strict=True)
    )  # fmt: skip
    versions = ClaimVersion.objects.bulk_create(
        ClaimVersion(claim=claim, number=1, coded_status=CodedStatus.READY, date_of_service=c.lines[0].service_date)
        for c, claim in zip(claims, stored, strict=True)
    )  # fmt: skip
    for claim, version in zip(stored, versions, strict=True):
        claim.current_version = version
    Claim.objects.bulk_update(stored, ["current_version"], batch_size=2000)
    ClaimLine.objects.bulk_create(
        (
            ClaimLine(version=version, position=line.line_number, code=line.code, modifiers=list(line.modifiers),
                      units=int(line.units), diagnosis_pointers=list(line.diagnosis_pointers), charge=line.charge)
            for c, version in zip(claims, versions, strict=True)
            for line in c.lines
        ),
        batch_size=5000,
    )  # fmt: skip
    # submitted once its lines are written (a submitted version's rows are immutable, as in the app)
    ClaimVersion.objects.filter(pk__in=[v.pk for v in versions]).update(submitted_at=now)
    batch = SubmissionBatch.objects.create(
        facility=facility, kind=BatchKind.PROFESSIONAL, interchange_control=1, group_control=1, content="(bench)",
        claim_count=len(claims), total_charge=sum((c.total_charge for c in claims), 0),
    )  # fmt: skip
    SubmittedClaim.objects.bulk_create(
        (
            SubmittedClaim(batch=batch, claim=claim, version=version, claim_id_sent=c.claim_id)
            for c, claim, version in zip(claims, stored, versions, strict=True)
        ),
        batch_size=5000,
    )
    return facility


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=8000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--profile", action="store_true", help="print where one posting spends its time")
    args = parser.parse_args()
    prepare(args.database, args.server)
    from django.db import transaction
    from x12sdk.io import X12ModelReader

    from coolclaim.web.billing.models import LinePayment
    from coolclaim.web.billing.services import post_remittance as posting_service

    claims = make_claims(args.claims)
    started = time.perf_counter()
    store(claims)
    print(f"stored {args.claims} submitted claims in {time.perf_counter() - started:.1f} s ({args.database})")
    remittance = make_remittance(claims)
    text = write_835(
        [remittance],
        parties=EnvelopeParties("ZZ", "PAYER", "ZZ", "COOLCLAIMBENCH", "PAYER", "COOLCLAIMBENCH"),
        payer=PayerDetails(Address("1 PAYER PLAZA", "CHICAGO", "IL", "60601"), "PROVIDER SERVICES", "8005550199"),
        control=ControlNumbers(interchange=2, group=2),
        created=CREATED,
    )
    data = text.encode()
    print(f"835: {args.claims} claims, {text.count('~')} segments, {len(data) / 1e6:.1f} MB")

    class Rollback(Exception):
        pass

    best_wall = best_cpu = float("inf")
    summary: dict[str, Any] = {}
    for _ in range(args.repeat):
        gc.collect()
        try:
            with transaction.atomic():
                start, cpu = time.perf_counter(), time.process_time()
                if args.profile:
                    import cProfile
                    import pstats

                    profiler = cProfile.Profile()
                    result = profiler.runcall(posting_service.post_remittance, data, "bench.835", None)
                    pstats.Stats(profiler).sort_stats("cumtime").print_stats(30)
                else:
                    result = posting_service.post_remittance(data, "bench.835", None)
                best_wall = min(best_wall, time.perf_counter() - start)
                best_cpu = min(best_cpu, time.process_time() - cpu)
                summary = result.summary
                assert LinePayment.objects.count() == sum(len(c.lines) for c in claims) - len(summary["unmatched"])
                raise Rollback
        except Rollback:
            pass
    posting = Timing(best_wall, best_cpu)

    def bare_parse() -> int:
        with X12ModelReader(text) as reader:
            return len(list(reader.models()))

    sdk_wall = sdk_cpu = float("inf")
    for _ in range(args.repeat):
        gc.collect()
        start, cpu = time.perf_counter(), time.process_time()
        bare_parse()
        sdk_wall = min(sdk_wall, time.perf_counter() - start)
        sdk_cpu = min(sdk_cpu, time.process_time() - cpu)
    sdk = Timing(sdk_wall, sdk_cpu)
    print(
        f"  post (best of {args.repeat}): {posting}: {summary['claims_matched']} claims,"
        f" {summary['lines_paid']} lines paid, {summary['lines_denied']} denied, {len(summary['unmatched'])} unmatched"
    )
    print(f"  x12sdk bare parse (best of {args.repeat}): {sdk}")
    print(
        f"  post / x12sdk parse = {posting.cpu / sdk.cpu:.2f}x in CPU time"
        f" ({posting.wall / sdk.wall:.2f}x wall clock; goal <= 1.25x)"
    )


if __name__ == "__main__":
    main()
