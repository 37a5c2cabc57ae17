"""CMS-1500 (02/12) professional claim as a PDF for review and printing.

Our own drawing of the form's layout — boxes numbered and labelled as on the NUCC form, not the
official red-ink form for optical scanning. Box 24 holds six lines a page; a claim with more
lines continues on further pages, each repeating the header boxes, with box 28 reading
CONTINUED until the last page, which carries the claim's total charge.
"""

from __future__ import annotations

import io
import string

from reportlab.pdfgen.canvas import Canvas

from coolclaim.claim_forms.drawing import MARGIN, PAGE_HEIGHT, PAGE_WIDTH, Box, FormPage, row
from coolclaim.claim_forms.values import address_lines, amount, mmddyy, pages_of, person_name, units
from coolclaim.claims.model import BillingProvider, Claim, ClaimKind, ClaimLine

LINES_PER_PAGE = 6
MAX_DIAGNOSES = 12
DIAGNOSIS_LETTERS = string.ascii_uppercase[:MAX_DIAGNOSES]  # A..L

_PROGRAM = {
    "MB": "MEDICARE",
    "MA": "MEDICARE",
    "MC": "MEDICAID",
    "CH": "TRICARE",
    "CI": "GROUP HEALTH PLAN",
    "HM": "GROUP HEALTH PLAN",
    "BL": "GROUP HEALTH PLAN",
    "16": "OTHER",
}
_RELATIONSHIP = {"01": "SPOUSE", "19": "CHILD", "18": "SELF"}
_RESUBMISSION = {"7": "7 REPLACEMENT", "8": "8 VOID"}

W = PAGE_WIDTH - 2 * MARGIN  # 564 pt


def _header(page: FormPage, claim: Claim, number: int, pages: int) -> None:
    payer = claim.subscriber.payer
    page.text(MARGIN, 34, "HEALTH INSURANCE CLAIM FORM", size=13)
    page.text(
        MARGIN,
        44,
        "APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12 — layout drawn for review",
        font="Helvetica",
        size=6,
    )
    page.text(MARGIN, 53, f"PICA   PAGE {number} OF {pages}", font="Helvetica", size=6.5)
    carrier = [payer.name, *(address_lines(payer.address) if payer.address else [f"PAYER ID {payer.payer_id}"])]
    page.values(PAGE_WIDTH - MARGIN - 200, 28, 200, carrier)


def _top_boxes(page: FormPage, claim: Claim) -> float:
    subscriber = claim.subscriber
    insured = subscriber.person
    patient = claim.patient.person if claim.patient else insured
    relationship = _RELATIONSHIP.get(claim.patient.relationship, "OTHER") if claim.patient else "SELF"
    y = 58.0
    b1, b1a = row(
        y,
        26,
        (340, "1. MEDICARE  MEDICAID  TRICARE  CHAMPVA  GROUP HEALTH PLAN  FECA BLK LUNG  OTHER"),
        (W - 340, "1a. INSURED'S I.D. NUMBER (For Program in Item 1)"),
    )
    page.box(b1, [f"[X] {_PROGRAM.get(subscriber.payer.claim_filing_indicator, 'OTHER')}"])
    page.box(b1a, [subscriber.member_id])
    y += 26
    b2, b3, b4 = row(
        y,
        26,
        (200, "2. PATIENT'S NAME (Last Name, First Name, Middle Initial)"),
        (140, "3. PATIENT'S BIRTH DATE (MM DD YY)   SEX"),
        (W - 340, "4. INSURED'S NAME (Last Name, First Name, Middle Initial)"),
    )
    page.box(b2, [person_name(patient)])
    page.box(b3, [f"{mmddyy(patient.birth_date)}   {patient.sex}"])
    page.box(b4, [person_name(insured)])
    y += 26
    b5, b6, b7 = row(
        y,
        36,
        (200, "5. PATIENT'S ADDRESS (No., Street)  CITY  STATE  ZIP CODE"),
        (140, "6. PATIENT RELATIONSHIP TO INSURED"),
        (W - 340, "7. INSURED'S ADDRESS (No., Street)  CITY  STATE  ZIP CODE"),
    )
    page.box(b5, address_lines(patient.address))
    page.box(b6, [f"[X] {relationship}"])
    page.box(b7, address_lines(insured.address))
    y += 36
    b9, b10, b11 = row(
        y,
        26,
        (200, "9. OTHER INSURED'S NAME"),
        (140, "10. IS PATIENT'S CONDITION RELATED TO:"),
        (W - 340, "11. INSURED'S POLICY GROUP OR FECA NUMBER"),
    )
    page.box(b9, [])
    page.box(b10, [])
    page.box(b11, [subscriber.group_number or "NONE"])
    y += 26
    b9a, b10a, b11a = row(
        y,
        24,
        (200, "9a. OTHER INSURED'S POLICY OR GROUP NUMBER"),
        (140, "a. EMPLOYMENT? (Current or Previous)"),
        (W - 340, "a. INSURED'S DATE OF BIRTH   SEX"),
    )
    page.box(b9a, [])
    page.box(b10a, ["NO"])
    page.box(b11a, [f"{mmddyy(insured.birth_date)}   {insured.sex}"])
    y += 24
    b9b, b10b, b11b = row(
        y,
        24,
        (200, "b. RESERVED FOR NUCC USE"),
        (140, "b. AUTO ACCIDENT?   PLACE (State)"),
        (W - 340, "b. OTHER CLAIM ID (Designated by NUCC)"),
    )
    page.box(b9b, [])
    page.box(b10b, ["NO"])
    page.box(b11b, [])
    y += 24
    b9c, b10c, b11c = row(
        y,
        24,
        (200, "c. RESERVED FOR NUCC USE"),
        (140, "c. OTHER ACCIDENT?"),
        (W - 340, "c. INSURANCE PLAN NAME OR PROGRAM NAME"),
    )
    page.box(b9c, [])
    page.box(b10c, ["NO"])
    page.box(b11c, [subscriber.payer.name])
    y += 24
    b9d, b10d, b11d = row(
        y,
        24,
        (200, "d. INSURANCE PLAN NAME OR PROGRAM NAME"),
        (140, "10d. CLAIM CODES (Designated by NUCC)"),
        (W - 340, "d. IS THERE ANOTHER HEALTH BENEFIT PLAN?"),
    )
    page.box(b9d, [])
    page.box(b10d, [])
    page.box(b11d, ["NO"])
    y += 24
    b12, b13 = row(
        y,
        28,
        (340, "12. PATIENT'S OR AUTHORIZED PERSON'S SIGNATURE  SIGNED  DATE"),
        (W - 340, "13. INSURED'S OR AUTHORIZED PERSON'S SIGNATURE"),
    )
    page.box(b12, ["SIGNATURE ON FILE" if claim.signature_on_file else ""])
    page.box(b13, ["SIGNATURE ON FILE" if claim.assignment_accepted else ""])
    y += 28
    for cells in (
        (
            (200, "14. DATE OF CURRENT ILLNESS, INJURY, OR PREGNANCY (LMP)"),
            (140, "15. OTHER DATE  QUAL."),
            (W - 340, "16. DATES PATIENT UNABLE TO WORK IN CURRENT OCCUPATION"),
        ),
        (
            (200, "17. NAME OF REFERRING PROVIDER OR OTHER SOURCE"),
            (140, "17a.      17b. NPI"),
            (W - 340, "18. HOSPITALIZATION DATES RELATED TO CURRENT SERVICES"),
        ),
        ((340, "19. ADDITIONAL CLAIM INFORMATION (Designated by NUCC)"), (W - 340, "20. OUTSIDE LAB?   $ CHARGES")),
    ):
        for box in row(y, 22, *cells):
            page.box(box, ["NO"] if box.label.startswith("20.") else [])
        y += 22
    return y


def _diagnoses_and_references(page: FormPage, claim: Claim, y: float) -> float:
    (b21,) = row(y, 52, (340, "21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY  Relate A-L to service line below (24E)"))
    page.box(b21, [])
    page.text(b21.x + 250, y + 6, "ICD Ind.  0", font="Courier-Bold", size=7, colour=(0, 0, 0))
    for n, code in enumerate(claim.diagnoses):
        column, line = n % 4, n // 4
        x = b21.x + 4 + column * 84
        baseline = y + 20 + line * 11
        page.text(x, baseline, f"{DIAGNOSIS_LETTERS[n]}.", font="Helvetica", size=6)
        page.text(x + 8, baseline, code, font="Courier-Bold", size=8.5, colour=(0, 0, 0))
    b22 = Box(b21.x + 340, y, W - 340, 26, "22. RESUBMISSION CODE   ORIGINAL REF. NO.")
    resubmission = _RESUBMISSION.get(claim.frequency)
    page.box(b22, [f"{resubmission}   {claim.payer_claim_number or ''}"] if resubmission else [])
    b23 = Box(b22.x, y + 26, W - 340, 26, "23. PRIOR AUTHORIZATION NUMBER")
    page.box(b23, [claim.prior_authorization or ""])
    return y + 52


_COLUMNS: tuple[tuple[float, str], ...] = (
    (50, "24. A. DATE(S) OF\nSERVICE From"),
    (46, "\nTo MM DD YY"),
    (26, "B. PLACE\nOF SERVICE"),
    (22, "C.\nEMG"),
    (48, "D. PROCEDURES\nCPT/HCPCS"),
    (84, "SERVICES, SUPPLIES\nMODIFIER"),
    (48, "E. DIAGNOSIS\nPOINTER"),
    (66, "F.\n$ CHARGES"),
    (40, "G. DAYS\nOR UNITS"),
    (28, "H.\nEPSDT"),
    (24, "I. ID\nQUAL."),
    (82, "J. RENDERING\nPROVIDER ID. #"),
)
_RIGHT_ALIGNED = {7, 8}  # charges, units


def _line_cells(claim: Claim, line: ClaimLine, provider: BillingProvider) -> tuple[str, ...]:
    return (
        mmddyy(line.service_date),
        mmddyy(line.service_date),
        claim.place_of_service,
        "",
        line.code,
        " ".join(line.modifiers),
        "".join(DIAGNOSIS_LETTERS[p - 1] for p in line.diagnosis_pointers),
        amount(line.charge),
        units(line.units),
        "",
        "NPI",
        provider.npi,
    )


def _service_lines(
    page: FormPage, claim: Claim, lines: tuple[ClaimLine, ...], provider: BillingProvider, y: float
) -> float:
    header = row(y, 22, *_COLUMNS)
    for box in header:
        page.box(box, [], label_lines=2)
    y += 22
    for n in range(LINES_PER_PAGE):
        cells = row(y, 22, *((width, "") for width, _ in _COLUMNS))
        page.text(MARGIN - 10, y + 14, str(n + 1), font="Helvetica-Bold", size=8)
        values = _line_cells(claim, lines[n], provider) if n < len(lines) else ("",) * len(_COLUMNS)
        for column, (box, value) in enumerate(zip(cells, values, strict=True)):
            page.rule_box(box.x, box.y, box.width, box.height)
            align = "right" if column in _RIGHT_ALIGNED else "left"
            page.values(box.x + 3, box.y + 14, box.width - 6, [value] if value else [], align=align)
        y += 22
    return y


def _bottom(page: FormPage, claim: Claim, provider: BillingProvider, y: float, last: bool) -> None:
    b25, b26, b27, b28, b29, b30 = row(
        y,
        28,
        (120, "25. FEDERAL TAX I.D. NUMBER   SSN  EIN"),
        (120, "26. PATIENT'S ACCOUNT NO."),
        (86, "27. ACCEPT ASSIGNMENT?"),
        (94, "28. TOTAL CHARGE"),
        (74, "29. AMOUNT PAID"),
        (W - 494, "30. Rsvd for NUCC Use"),
    )
    page.box(b25, [f"{provider.tin}   [X] EIN"])
    page.box(b26, [claim.claim_id])
    page.box(b27, ["[X] YES" if claim.assignment_accepted else "[X] NO"])
    page.box(b28, [f"$ {amount(claim.total_charge)}" if last else "CONTINUED"], align="right")
    page.box(b29, [])
    page.box(b30, [])
    y += 28
    b31, b32, b33 = row(
        y,
        62,
        (150, "31. SIGNATURE OF PHYSICIAN OR SUPPLIER INCLUDING DEGREES OR CREDENTIALS"),
        (190, "32. SERVICE FACILITY LOCATION INFORMATION"),
        (W - 340, "33. BILLING PROVIDER INFO & PH #"),
    )
    page.box(b31, ["SIGNATURE ON FILE"])
    page.box(b32, [provider.name, *address_lines(provider.address), f"32a. NPI {provider.npi}"])
    phone = provider.contact.phone if provider.contact else ""
    page.box(
        b33,
        [
            f"{provider.name}  {phone}".rstrip(),
            *address_lines(provider.address),
            f"33a. NPI {provider.npi}   33b. ZZ{provider.taxonomy}",
        ],
    )
    page.text(
        MARGIN,
        y + 74,
        f"coolclaim review copy of claim {claim.claim_id} — page numbers in the header; not for optical scanning",
        font="Helvetica",
        size=6,
    )


def render_cms1500(claim: Claim, provider: BillingProvider) -> bytes:
    """The CMS-1500 PDF for a professional claim: 6 service lines a page, continuation pages as needed."""
    if claim.kind is not ClaimKind.PROFESSIONAL:
        raise ValueError(f"claim {claim.claim_id}: a CMS-1500 is for professional claims, this one is {claim.kind}")
    if len(claim.diagnoses) > MAX_DIAGNOSES:
        raise ValueError(
            f"claim {claim.claim_id}: box 21 holds {MAX_DIAGNOSES} diagnoses, the claim has {len(claim.diagnoses)}"
        )
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=True)
    canvas.setTitle(f"CMS-1500 {claim.claim_id}")
    canvas.setAuthor("coolclaim")
    chunks = pages_of(claim.lines, LINES_PER_PAGE)
    for number, lines in enumerate(chunks, start=1):
        page = FormPage(canvas)
        _header(page, claim, number, len(chunks))
        y = _top_boxes(page, claim)
        y = _diagnoses_and_references(page, claim, y)
        y = _service_lines(page, claim, lines, provider, y)
        _bottom(page, claim, provider, y, number == len(chunks))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
