"""Diagnosis rules over the ICD-10-CM code sets in refdata (cancer, contraindications, pointers)."""

from __future__ import annotations

from dataclasses import dataclass

from coolclaim.refdata.model import CodeSet, RefData


@dataclass(frozen=True, slots=True)
class DiagnosisProfile:
    claim_codes: tuple[str, ...]  # at most 12, dotless
    malignant: tuple[str, ...]
    contraindicated: tuple[tuple[str, CodeSet], ...]
    service_pointers: tuple[int, ...]  # for chemotherapy and cooling lines
    first_is_malignant: bool
    not_billable: tuple[str, ...] = ()  # categories that need more characters
    unknown: tuple[str, ...] = ()  # not in the code set at all


class DiagnosisRules:
    """Classifies diagnosis codes once per distinct code (results are cached)."""

    def __init__(self, refdata: RefData, max_claim_diagnoses: int = 12, max_pointers: int = 4) -> None:
        self._max_claim = max_claim_diagnoses
        self._max_pointers = max_pointers
        self._malignant = refdata.code_sets["malignant"]
        self._encounter = refdata.code_sets["chemo_encounter"]
        self._contra = refdata.contraindications
        self._sets = refdata.code_sets
        self._cache: dict[str, tuple[bool, bool, CodeSet | None, bool | None]] = {}
        self._billable = refdata.icd10cm_billable
        self._in_set: dict[tuple[str, str], bool] = {}

    def _classify(self, code: str) -> tuple[bool, bool, CodeSet | None, bool | None]:
        """(malignant, chemo encounter, contraindication, billable: None when unknown)."""
        hit = self._cache.get(code)
        if hit is None:
            contra = next((c for c in self._contra if c.contains(code)), None)
            billable = self._billable.get(code) if self._billable else True
            hit = (self._malignant.contains(code), self._encounter.contains(code), contra, billable)
            if len(self._cache) < 100_000:
                self._cache[code] = hit
        return hit

    def in_set(self, code: str, set_id: str) -> bool:
        key = (code, set_id)
        hit = self._in_set.get(key)
        if hit is None:
            hit = self._sets[set_id].contains(code)
            self._in_set[key] = hit
        return hit

    def profile(self, codes: tuple[str, ...]) -> DiagnosisProfile:
        claim = codes[: self._max_claim]
        malignant: list[str] = []
        contraindicated: list[tuple[str, CodeSet]] = []
        pointers: list[int] = []
        not_billable: list[str] = []
        unknown: list[str] = []
        for index, code in enumerate(codes):
            is_malignant, is_encounter, contra, billable = self._classify(code)
            if billable is None:
                unknown.append(code)
            elif not billable:
                not_billable.append(code)
            if is_malignant:
                malignant.append(code)
            if contra is not None:
                contraindicated.append((code, contra))
            if index < self._max_claim and (is_malignant or is_encounter) and len(pointers) < self._max_pointers:
                pointers.append(index + 1)
        first = self._classify(codes[0])[0] if codes else False
        return DiagnosisProfile(
            claim_codes=claim,
            malignant=tuple(malignant),
            contraindicated=tuple(contraindicated),
            service_pointers=tuple(pointers) or (1,),
            first_is_malignant=first,
            not_billable=tuple(not_billable),
            unknown=tuple(unknown),
        )
