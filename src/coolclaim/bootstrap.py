"""The one provider: reference data, settings, coding engines and code sets, built once.

Every caller — the command line, the API, the pages, the import, background tasks, the
benchmarks — takes them from here; no other module caches an engine or reference data.

Adding a provided thing (a new reference-data file, a calendar, a table) is one small
function decorated with `@provided`, for example::

    @provided
    def poverty_guidelines() -> PovertyGuidelines:
        from coolclaim.refdata.builders import poverty_guidelines

        return poverty_guidelines.load(refdata_dir())

`reset()` forgets everything (tests that point `COOLCLAIM_REFDATA_DIR` elsewhere call it).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

if TYPE_CHECKING:
    from coolclaim.assistance import ScreeningReference
    from coolclaim.coding.engine import CodingEngine
    from coolclaim.coding.roles import CodeRoles
    from coolclaim.coding.rule_settings import RuleSettings
    from coolclaim.hub.reference import HubReference
    from coolclaim.refdata.assistance_model import AssistancePrograms, PovertyGuidelines
    from coolclaim.refdata.builders.medicare_fees import MedicareFees
    from coolclaim.refdata.builders.remittance_codes import RemittanceCodes
    from coolclaim.refdata.calendar_model import CalendarSpecs
    from coolclaim.refdata.documents_data import DocumentRefData
    from coolclaim.refdata.model import Icd10cmSet, RefData

P = ParamSpec("P")
T = TypeVar("T")
_PROVIDED: list[Callable[..., object]] = []


def provided(function: Callable[P, T]) -> Callable[P, T]:
    """Build on first use, then return the same object (one per distinct argument list)."""
    cached = cache(function)
    _PROVIDED.append(cached)
    return cached  # type: ignore[return-value]


def reset(*, keep: Sequence[Callable[..., object]] = ()) -> None:
    """Forget everything built (the next call builds again), except what the providers in
    `keep` built."""
    for function in _PROVIDED:
        if function not in keep:
            function.cache_clear()  # type: ignore[attr-defined]


def refdata_dir() -> Path | None:
    """`COOLCLAIM_REFDATA_DIR` (a reviewed copy of `refdata/data/`), else the packaged files."""
    override = os.environ.get("COOLCLAIM_REFDATA_DIR")
    return Path(override) if override else None


@provided
def refdata() -> RefData:
    """The validated reference data; from the cache of the files' validated form when the
    files are unchanged (`coolclaim.refdata.cache`), else parsed and validated afresh."""
    from coolclaim.refdata.cache import load_cached

    return load_cached(refdata_dir())


def settings(overrides: Mapping[str, str] | None = None) -> RuleSettings:
    """The rule settings: settings.yaml's defaults with `overrides` (range-checked)."""
    return _settings(_key(overrides))


def engine(overrides: Mapping[str, str] | None = None) -> CodingEngine:
    """The coding engine for these setting overrides (one per distinct set of overrides)."""
    return _engine(_key(overrides))


@provided
def icd10cm(fiscal_year: int) -> Icd10cmSet | None:
    """One fiscal year's ICD-10-CM code set (1 October to 30 September), or None when that
    year's set is not loaded (the engine then says so instead of judging the code)."""
    from coolclaim.refdata.cache import load_year_cached

    return load_year_cached(fiscal_year, refdata_dir())


@provided
def code_roles() -> CodeRoles:
    """The codes of each role (fitting, session, chemotherapy primaries, …) from codes.yaml."""
    from coolclaim.coding.roles import code_roles as build

    return build(refdata())


def _key(overrides: Mapping[str, str] | None) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((overrides or {}).items()))


@provided
def _settings(key: tuple[tuple[str, str], ...]) -> RuleSettings:
    from coolclaim.coding.rule_settings import resolve_settings

    return resolve_settings(refdata(), dict(key))


@provided
def _engine(key: tuple[tuple[str, str], ...]) -> CodingEngine:
    from coolclaim.coding.engine import CodingEngine

    return CodingEngine(refdata(), _settings(key), icd10cm)


@provided
def document_refdata() -> DocumentRefData:
    """Devices and their FDA authorisations, evidence the letters cite, and the documents'
    minimum-necessary policy (`devices.yaml`, `evidence.yaml`, `documents.yaml`)."""
    from coolclaim.refdata.documents_data import load_document_refdata

    return load_document_refdata(refdata(), refdata_dir())


@provided
def remittance_codes() -> RemittanceCodes:
    """CARC/RARC and claim adjustment group codes with plain descriptions (`remittance_codes.yaml`)."""
    from coolclaim.refdata.builders import remittance_codes as builder

    return builder.load(refdata_dir())


@provided
def calendar_specs() -> CalendarSpecs:
    """The business-day calendars (`calendars.yaml`: the hub's closure days, the federal list)."""
    from coolclaim.refdata.builders import calendars

    return calendars.load(refdata_dir())


@provided
def hub_reference() -> HubReference:
    """What the hub's case replay needs: calendars, payers' appeal windows, PA turnaround rules."""
    from coolclaim.hub import hub_reference as build
    from coolclaim.refdata.builders import appeal_windows, pa_turnaround

    directory = refdata_dir()
    return build(calendar_specs(), appeal_windows.load(directory), pa_turnaround.load(directory))


@provided
def medicare_fees() -> MedicareFees:
    """Medicare's national payment figures for the scalp-cooling codes, where known (`medicare_fees.yaml`)."""
    from coolclaim.refdata.builders import medicare_fees as builder

    return builder.load(refdata_dir())


@provided
def poverty_guidelines() -> PovertyGuidelines:
    """The HHS poverty guidelines by year (`poverty_guidelines.yaml`)."""
    from coolclaim.refdata.builders import poverty_guidelines as builder

    return builder.load(refdata_dir())


@provided
def assistance_programs() -> AssistancePrograms:
    """The assistance programs' rules (`assistance_programs.yaml`)."""
    from coolclaim.refdata.builders import assistance_programs as builder

    return builder.load(refdata_dir())


def screening_reference(overrides: Mapping[str, str] | None = None) -> ScreeningReference:
    """The screening reference with these setting overrides (raises SettingError on a bad one)."""
    return _screening_reference(_key(overrides))


@provided
def _screening_reference(key: tuple[tuple[str, str], ...]) -> ScreeningReference:
    from coolclaim.assistance import ScreeningReference

    return ScreeningReference.of(poverty_guidelines(), assistance_programs(), dict(key))
