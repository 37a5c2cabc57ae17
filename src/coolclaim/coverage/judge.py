"""Judges coverage of a scalp-cooling session by payer, Medicare jurisdiction and state law.

Every outcome is explained: the policy or law that decided it, or COVERAGE_UNKNOWN when
coolclaim has no policy for this payer on this date. Uncertain coverage warns; it never blocks.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from coolclaim.coding.diagnoses import DiagnosisProfile
from coolclaim.coding.edits import Edit, EditCatalogue
from coolclaim.coding.session import Session, dotted
from coolclaim.coverage.finding import CoverageFinding
from coolclaim.coverage.jurisdiction import medicare_jurisdiction
from coolclaim.coverage.payers import PayerTable
from coolclaim.refdata.model import CoveragePolicy, RefData, StateMandate

InSet = Callable[[str, str], bool]


class CoverageJudge:
    """Judges coverage; each distinct situation is judged once per *period*.

    A period is a stretch of dates between two dates on which some policy or law starts or
    stops (effective dates, the day after an end date, a mandate's all-plans date): inside one,
    every date comparison the judgement makes comes out the same, so the finding for one date
    holds for all of them. Only COVERAGE_UNKNOWN names the date itself; that edit is re-made
    for the date of service (from the memo's `who` and `note`) when the finding is reused.
    """

    #: Situations kept (a finding of about 250 bytes each); past the limit, judged every time.
    MEMO_LIMIT = 200_000

    def __init__(self, refdata: RefData, edits: EditCatalogue, in_set: InSet) -> None:
        self._ref = refdata
        self._edits = edits
        self._in_set = in_set
        self._ma_follows = refdata.medicare_advantage_follows_jurisdiction.text == "yes"
        self._memo: dict[tuple[object, ...], _Memo] = {}
        sets = [*refdata.code_sets.values(), *refdata.contraindications]
        self._set_names = {v.id: v.description.split(" (")[0].lower() for v in sets}
        self._payers = PayerTable(refdata.policies)
        self._turns = period_turns(refdata)

    def period(self, dos: date) -> int:
        """The index of the period that holds `dos` (see the class's description)."""
        return bisect_right(self._turns, dos)

    def judge(self, session: Session, dos: date, profile: DiagnosisProfile) -> CoverageFinding:
        """The coverage finding for the diagnoses on the claim; identical situations in one
        period are judged once (findings are immutable)."""
        payer = session.payer
        if payer.type == "self_pay":
            return _NOT_APPLICABLE
        key = (  # the payer's fields, not the dataclass: a tuple of strings hashes in C
            payer.type,
            payer.name,
            payer.funding,
            payer.plan_state,
            payer.group_size,
            payer.id,
            payer.plan_renewal_date,
            payer.medicaid_delivery,
            session.facility_state,
            session.facility_county,
            session.setting,
            bisect_right(self._turns, dos),
            profile.claim_codes,
        )
        memo = self._memo.get(key)
        if memo is None:
            unknown: list[tuple[str, str]] = []  # a local, not an attribute: threads share a judge
            found = self._judge(session, dos, profile, unknown)
            if len(self._memo) < self.MEMO_LIMIT:
                self._memo[key] = _Memo(found, dos, unknown[0] if unknown else None)
            return found
        if memo.unknown is None or memo.dos == dos:
            return memo.finding
        return self._redated(memo, dos)

    def _redated(self, memo: _Memo, dos: date) -> CoverageFinding:
        """The memo's finding with its COVERAGE_UNKNOWN edit made for `dos`."""
        assert memo.unknown is not None
        who, note = memo.unknown
        unknown = self._edits.make("COVERAGE_UNKNOWN", who=who, date=dos.isoformat(), note=note)
        found = memo.finding
        edits = tuple(unknown if e.code == "COVERAGE_UNKNOWN" else e for e in found.edits)
        return CoverageFinding(found.determination, found.basis, found.jurisdiction, found.source, edits)

    def _coverage_unknown(self, who: str, dos: date, note: str, unknown: list[tuple[str, str]] | None) -> Edit:
        """The COVERAGE_UNKNOWN edit; its `who` and `note` are added to `unknown` (for the memo)."""
        if unknown is not None:
            unknown.append((who, note))
        return self._edits.make("COVERAGE_UNKNOWN", who=who, date=dos.isoformat(), note=note)

    def _judge(
        self, session: Session, dos: date, profile: DiagnosisProfile, unknown: list[tuple[str, str]] | None = None
    ) -> CoverageFinding:
        kind = session.payer.type
        if kind == "self_pay":
            return _NOT_APPLICABLE
        if kind in ("medicare", "medicare_advantage"):
            return self._medicare(session, dos, profile, unknown)
        return self._commercial_or_medicaid(session, dos, profile, unknown)

    # -- Medicare and Medicare Advantage -------------------------------------------------
    def _medicare(
        self, session: Session, dos: date, profile: DiagnosisProfile, unknown: list[tuple[str, str]] | None
    ) -> CoverageFinding:
        part = "B" if session.setting == "office" else "A"
        jur = medicare_jurisdiction(self._ref, session.facility_state, session.facility_county, part)
        kind = session.payer.type
        policy = None
        if jur is not None and (kind == "medicare" or self._ma_follows):
            policy = next(
                (
                    p
                    for p in self._ref.policies
                    if p.scope == "jurisdiction"
                    and jur in p.jurisdictions
                    and kind in p.payer_types
                    and p.in_force(dos)
                ),
                None,
            )
        if policy is None:
            contractor = self._ref.jurisdictions[jur].contractor if jur else "unknown contractor"
            who = f"{'Medicare' if kind == 'medicare' else 'Medicare Advantage'} in jurisdiction {jur} ({contractor})"
            note = f". {self._ref.national_note.text} ({self._ref.national_note.source})"
            return CoverageFinding("unknown", None, jur, None, (self._coverage_unknown(who, dos, note, unknown),))
        return self._apply_policy(session, policy, profile, jur)

    def _apply_policy(
        self, session: Session, policy: CoveragePolicy, profile: DiagnosisProfile, jur: str | None
    ) -> CoverageFinding:
        """Covered needs a covered malignant diagnosis on the claim and no diagnosis the policy
        excludes (its contraindications); anything else is not covered for this diagnosis."""
        malignant = profile.malignant
        if policy.determination == "not_covered":
            note = f" ({policy.note})" if policy.note else ""
            edit = self._edits.make(
                "PAYER_POLICY_NOT_COVERED",
                policy=policy.title,
                note=note,
                policy_source=policy.source,
            )
            return CoverageFinding("not_covered", policy.id, jur, policy.source, (edit,))
        abn = ""
        if session.payer.type == "medicare":
            abn = "; give the patient an advance beneficiary notice (modifier GA when signed, GZ when not)"
        excluded = next(
            (
                (code, set_id)
                for code in profile.claim_codes
                for set_id in policy.excluded_sets
                if self._in_set(code, set_id)
            ),
            None,
        )
        if excluded is not None:
            edit = self._edits.make(
                "DIAGNOSIS_EXCLUDED_BY_POLICY",
                policy=policy.title,
                diagnosis=dotted(excluded[0]),
                reason=self._set_names[excluded[1]],
                abn=abn,
                policy_source=policy.source,
            )
            return CoverageFinding("diagnosis_not_covered", policy.id, jur, policy.source, (edit,))
        if malignant and (
            not policy.covered_sets
            or any(self._in_set(code, set_id) for code in malignant for set_id in policy.covered_sets)
        ):
            return CoverageFinding("covered", policy.id, jur, policy.source, ())
        names = [self._set_names[s] for s in policy.covered_sets] or ["a malignant neoplasm (cancer)"]
        covered = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        edit = self._edits.make(
            "DIAGNOSIS_NOT_COVERED",
            policy=policy.title,
            covered=covered,
            diagnoses=", ".join(dotted(c) for c in (malignant or profile.claim_codes)),
            abn=abn,
            policy_source=policy.source,
        )
        return CoverageFinding("diagnosis_not_covered", policy.id, jur, policy.source, (edit,))

    # -- Commercial and Medicaid ---------------------------------------------------------
    def _commercial_or_medicaid(
        self, session: Session, dos: date, profile: DiagnosisProfile, unknown: list[tuple[str, str]] | None
    ) -> CoverageFinding:
        payer = session.payer
        malignant = profile.malignant
        edits: list[Edit] = []
        finding: CoverageFinding | None = None
        unmatched = ""
        if payer.type == "commercial" and (payer.name or payer.id):
            policy = self._payers.policy(payer.name, payer.id, payer.type, dos)
            if policy is not None:
                finding = self._apply_policy(session, policy, profile, None)
                edits.extend(finding.edits)
            elif payer.name:
                unmatched = f'; the payer name "{payer.name}" matched no payer in coolclaim\'s payer table'

        mandated: StateMandate | None = None
        conditional: StateMandate | None = None
        for mandate in self._ref.mandates:
            if mandate.state != payer.plan_state or mandate.status != "enacted":
                continue
            assert mandate.effective_from is not None
            if dos < mandate.effective_from:
                continue
            edit, binds = self._mandate_edit(session, mandate, dos, malignant)
            if edit is not None:
                edits.append(edit)
            if binds is True:
                mandated = mandate
            elif binds is None:
                conditional = mandate

        if finding is not None:
            determination = (
                "mandated" if mandated is not None and finding.determination != "covered" else finding.determination
            )
            return CoverageFinding(determination, finding.basis, None, finding.source, tuple(edits))
        if mandated is not None:
            return CoverageFinding("mandated", mandated.id, None, mandated.source, tuple(edits))
        if conditional is not None:
            return CoverageFinding("conditional", conditional.id, None, conditional.source, tuple(edits))
        who = f"{payer.name} ({payer.type})" if payer.name else f"{payer.type} payer in {payer.plan_state}"
        if payer.type == "medicaid":
            who = f"Medicaid in {payer.plan_state}" + (f" ({payer.name})" if payer.name else "")
        edits.append(self._coverage_unknown(who, dos, unmatched, unknown))
        return CoverageFinding("unknown", None, None, None, tuple(edits))

    def _mandate_edit(
        self, session: Session, mandate: StateMandate, dos: date, malignant: tuple[str, ...]
    ) -> tuple[Edit | None, bool | None]:
        """The STATE_MANDATE edit for this plan and whether the law binds it: True (decided),
        None (binds only if the conditions the edit names hold) or False (does not bind)."""
        payer = session.payer
        why = None
        if payer.type == "medicaid" and not mandate.includes_medicaid:
            why = "the law does not include Medicaid"
        elif (
            payer.type == "medicaid"
            and mandate.medicaid_delivery
            and payer.medicaid_delivery is not None
            and payer.medicaid_delivery not in mandate.medicaid_delivery
        ):
            reach = " and ".join(d.replace("_", "-") for d in mandate.medicaid_delivery)
            why = f"the law reaches Medicaid {reach} only; this is {payer.medicaid_delivery.replace('_', '-')} Medicaid"
        elif payer.type == "commercial" and payer.funding == "self_funded":
            why = "state mandates do not bind self-funded ERISA plans"
        elif (
            payer.group_size is not None and payer.group_size not in mandate.group_sizes and payer.type == "commercial"
        ):
            sizes = ", ".join(mandate.group_sizes)
            why = f"the law applies to {sizes} group plans; this plan is {payer.group_size} group"
        elif (
            mandate.covered_sets
            and malignant
            and not any(self._in_set(code, s) for code in malignant for s in mandate.covered_sets)
        ):
            why = "the diagnosis is outside the cancers the law names"
        elif payer.plan_renewal_date is not None and not _issued_in_time(mandate, payer.plan_renewal_date, dos):
            why = (
                f"the plan was last issued or renewed on {payer.plan_renewal_date}, before {mandate.effective_from}; "
                "the law binds it from its first renewal on or after that date"
            )
        if why is not None:
            return (
                self._edits.make(
                    "STATE_MANDATE_NOT_BINDING",
                    mandate=mandate.title,
                    why=why,
                    mandate_source=mandate.source,
                ),
                False,
            )
        conditions = []
        if payer.type == "commercial" and payer.funding is None:
            conditions.append("the plan is fully insured (funding not recorded)")
        if payer.type == "commercial" and payer.group_size is None:
            conditions.append(f"it is a {'/'.join(mandate.group_sizes)} group plan (group size not recorded)")
        if payer.type == "medicaid" and mandate.medicaid_delivery and payer.medicaid_delivery is None:
            reach = " or ".join(d.replace("_", "-") for d in mandate.medicaid_delivery)
            conditions.append(f"the beneficiary is in Medicaid {reach} (delivery not recorded)")
        if payer.plan_renewal_date is None and _renewal_matters(mandate, dos):
            conditions.append(
                f"the plan was issued or renewed on or after {mandate.effective_from} (renewal date not recorded)"
            )
        if mandate.confidence == "U":
            conditions.append("the law's enactment is not confirmed")
        condition = ""
        if conditions:
            condition = ", provided " + " and ".join(conditions)
        if mandate.prior_authorization_allowed:
            condition += "; the plan may require prior authorization"
        edit = self._edits.make(
            "STATE_MANDATE",
            mandate=mandate.title,
            condition=condition,
            mandate_source=mandate.source,
        )
        return edit, (None if conditions else True)


def _renewal_matters(mandate: StateMandate, dos: date) -> bool:
    """Whether the law binds a plan only from its issue or renewal on or after the effective
    date (so an unknown renewal date leaves the answer open) on this date of service."""
    if mandate.all_plans_from is not None:
        return dos < mandate.all_plans_from
    return "renewed" in mandate.effective_basis


def _issued_in_time(mandate: StateMandate, renewal: date, dos: date) -> bool:
    """Whether a plan last issued or renewed on `renewal` is bound on `dos`."""
    if not _renewal_matters(mandate, dos):
        return True
    assert mandate.effective_from is not None
    return renewal >= mandate.effective_from


@dataclass(frozen=True, slots=True)
class _Memo:
    finding: CoverageFinding
    dos: date  # the date it was judged for
    unknown: tuple[str, str] | None  # COVERAGE_UNKNOWN's who and note, when the finding has it


_NOT_APPLICABLE = CoverageFinding("not_applicable", None, None, None, ())


def period_turns(refdata: RefData) -> list[date]:
    """The sorted dates on which some coverage rule starts or stops applying: a policy's or a
    law's first day, the day after a policy's last, a law's all-plans date."""
    turns: set[date] = set()
    for policy in refdata.policies:
        turns.add(policy.effective_from)
        if policy.effective_to is not None:
            turns.add(policy.effective_to + timedelta(days=1))
    for mandate in refdata.mandates:
        turns.update(d for d in (mandate.effective_from, mandate.all_plans_from) if d is not None)
    return sorted(turns)
