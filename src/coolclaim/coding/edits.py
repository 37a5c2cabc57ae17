"""Claim edits: a stable code, a severity, a plain message and the rule's source."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from coolclaim.coding.quick_init import quick_init
from coolclaim.refdata.model import EditRule
from coolclaim.vocabulary import Severity


@quick_init
@dataclass(frozen=True, slots=True)
class Edit:
    code: str
    severity: Severity
    message: str
    source: str

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "source": self.source,
        }


class EditCatalogue:
    """Builds edits from the catalogue in refdata/edits.yaml."""

    REQUIRED = (
        "NO_CODE_FOR_DATE",
        "ADDON_WITHOUT_PRIMARY",
        "FITTING_ALREADY_BILLED",
        "TIMES_MISSING",
        "TIMES_OUT_OF_ORDER",
        "TIMES_NO_OFFSET",
        "POST_COOLING_REMAINDER",
        "POST_COOLING_LONG",
        "DOCUMENTATION_INCOMPLETE",
        "NO_CANCER_DIAGNOSIS",
        "CONTRAINDICATED_DIAGNOSIS",
        "DIAGNOSIS_NOT_COVERED",
        "COVERAGE_UNKNOWN",
        "EM_NOT_SEPARATE",
        "COURSE_SESSIONS_REVIEW",
        "CHEMO_ADMIN_MISSING",
        "OPPS_PACKAGED",
        "PEDIATRIC_PATIENT",
        "CODE_DELETED",
    )

    MEMO_LIMIT = 100_000

    def __init__(self, rules: Mapping[str, EditRule]) -> None:
        missing = [code for code in self.REQUIRED if code not in rules]
        if missing:
            raise ValueError(f"edits.yaml lacks the contract's edit codes: {', '.join(missing)}")
        self._rules = rules
        # Edits are immutable and repeat across sessions: build each distinct one once.
        self._made: dict[tuple[object, ...], Edit] = {}

    def make(self, edit_code: str, /, **params: object) -> Edit:
        key = (edit_code, *params.items())
        edit = self._made.get(key)
        if edit is None:
            rule = self._rules[edit_code]
            edit = Edit(edit_code, Severity(rule.severity), rule.message.format(**params), rule.source.format(**params))
            if len(self._made) < self.MEMO_LIMIT:
                self._made[key] = edit
        return edit

    def __contains__(self, code: object) -> bool:
        return code in self._rules
