"""Field validators: NPI (Luhn with the 80840 prefix), TIN, state, IANA time zone."""

from __future__ import annotations

import re
import zoneinfo

from django.core.exceptions import ValidationError

from coolclaim.web.accounts.choices import US_STATES


def npi_is_valid(npi: str) -> bool:
    """True for a 10-digit NPI whose last digit is the Luhn check digit over ``80840`` + the
    first nine digits (CMS NPI check-digit rule)."""
    if not re.fullmatch(r"\d{10}", npi):
        return False
    digits = [int(c) for c in "80840" + npi[:9]]
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10 == int(npi[9])


def validate_npi(value: str) -> None:
    if not npi_is_valid(value):
        raise ValidationError("An NPI is 10 digits with a valid check digit.", code="npi")


def validate_tin(value: str) -> None:
    if not re.fullmatch(r"\d{2}-?\d{7}", value):
        raise ValidationError("A TIN is 9 digits (NN-NNNNNNN).", code="tin")


def validate_state(value: str) -> None:
    if value not in US_STATES:
        raise ValidationError("Use a 2-letter US state or territory code.", code="state")


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError("Use an IANA time zone such as America/New_York.", code="tz")
