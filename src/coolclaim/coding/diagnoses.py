"""Diagnosis rules over the ICD-10-CM code sets in refdata (cancer, contraindications, pointers).

Every check judges the diagnoses that will be on the claim: the input list with repeated codes
sent once, cut at the claim's limit (12), in claim order. A code is judged against the
ICD-10-CM set of the date of service's fiscal year (1 October – 30 September); where that
year's set is not loaded the profile says so and no code is called unknown or not billable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from coolclaim.refdata.model import CodeSet, Icd10cmSet, RefData

YearSets = Callable[[int], Icd10cmSet | None]


def fiscal_year(day: date) -> int:
    """The federal fiscal year of a date: FY2026 runs from 2025-10-01 to 2026-09-30."""
    return day.year + 1 if day.month >= 10 else day.year


@dataclass(frozen=True, slots=True)
class DiagnosisProfile:
    claim_codes: tuple[str, ...]  # at most 12, dotless, each once
    malignant: tuple[str, ...]  # on the claim
    contraindicated: tuple[tuple[str, CodeSet], ...]  # on the claim
    service_pointers: tuple[int, ...]  # for chemotherapy and cooling lines
    first_is_malignant: bool
    not_billable: tuple[str, ...] = ()  # categories that need more characters
    unknown: tuple[str, ...] = ()  # not in the year's code set at all
    repeated: tuple[str, ...] = ()  # listed more than once (sent once)
    beyond_claim: tuple[tuple[str, int], ...] = ()  # needed codes past the limit, with their place
    fiscal_year: int | None = None
    year_loaded: bool = True
    code_set: Icd10cmSet | None = None
    # Not in the year's set, which lacks the 1 April update, but in the next year's: on a date
    # from 1 April they may be valid (added that April), so they are not called unknown.
    april_unchecked: tuple[str, ...] = ()


class DiagnosisRules:
    """Classifies diagnosis codes once per distinct code, and profiles each distinct list of
    diagnoses once per fiscal year (results are immutable and cached)."""

    MEMO_LIMIT = 100_000

    def __init__(
        self,
        refdata: RefData,
        max_claim_diagnoses: int = 12,
        max_pointers: int = 4,
        year_sets: YearSets | None = None,
    ) -> None:
        self._max_claim = max_claim_diagnoses
        self._max_pointers = max_pointers
        self._malignant = refdata.code_sets["malignant"]
        self._encounter = refdata.code_sets["chemo_encounter"]
        self._contra = refdata.contraindications
        self._sets = {**refdata.code_sets, **{c.id: c for c in refdata.contraindications}}
        self._cache: dict[str, tuple[bool, bool, CodeSet | None]] = {}
        self._year_sets = year_sets or (lambda year: None)
        self._years: dict[int, Icd10cmSet | None] = {}
        self._in_set: dict[tuple[str, str], bool] = {}
        self._profiles: dict[tuple[tuple[str, ...], int | None, bool], DiagnosisProfile] = {}

    def _classify(self, code: str) -> tuple[bool, bool, CodeSet | None]:
        """(malignant, chemo encounter, contraindication)."""
        hit = self._cache.get(code)
        if hit is None:
            contra = next((c for c in self._contra if c.contains(code)), None)
            hit = (self._malignant.contains(code), self._encounter.contains(code), contra)
            if len(self._cache) < self.MEMO_LIMIT:
                self._cache[code] = hit
        return hit

    def year_set(self, year: int) -> Icd10cmSet | None:
        if year not in self._years:
            self._years[year] = self._year_sets(year)
        return self._years[year]

    def in_set(self, code: str, set_id: str) -> bool:
        key = (code, set_id)
        hit = self._in_set.get(key)
        if hit is None:
            hit = self._sets[set_id].contains(code)
            self._in_set[key] = hit
        return hit

    def profile(self, codes: tuple[str, ...], day: date | None = None) -> DiagnosisProfile:
        year = fiscal_year(day) if day is not None else None
        from_april = day is not None and 4 <= day.month <= 9  # 1 April to 30 September
        key = (codes, year, from_april)
        found = self._profiles.get(key)
        if found is None:
            found = self._profile(codes, year, from_april)
            if len(self._profiles) < self.MEMO_LIMIT:
                self._profiles[key] = found
        return found

    def _profile(self, codes: tuple[str, ...], year: int | None, from_april: bool = False) -> DiagnosisProfile:
        unique: list[str] = []
        repeated: list[str] = []
        for code in codes:
            if code in unique:
                if code not in repeated:
                    repeated.append(code)
            else:
                unique.append(code)
        claim = tuple(unique[: self._max_claim])
        rest = unique[self._max_claim :]
        code_set = self.year_set(year) if year is not None else None
        malignant: list[str] = []
        contraindicated: list[tuple[str, CodeSet]] = []
        pointers: list[int] = []
        not_billable: list[str] = []
        unknown: list[str] = []
        april_unchecked: list[str] = []
        next_set = (
            self.year_set(year + 1)
            if year is not None and from_april and code_set is not None and not code_set.april_update
            else None
        )
        for index, code in enumerate(claim):
            is_malignant, is_encounter, contra = self._classify(code)
            if code_set is not None:
                billable = code_set.is_billable(code)
                if billable is None:
                    if next_set is not None and next_set.is_billable(code) is not None:
                        april_unchecked.append(code)
                    else:
                        unknown.append(code)
                elif not billable:
                    not_billable.append(code)
            if is_malignant:
                malignant.append(code)
            if contra is not None:
                contraindicated.append((code, contra))
            if (is_malignant or is_encounter) and len(pointers) < self._max_pointers:
                pointers.append(index + 1)
        beyond: list[tuple[str, int]] = []
        if not malignant:
            beyond = [
                (code, self._max_claim + offset + 1) for offset, code in enumerate(rest) if self._classify(code)[0]
            ][:1]
        return DiagnosisProfile(
            claim_codes=claim,
            malignant=tuple(malignant),
            contraindicated=tuple(contraindicated),
            service_pointers=tuple(pointers) or (1,),
            first_is_malignant=self._classify(claim[0])[0] if claim else False,
            not_billable=tuple(not_billable),
            unknown=tuple(unknown),
            repeated=tuple(repeated),
            beyond_claim=tuple(beyond),
            fiscal_year=year,
            year_loaded=year is None or code_set is not None,
            code_set=code_set,
            april_unchecked=tuple(april_unchecked),
        )
