"""`screen(application, reference)`: every program in one answer; `eligible` is true if any program is."""

from __future__ import annotations

from coolclaim.assistance.application import Application
from coolclaim.assistance.guideline_year import choose_guideline
from coolclaim.assistance.hairtostay import screen_hairtostay
from coolclaim.assistance.manufacturer_pap import screen_manufacturer_pap
from coolclaim.assistance.reference import ScreeningReference
from coolclaim.assistance.result import GuidelineUsed, Note, ScreeningResult


def screen(application: Application, reference: ScreeningReference) -> ScreeningResult:
    settings = reference.settings
    choice = choose_guideline(
        reference.guidelines, settings, application.application_date, application.state, application.household_size
    )
    guideline = choice.table.amount(application.household_size)
    programs = reference.programs
    pap = screen_manufacturer_pap(application, programs.manufacturer_pap, choice.year, guideline)
    hts_key = programs.hairtostay.income_limit_setting
    hts = screen_hairtostay(
        application, programs.hairtostay, settings.hairtostay_income_limit_percent, choice.year, guideline
    )
    notes = [
        *choice.notes,
        Note(
            "HAIRTOSTAY_INCOME_LIMIT",
            f"HairToStay's income limit comes from secondary sources (current pages 400%, older pages 300%); "
            f"used: {settings.describe(hts_key)}. Its grants are need-based and not guaranteed.",
            hts_key,
            settings.hairtostay_income_limit_percent,
        ),
    ]
    return ScreeningResult(
        eligible=pap.eligible or hts.eligible,
        programs=(pap, hts),
        guideline=GuidelineUsed(
            year=choice.year.year,
            document=choice.year.document,
            effective=choice.year.effective.isoformat() if choice.year.effective else None,
            effective_source=choice.year.effective_source,
            table=choice.table.region,
            household_size=application.household_size,
            amount=guideline,
        ),
        notes=tuple(notes),
    )
