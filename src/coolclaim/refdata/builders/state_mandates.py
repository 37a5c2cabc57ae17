"""state_mandates.yaml: state laws on scalp-cooling coverage, whom they bind and from when."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coolclaim.refdata.builders.fields import optional_date
from coolclaim.refdata.errors import RefDataError
from coolclaim.refdata.model import StateMandate

NAME = "state_mandates"


def build(document: dict[str, Any]) -> tuple[StateMandate, ...]:
    mandates = []
    for i, r in enumerate(document["mandates"]):
        where = f"mandates[{i}]"
        if r["status"] == "enacted" and r["effective_from"] is None:
            raise RefDataError("state_mandates.yaml", [f"{where}.effective_from: required when enacted"])
        mandates.append(
            StateMandate(
                id=r["id"],
                state=r["state"],
                title=r["title"],
                status=r["status"],
                group_sizes=tuple(r["group_sizes"]),
                includes_medicaid=r["includes_medicaid"],
                covered_sets=tuple(r["covered_sets"]),
                effective_from=optional_date(NAME, f"{where}.effective_from", r["effective_from"]),
                all_plans_from=optional_date(NAME, f"{where}.all_plans_from", r["all_plans_from"]),
                effective_basis=r["effective_basis"],
                prior_authorization_allowed=r["prior_authorization_allowed"],
                source=r["source"],
                confidence=r["confidence"],
                medicaid_delivery=tuple(r.get("medicaid_delivery") or ()),
            )
        )
    return tuple(mandates)


def load(directory: Path | None = None) -> tuple[StateMandate, ...]:
    from coolclaim.refdata.loader import read_validated

    return build(read_validated(NAME, directory))
