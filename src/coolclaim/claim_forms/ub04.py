"""UB-04 (CMS-1450) institutional claim as a PDF for review and printing.

Our own drawing of the form locators (FL 1-81) by number; not the official red-ink form. Lines
22 a page in FL 42-47; line 23 carries PAGE n OF m and, on the last page, the total charges.
Revenue-code descriptions (FL 43) come from the caller, who holds them as reference data.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from types import MappingProxyType

from reportlab.pdfgen.canvas import Canvas

from coolclaim.claim_forms.drawing import MARGIN, PAGE_HEIGHT, PAGE_WIDTH, Box, FormPage, row
from coolclaim.claim_forms.values import address_lines, amount, mmddyy, pages_of, person_name, units
from coolclaim.claims.model import BillingProvider, Claim, ClaimKind, ClaimLine

LINES_PER_PAGE = 22
MAX_OTHER_DIAGNOSES = 17  # FL 67 A-Q
W = PAGE_WIDTH - 2 * MARGIN
_NO_DESCRIPTIONS: Mapping[str, str] = MappingProxyType({})
_RELATIONSHIP = {"01": "01", "19": "19", "18": "18"}
_COLUMNS: tuple[tuple[float, str], ...] = (
    (44, "42 REV. CD."),
    (170, "43 DESCRIPTION"),
    (110, "44 HCPCS / RATE / HIPPS CODE"),
    (60, "45 SERV. DATE"),
    (50, "46 SERV. UNITS"),
    (70, "47 TOTAL CHARGES"),
    (W - 504, "48 NON-COVERED CHARGES"),
)
_RIGHT_ALIGNED = {4, 5}


def _top(page: FormPage, claim: Claim, provider: BillingProvider) -> float:
    patient = claim.patient.person if claim.patient else claim.subscriber.person
    page.text(MARGIN, 20, "UB-04 CMS-1450", size=11)
    page.text(MARGIN + 110, 20, "institutional claim — layout drawn for review", font="Helvetica", size=6)
    y = 24.0
    b1, b2 = row(y, 48, (200, "1 BILLING PROVIDER NAME, ADDRESS, PHONE"), (170, "2 PAY-TO NAME AND ADDRESS"))
    phone = provider.contact.phone if provider.contact else ""
    page.box(b1, [provider.name, *address_lines(provider.address), phone])
    page.box(b2, [])
    x = MARGIN + 370
    page.box(Box(x, y, 130, 24, "3a PAT. CNTL #"), [claim.claim_id])
    page.box(Box(x, y + 24, 130, 24, "3b MED. REC. #"), [])
    page.box(Box(x + 130, y, W - 500, 48, "4 TYPE OF BILL"), [claim.type_of_bill])
    y += 48
    b5, b6, b7, b8 = row(
        y,
        24,
        (100, "5 FED. TAX NO."),
        (130, "6 STATEMENT COVERS PERIOD FROM / THROUGH"),
        (40, "7"),
        (W - 270, "8 PATIENT NAME"),
    )
    page.box(b5, [provider.tin])
    page.box(b6, [f"{mmddyy(claim.first_service_date)}  {mmddyy(claim.last_service_date)}"])
    page.box(b7, [])
    page.box(b8, [person_name(patient)])
    y += 24
    b9, b10, b11, b12 = row(
        y, 24, (330, "9 PATIENT ADDRESS"), (80, "10 BIRTHDATE"), (40, "11 SEX"), (W - 450, "12 ADMISSION DATE  13 HR")
    )
    page.box(b9, [" ".join(address_lines(patient.address))])
    page.box(b10, [mmddyy(patient.birth_date)])
    page.box(b11, [patient.sex])
    page.box(b12, [mmddyy(claim.first_service_date)])
    y += 24
    cells = row(
        y,
        24,
        (50, "14 ADM. TYPE"),
        (50, "15 POINT OF ORIGIN"),
        (40, "16 DHR"),
        (50, "17 STAT"),
        (254, "18-28 CONDITION CODES"),
        (40, "29 ACDT STATE"),
        (W - 484, "30"),
    )
    for box, value in zip(cells, [claim.admission_type, "", "", claim.patient_status, "", "", ""], strict=True):
        page.box(box, [value] if value else [])
    y += 24
    for box in row(
        y, 24, (282, "31-34 OCCURRENCE CODE / DATE"), (W - 282, "35-36 OCCURRENCE SPAN CODE / FROM / THROUGH")
    ):
        page.box(box, [])
    y += 24
    b38, b39 = row(y, 36, (282, "38 RESPONSIBLE PARTY NAME AND ADDRESS"), (W - 282, "39-41 VALUE CODES / AMOUNT"))
    insured = claim.subscriber.person
    page.box(b38, [person_name(insured), " ".join(address_lines(insured.address))])
    page.box(b39, [])
    return y + 36


def _lines(
    page: FormPage, lines: tuple[ClaimLine, ...], descriptions: Mapping[str, str], y: float, footer: tuple[str, str]
) -> float:
    for box in row(y, 16, *_COLUMNS):
        page.box(box, [])
    y += 16
    height = 12.5
    for n in range(LINES_PER_PAGE + 1):
        cells = row(y, height, *((width, "") for width, _ in _COLUMNS))
        page.text(MARGIN - 12, y + 9, str(n + 1), font="Helvetica", size=6)
        if n < len(lines):
            line = lines[n]
            revenue = line.revenue_code or ""
            values = [
                revenue,
                descriptions.get(revenue, ""),
                " ".join((line.code, *line.modifiers)),
                mmddyy(line.service_date),
                units(line.units),
                amount(line.charge),
                "",
            ]
        elif n == LINES_PER_PAGE:
            values = ["0001", footer[0], "", "", "", footer[1], ""]
        else:
            values = [""] * len(_COLUMNS)
        for column, (box, value) in enumerate(zip(cells, values, strict=True)):
            page.rule_box(box.x, box.y, box.width, box.height)
            align = "right" if column in _RIGHT_ALIGNED else "left"
            page.values(box.x + 2, box.y + 9.5, box.width - 4, [value] if value else [], align=align)
        y += height
    return y


def _bottom(page: FormPage, claim: Claim, provider: BillingProvider, y: float) -> None:
    subscriber = claim.subscriber
    relationship = claim.patient.relationship if claim.patient else "18"
    cells = row(
        y,
        34,
        (150, "50 PAYER NAME"),
        (80, "51 HEALTH PLAN ID"),
        (30, "52 REL. INFO"),
        (30, "53 ASG. BEN."),
        (70, "54 PRIOR PAYMENTS"),
        (74, "55 EST. AMOUNT DUE"),
        (W - 434, "56 NPI"),
    )
    values = [
        subscriber.payer.name,
        subscriber.payer.payer_id,
        "Y" if claim.signature_on_file else "N",
        "Y" if claim.assignment_accepted else "N",
        "",
        "",
        provider.npi,
    ]
    for box, value in zip(cells, values, strict=True):
        page.box(box, [value] if value else [])
    y += 34
    cells = row(
        y,
        24,
        (150, "58 INSURED'S NAME"),
        (30, "59 P. REL"),
        (150, "60 INSURED'S UNIQUE ID"),
        (120, "61 GROUP NAME"),
        (W - 450, "62 INSURANCE GROUP NO."),
    )
    values = [
        person_name(subscriber.person),
        _RELATIONSHIP.get(relationship, relationship),
        subscriber.member_id,
        "",
        subscriber.group_number or "",
    ]
    for box, value in zip(cells, values, strict=True):
        page.box(box, [value] if value else [])
    y += 24
    cells = row(
        y,
        24,
        (190, "63 TREATMENT AUTHORIZATION CODES"),
        (190, "64 DOCUMENT CONTROL NUMBER"),
        (W - 380, "65 EMPLOYER NAME"),
    )
    for box, value in zip(cells, [claim.prior_authorization or "", claim.payer_claim_number or "", ""], strict=True):
        page.box(box, [value] if value else [])
    y += 24
    b66, b67 = row(y, 36, (24, "66 DX"), (W - 24, "67 PRINCIPAL DIAGNOSIS  /  67A-Q OTHER DIAGNOSES"))
    page.box(b66, ["0"])
    page.box(b67, [])
    for n, code in enumerate(claim.diagnoses):
        column, line = n % 9, n // 9
        x = b67.x + 3 + column * 59
        label = "67" if n == 0 else f"{chr(ord('A') + n - 1)}"
        page.text(x, y + 16 + line * 11, label, font="Helvetica", size=5)
        page.text(x + 9, y + 16 + line * 11, code, font="Courier-Bold", size=8, colour=(0, 0, 0))
    y += 36
    for box in row(
        y,
        22,
        (100, "69 ADMIT DX"),
        (150, "70 PATIENT REASON DX"),
        (60, "71 PPS CODE"),
        (100, "72 ECI"),
        (W - 410, "73"),
    ):
        page.box(box, [])
    y += 22
    b74, b76 = row(y, 30, (200, "74 PRINCIPAL PROCEDURE CODE / DATE"), (W - 200, "76 ATTENDING   NPI   LAST   FIRST"))
    page.box(b74, [])
    last, first = claim.attending_name if claim.attending_name else ("", "")
    page.box(b76, [f"NPI {claim.attending_npi or ''}   {last}, {first}".rstrip(", ")])
    y += 30
    b77, b78, b80 = row(y, 26, (182, "77 OPERATING   NPI"), (182, "78 OTHER   NPI"), (W - 364, "80 REMARKS"))
    page.box(b77, [])
    page.box(b78, [])
    page.box(b80, [f"81CC B3 {provider.taxonomy}"])


def render_ub04(
    claim: Claim, provider: BillingProvider, *, revenue_descriptions: Mapping[str, str] = _NO_DESCRIPTIONS
) -> bytes:
    """The UB-04 PDF for an institutional claim: 22 lines a page, page n of m and the total on line 23."""
    if claim.kind is not ClaimKind.INSTITUTIONAL:
        raise ValueError(f"claim {claim.claim_id}: a UB-04 is for institutional claims, this one is {claim.kind}")
    if len(claim.diagnoses) > MAX_OTHER_DIAGNOSES + 1:
        raise ValueError(
            f"claim {claim.claim_id}: FL 67 holds {MAX_OTHER_DIAGNOSES + 1} diagnoses,"
            f" the claim has {len(claim.diagnoses)}"
        )
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=True)
    canvas.setTitle(f"UB-04 {claim.claim_id}")
    canvas.setAuthor("coolclaim")
    chunks = pages_of(claim.lines, LINES_PER_PAGE)
    for number, lines in enumerate(chunks, start=1):
        page = FormPage(canvas)
        y = _top(page, claim, provider)
        last = number == len(chunks)
        footer = (f"PAGE {number} OF {len(chunks)}", f"{amount(claim.total_charge)}" if last else "CONTINUED")
        y = _lines(page, lines, revenue_descriptions, y, footer)
        _bottom(page, claim, provider, y)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
