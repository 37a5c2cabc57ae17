"""The support a letter cites for a case, each fact with its source (from reference data).

Everything is looked up, never written in code: the device's FDA authorisation that covers the
primary diagnosis, the guidelines whose cancers include a diagnosis, the studies of the
regimen, the coverage policy and the state law the coverage judgement found, and the dates of
the scalp-cooling codes.
"""

from __future__ import annotations

from dataclasses import dataclass

from coolclaim.documents.display import dotless
from coolclaim.documents.facts import CaseFacts
from coolclaim.refdata.documents_data import DocumentRefData, FdaClearance, Guideline, Study
from coolclaim.refdata.model import CodeInfo, CodeSet, CoveragePolicy, RefData, Regimen, StateMandate


@dataclass(frozen=True, slots=True)
class CaseEvidence:
    clearance: FdaClearance | None
    guidelines: tuple[Guideline, ...]
    studies: tuple[Study, ...]
    policy: CoveragePolicy | None
    mandate: StateMandate | None
    regimen: Regimen | None
    contraindications: tuple[CodeSet, ...]  # sets a diagnosis of the case falls in
    category_one_codes: tuple[CodeInfo, ...]  # 97007-97009, for "not experimental"


def gather(facts: CaseFacts, refdata: RefData, docref: DocumentRefData) -> CaseEvidence:
    codes = tuple(dotless(d.code) for d in facts.diagnoses)
    primary = codes[0] if codes else None

    clearance = None
    if facts.device is not None and primary is not None:
        fitting = [
            c
            for c in facts.device.clearances
            if c.scope in refdata.code_sets and refdata.code_sets[c.scope].contains(primary)
        ]
        clearance = max(fitting, key=lambda c: c.decided) if fitting else None

    guidelines = tuple(
        g for g in docref.guidelines if any(refdata.code_sets[s].contains(code) for s in g.code_sets for code in codes)
    )
    regimen_id = facts.regimen.regimen_id if facts.regimen is not None else None
    specific = [s for s in docref.studies if not s.all_regimens and s.applies_to(regimen_id)]
    general = [s for s in docref.studies if s.all_regimens]
    policy = mandate = None
    if facts.coverage is not None:
        policy = next((p for p in refdata.policies if p.id == facts.coverage.policy_id), None)
        mandate = next((m for m in refdata.mandates if m.id == facts.coverage.mandate_id), None)
        if mandate is not None and mandate.covered_sets:
            named = any(refdata.code_sets[s].contains(code) for s in mandate.covered_sets for code in codes)
            mandate = mandate if named else None  # the law names cancers this case does not have
    contraindicated = tuple(s for s in refdata.contraindications if any(s.contains(code) for code in codes))
    category_one = tuple(info for info in refdata.codes.values() if info.family == "category_i")
    return CaseEvidence(
        clearance=clearance,
        guidelines=guidelines,
        studies=(*specific, *general),
        policy=policy,
        mandate=mandate,
        regimen=refdata.regimens.get(regimen_id) if regimen_id else None,
        contraindications=contraindicated,
        category_one_codes=category_one,
    )
