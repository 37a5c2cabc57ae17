"""Code roles read from the `role` column of refdata/data/codes.yaml (never constants in code)."""

from __future__ import annotations

from dataclasses import dataclass

from coolclaim.refdata.model import RefData
from coolclaim.vocabulary import CodeRole

#: Roles of the chemotherapy administration codes that are primaries for the cooling add-ons.
CHEMO_ROLES = frozenset(
    {CodeRole.CHEMO_FIRST, CodeRole.CHEMO_ADDON, CodeRole.CHEMO_PUSH_ADDON, CodeRole.CHEMO_PROLONGED}
)


@dataclass(frozen=True, slots=True)
class CodeRoles:
    """The codes of each role, from codes.yaml."""

    by_role: dict[str, frozenset[str]]

    def codes(self, role: CodeRole | str) -> frozenset[str]:
        return self.by_role.get(str(role), frozenset())

    @property
    def fitting(self) -> frozenset[str]:
        """The once-per-course fitting codes (0662T until 2025, 97007 from 2026)."""
        return self.codes(CodeRole.FITTING)

    @property
    def chemo_administration(self) -> frozenset[str]:
        return frozenset().union(*(self.codes(role) for role in CHEMO_ROLES))


def code_roles(refdata: RefData) -> CodeRoles:
    by_role: dict[str, set[str]] = {}
    for code, info in refdata.codes.items():
        by_role.setdefault(info.role, set()).add(code)
    return CodeRoles({role: frozenset(codes) for role, codes in by_role.items()})
