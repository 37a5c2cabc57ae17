"""X12 benchmark (not a test): 837P writing against pyx12 validation, 835 read + match against x12sdk.

Usage: .venv/bin/python bench/x12.py [--claims 8000] [--repeat 3] [--skip-pyx12] [--pyx12-repeat 1]
       [--sdk-repeat 3]

1. Writes an N-claim 837P (seeded synthetic claims, 2026 codes, 4 lines each) and times it
   against pyx12 validating the same file (goal: writing at least 100x faster).
2. Writes an N-claim 835 paying those claims (some lines denied, one underpaid), then times
   reading it and matching every service payment to the claims held in memory against
   x12sdk's bare parse of the same file into its models (goal: at most 1.25x).
Each figure is the best of its runs, wall clock and CPU seconds (the machine is shared: the
ratios are taken in CPU time, which other people's load does not move; wall clock beside it).
The garbage collector is paused inside each timed run.
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import TypeVar

from x12sdk.io import X12ModelReader

from coolclaim.claims.matching import line_control_number, match_remittance, stored_lines
from coolclaim.claims.model import (
    Address,
    BillingProvider,
    Claim,
    ClaimKind,
    ClaimLine,
    Contact,
    ControlNumbers,
    Payer,
    Person,
    Subscriber,
    TradingPartners,
)
from coolclaim.claims.remittance import Adjustment, ClaimPayment, Remittance, ServicePayment
from coolclaim.x12.validation import validate
from coolclaim.x12.writing import EnvelopeParties
from coolclaim.x12.x12_835_005010X221A1 import PayerDetails, read_835, write_835
from coolclaim.x12.x12_837P_005010X222A1 import write_837p

T = TypeVar("T")
CREATED = datetime(2026, 3, 2, 14, 30, tzinfo=timezone(timedelta(hours=-5)))
PARTNERS = TradingPartners(
    "ZZ",
    "COOLCLAIMBENCH",
    "ZZ",
    "CLEARINGHOUSE",
    "COOLCLAIMBENCH",
    "CLEARINGHOUSE",
    "BENCH ONCOLOGY",
    "S1",
    Contact("BILLING", "6155550100"),
    "CLEARINGHOUSE",
    "CH1",
)
PROVIDER = BillingProvider(
    "BENCH ONCOLOGY", "1234567893", "621234567", "207RX0202X", Address("1 MAIN ST", "NASHVILLE", "TN", "37203")
)
PAYERS = [Payer("EXAMPLE HEALTH PLAN", "60054"), Payer("MEDICARE PART B", "10312", "MB")]
NAMES = ["SMITH", "JOHNSON", "LEE", "GARCIA", "BROWN", "DAVIS", "MILLER", "WILSON"]
FIRST = ["ANN", "MARY", "LINDA", "SUSAN", "KAREN", "NANCY", "LISA", "BETTY"]


def make_claims(count: int, seed: int = 7) -> list[Claim]:
    rng = random.Random(seed)
    claims = []
    subscriber: Subscriber | None = None
    for n in range(count):
        if subscriber is None or rng.random() < 0.6:
            person = Person(
                rng.choice(NAMES),
                rng.choice(FIRST),
                date(1950 + rng.randrange(50), 1 + rng.randrange(12), 1 + rng.randrange(28)),
                "F",
                Address(f"{rng.randrange(9999)} ELM ST", "NASHVILLE", "TN", "37201"),
            )
            subscriber = Subscriber(f"M{rng.randrange(10**9):09d}", person, rng.choice(PAYERS), "GRP1")
        day = date(2026, 1, 5) + timedelta(days=rng.randrange(60))
        units = Decimal(rng.choice([1, 2, 3]))
        lines = (
            ClaimLine(1, "96413", Decimal("410.00"), Decimal(1), day, (1, 2)),
            ClaimLine(2, "97007", Decimal("350.00"), Decimal(1), day, (1, 2), ("GA", "KX") if n % 5 == 0 else ()),
            ClaimLine(3, "97008", Decimal("300.00"), Decimal(1), day, (1, 2)),
            ClaimLine(4, "97009", Decimal("100.00") * units, units, day, (1, 2)),
        )
        claims.append(
            Claim(
                f"B{n:08d}",
                ClaimKind.PROFESSIONAL,
                subscriber,
                ("C50911", "Z5111"),
                lines,
                prior_authorization=f"PA{n:07d}" if n % 2 else None,
            )
        )
    return claims


def make_remittance(claims: list[Claim]) -> Remittance:
    payments = []
    for claim in claims:
        services = []
        for line in claim.lines:
            if line.code == "97009" and claim.claim_id.endswith("3"):
                services.append(
                    ServicePayment(
                        line.code,
                        line.modifiers,
                        line.charge,
                        Decimal(0),
                        line.units,
                        line.service_date,
                        (Adjustment("CO", "96", line.charge),),
                        ("N130",),
                        0,
                        None,
                    )
                )
                continue
            allowed = (line.charge * Decimal("0.8")).quantize(Decimal("0.01"))
            services.append(
                ServicePayment(
                    line.code,
                    line.modifiers[::-1],
                    line.charge,
                    allowed,
                    line.units,
                    line.service_date,
                    (Adjustment("CO", "45", line.charge - allowed),),
                    (),
                    0,
                    line_control_number(claim.claim_id, line.line_number) if line.line_number != 2 else None,
                )
            )
        paid = sum((s.paid for s in services), Decimal(0))
        payments.append(
            ClaimPayment(
                claim.claim_id,
                "1",
                claim.total_charge,
                paid,
                Decimal(0),
                f"P{claim.claim_id}",
                (),
                tuple(services),
                0,
                patient_last_name=claim.subscriber.person.last_name,
                patient_first_name=claim.subscriber.person.first_name,
                member_id=claim.subscriber.member_id,
            )
        )
    total = sum((p.paid for p in payments), Decimal(0))
    return Remittance(
        total,
        "C",
        "CHK",
        date(2026, 3, 20),
        "BENCH0001",
        "EXAMPLE HEALTH PLAN",
        "1621234567",
        "BENCH ONCOLOGY",
        "1234567893",
        tuple(payments),
        (),
        0,
    )


@dataclass(frozen=True)
class Timing:
    """Best wall-clock and best CPU seconds over the runs (the machine is shared: the CPU
    figure is the one that does not move with other people's load)."""

    wall: float
    cpu: float

    def __str__(self) -> str:
        return f"{self.wall:.3f} s wall, {self.cpu:.3f} s CPU"


def timed(function: Callable[[], T], repeat: int) -> tuple[Timing, T]:
    best_wall = best_cpu = float("inf")
    result: T | None = None
    for _ in range(repeat):
        gc.collect()
        gc.disable()  # a collection landing inside one run made the ratios jump between runs
        try:
            start, cpu = time.perf_counter(), time.process_time()
            result = function()
            best_wall = min(best_wall, time.perf_counter() - start)
            best_cpu = min(best_cpu, time.process_time() - cpu)
        finally:
            gc.enable()
    assert result is not None
    return Timing(best_wall, best_cpu), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=8000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-pyx12", action="store_true")
    parser.add_argument("--pyx12-repeat", type=int, default=1, help="pyx12 runs (slow: about a minute each)")
    parser.add_argument("--sdk-repeat", type=int, default=3)
    args = parser.parse_args()
    claims = make_claims(args.claims)
    control = ControlNumbers(interchange=1, group=1)

    write, text = timed(
        lambda: write_837p(claims, partners=PARTNERS, provider=PROVIDER, control=control, created=CREATED),
        args.repeat,
    )
    segments = text.count("~")
    print(f"837P: {args.claims} claims, {segments} segments, {len(text) / 1e6:.1f} MB")
    print(f"  write (best of {args.repeat}):  {write}  ({segments / write.cpu:,.0f} segments per CPU second)")
    if not args.skip_pyx12:
        pyx12, problems = timed(lambda: validate(text), args.pyx12_repeat)
        print(f"  pyx12 validate (best of {args.pyx12_repeat}): {pyx12}, {len(problems)} problems")
        print(
            f"  writing is {pyx12.cpu / write.cpu:,.0f}x faster than validating in CPU time"
            f" ({pyx12.wall / write.wall:,.0f}x wall clock; goal >= 100x)"
        )

    remittance_text = write_835(
        [make_remittance(claims)],
        parties=EnvelopeParties("ZZ", "PAYER", "ZZ", "COOLCLAIMBENCH", "PAYER", "COOLCLAIMBENCH"),
        payer=PayerDetails(Address("1 PAYER PLAZA", "CHICAGO", "IL", "60601"), "PROVIDER SERVICES", "8005550199"),
        control=ControlNumbers(interchange=2, group=2),
        created=CREATED,
    )
    print(f"835: {args.claims} claims, {remittance_text.count('~')} segments, {len(remittance_text) / 1e6:.1f} MB")

    def read_and_match() -> dict[str, object]:
        (remittance,) = read_835(remittance_text)
        return match_remittance(remittance, stored_lines(claims)).summary()

    ours, summary = timed(read_and_match, args.repeat)

    def bare_parse() -> int:
        with X12ModelReader(remittance_text) as reader:
            return len(list(reader.models()))

    sdk, _ = timed(bare_parse, args.sdk_repeat)
    print(
        f"  read + match (best of {args.repeat}): {ours}: {summary['claims_matched']} claims,"
        f" {summary['lines_paid']} lines paid, {summary['lines_denied']} denied,"
        f" {summary['unmatched']!s:.60} unmatched"
    )
    print(f"  x12sdk bare parse (best of {args.sdk_repeat}): {sdk}")
    print(
        f"  read + match / x12sdk parse = {ours.cpu / sdk.cpu:.2f}x in CPU time"
        f" ({ours.wall / sdk.wall:.2f}x wall clock; goal <= 1.25x)"
    )


if __name__ == "__main__":
    main()
