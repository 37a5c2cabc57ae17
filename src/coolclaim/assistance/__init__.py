"""Patient-assistance screening: pure rules in, typed results with every reason out.

No Django, no I/O, no clock: the application date is part of the input and the reference data
(poverty guidelines, program rules, settings) is an argument.

    reference = ScreeningReference.of(guidelines, programs, overrides={"hairtostay_income_limit_percent": "300"})
    application = parse_application(raw_json_object, reference)   # raises InvalidApplication
    result = screen(application, reference)                        # ScreeningResult; .as_dict() for JSON
"""

from coolclaim.assistance.application import INSURANCE, PA_STATUSES, Application
from coolclaim.assistance.field_errors import FieldError, InvalidApplication
from coolclaim.assistance.parse import parse_application
from coolclaim.assistance.reference import ScreeningReference
from coolclaim.assistance.result import Note, ProgramResult, Reason, ScreeningResult
from coolclaim.assistance.screen import screen
from coolclaim.assistance.settings import ScreeningSettings, SettingError

__all__ = [
    "INSURANCE",
    "PA_STATUSES",
    "Application",
    "FieldError",
    "InvalidApplication",
    "Note",
    "ProgramResult",
    "Reason",
    "ScreeningReference",
    "ScreeningResult",
    "ScreeningSettings",
    "SettingError",
    "parse_application",
    "screen",
]
