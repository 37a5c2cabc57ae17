"""Says in plain words why a line was adjusted or denied, from its CARCs, group codes and RARCs.

The descriptions come from reference data (`remittance_codes.yaml`), passed in as mappings so
this stays pure; an unknown code is named as unknown rather than dropped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from coolclaim.claims.remittance import Adjustment


def plain_reasons(
    adjustments: Sequence[Adjustment],
    remarks: Sequence[str],
    *,
    groups: Mapping[str, str],
    carc: Mapping[str, str],
    rarc: Mapping[str, str],
) -> tuple[str, ...]:
    """One sentence per adjustment and per remark, in the order the payer gave them."""
    out = []
    for adjustment in adjustments:
        reason = carc.get(adjustment.reason, f"reason code {adjustment.reason} (not in our table)")
        who = groups.get(adjustment.group, f"group {adjustment.group}")
        out.append(f"{adjustment.group}-{adjustment.reason} {adjustment.amount}: {reason}. {who}.")
    for remark in remarks:
        out.append(f"{remark}: {rarc.get(remark, 'remark code not in our table')}.")
    return tuple(out)
