"""Typed, immutable views of the reference data (built by `loader`, read by the core)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class OppsStatus:
    year: int
    indicator: str
    source: str
    confidence: str


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """One billing code with its effective dates and billing rules."""

    code: str
    kind: str
    role: str
    family: str | None
    description: str
    effective_from: date | None  # None: no source gives the date ("date unknown")
    effective_to: date | None
    frequency: str
    addon_primaries: tuple[str, ...]
    default_units: int | None
    mue: int | None
    opps_status: tuple[OppsStatus, ...]
    replacement: str | None
    source: str
    confidence: str
    effective_to_confidence: str | None = None

    def in_force(self, on: date) -> bool:
        return (self.effective_from is None or self.effective_from <= on) and (
            self.effective_to is None or on <= self.effective_to
        )

    def opps_indicator(self, year: int) -> OppsStatus | None:
        for row in self.opps_status:
            if row.year == year:
                return row
        return None


@dataclass(frozen=True, slots=True)
class CodeRange:
    """Matches dotless ICD-10-CM codes by prefix or by 3-character category range."""

    prefix: str | None = None
    first: str | None = None
    last: str | None = None

    def matches(self, code: str) -> bool:
        if self.prefix is not None:
            return code.startswith(self.prefix)
        assert self.first is not None
        assert self.last is not None
        return self.first <= code[:3] <= self.last


@dataclass(frozen=True, slots=True)
class CodeSet:
    id: str
    description: str
    include: tuple[CodeRange, ...]
    exclude: tuple[CodeRange, ...]
    source: str
    confidence: str

    def contains(self, code: str) -> bool:
        return any(r.matches(code) for r in self.include) and not any(r.matches(code) for r in self.exclude)


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    id: str
    contractor: str
    source: str


@dataclass(frozen=True, slots=True)
class State:
    code: str
    name: str
    jurisdiction: str
    source: str
    time_zones: tuple[str, ...] = ()  # IANA zones in use in the state (one: the facility's zone)


@dataclass(frozen=True, slots=True)
class CountyException:
    state: str
    county: str
    jurisdiction: str
    part: str
    source: str


@dataclass(frozen=True, slots=True)
class CoveragePolicy:
    id: str
    title: str
    scope: str
    jurisdictions: tuple[str, ...]
    payer_names: tuple[str, ...]
    payer_types: tuple[str, ...]
    determination: str
    covered_sets: tuple[str, ...]
    course_review_after_sessions: int | None
    effective_from: date
    effective_to: date | None
    source: str
    confidence: str
    note: str
    excluded_sets: tuple[str, ...] = ()  # contraindications the policy names
    payer_ids: tuple[str, ...] = ()  # payer ids (e.g. CMS/clearinghouse ids) of the policy holder

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True, slots=True)
class StateMandate:
    id: str
    state: str
    title: str
    status: str
    group_sizes: tuple[str, ...]
    includes_medicaid: bool
    covered_sets: tuple[str, ...]
    effective_from: date | None
    all_plans_from: date | None
    effective_basis: str
    prior_authorization_allowed: bool
    source: str
    confidence: str
    medicaid_delivery: tuple[str, ...] = ()  # Medicaid deliveries the law reaches (managed_care, fee_for_service)


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    value: str | int
    allowed: tuple[str, ...] | None
    description: str
    source: str
    confidence: str
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True, slots=True)
class EditRule:
    code: str
    severity: str
    message: str
    source: str


@dataclass(frozen=True, slots=True)
class Regimen:
    id: str
    name: str
    aliases: tuple[str, ...]
    taxane_anthracycline_same_day: bool
    post_cooling_minutes: int
    source: str
    confidence: str


@dataclass(frozen=True, slots=True)
class Note:
    text: str
    source: str
    confidence: str


@dataclass(frozen=True, eq=False)
class Icd10cmSet:
    """One fiscal year's ICD-10-CM code set (1 October of the year before to 30 September).

    Held as one text table (`\ncode\tflag\tdescription` rows, flag 1 = billable) so that it
    loads in milliseconds; the first lookups search the text, and the lookup dictionaries are
    built once a run looks up many codes (or asks for them).
    """

    fiscal_year: int
    table: str
    source: str
    confidence: str
    # False when the set is the October release only: the codes CMS adds on 1 April of the
    # fiscal year (a mid-year update) are not in it.
    april_update: bool = True

    _SEARCHES_BEFORE_INDEX = 64

    def _row(self, code: str) -> tuple[bool, str] | None:
        index = self.__dict__.get("_index")
        if index is not None:
            found: tuple[bool, str] | None = index.get(code)
            return found
        searches = self.__dict__.get("_searches", 0) + 1
        self.__dict__["_searches"] = searches
        if searches > self._SEARCHES_BEFORE_INDEX:
            return self._build_index().get(code)
        at = self.table.find(f"\n{code}\t")
        if at < 0:
            return None
        start = at + len(code) + 2
        end = self.table.find("\n", start)
        return self.table[start] == "1", self.table[start + 2 : end]

    def _build_index(self) -> dict[str, tuple[bool, str]]:
        index: dict[str, tuple[bool, str]] = {}
        for row in self.table.split("\n"):
            if row:
                code, flag, description = row.split("\t", 2)
                index[code] = (flag == "1", description)
        self.__dict__["_index"] = index
        return index

    def is_billable(self, code: str) -> bool | None:
        """True for a billable code, False for a category, None when not in the set."""
        row = self._row(code)
        return row[0] if row is not None else None

    def description(self, code: str) -> str:
        row = self._row(code)
        return row[1] if row is not None else ""

    @property
    def billable(self) -> dict[str, bool]:
        """Every code with its billable flag (builds the index)."""
        index = self.__dict__.get("_index") or self._build_index()
        return {code: row[0] for code, row in index.items()}

    @property
    def descriptions(self) -> dict[str, str]:
        index = self.__dict__.get("_index") or self._build_index()
        return {code: row[1] for code, row in index.items()}

    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)


@dataclass(frozen=True)
class RefData:
    """Everything the rules read, validated once at start-up."""

    versions: Mapping[str, str]
    codes: Mapping[str, CodeInfo]
    code_sets: Mapping[str, CodeSet]
    contraindications: tuple[CodeSet, ...]
    icd_code_set_year: str
    jurisdictions: Mapping[str, Jurisdiction]
    states: Mapping[str, State]
    county_exceptions: tuple[CountyException, ...]
    policies: tuple[CoveragePolicy, ...]
    medicare_advantage_follows_jurisdiction: Note
    national_note: Note
    mandates: tuple[StateMandate, ...]
    settings: Mapping[str, Setting]
    edits: Mapping[str, EditRule]
    regimens: Mapping[str, Regimen] = field(default_factory=dict)
    regimen_aliases: Mapping[str, str] = field(default_factory=dict)
    icd10cm_years: tuple[int, ...] = ()  # fiscal years whose ICD-10-CM set is loaded (`bootstrap.icd10cm`)
