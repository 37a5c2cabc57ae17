"""What documentation a session needs: the one definition of "documentation incomplete".

Required (holds the claim, edit `DOCUMENTATION_INCOMPLETE`): the physician order verified,
contraindications screened and the device serial number. Recommended (edit
`DOCUMENTATION_RECOMMENDED`, a warning): tolerance monitored, scalp assessed at removal and
the cap lot. The wording of both edits is the edit catalogue's (refdata/data/edits.yaml);
the app's work queue and pages use `documentation_incomplete` and `incomplete_edit` so they
say the same as the claim.
"""

from __future__ import annotations

from collections.abc import Mapping

from coolclaim.coding.edits import Edit
from coolclaim.refdata.model import EditRule
from coolclaim.vocabulary import Severity


def missing_required(order_verified: bool, contraindications_screened: bool, device_serial: str | None) -> list[str]:
    """The required items that are missing, in plain words."""
    return [
        label
        for label, done in (
            ("physician order verified", order_verified),
            ("contraindications screened", contraindications_screened),
            ("device serial number", bool(device_serial)),
        )
        if not done
    ]


def missing_recommended(tolerance_monitored: bool, scalp_assessed: bool, cap_lot: str | None) -> list[str]:
    return [
        label
        for label, done in (
            ("patient tolerance monitored", tolerance_monitored),
            ("scalp assessed at removal", scalp_assessed),
            ("cap lot", bool(cap_lot)),
        )
        if not done
    ]


def documentation_incomplete(order_verified: bool, contraindications_screened: bool, device_serial: str | None) -> bool:
    """Whether the claim is held for missing documentation."""
    return bool(missing_required(order_verified, contraindications_screened, device_serial))


def incomplete_edit(
    rules: Mapping[str, EditRule],
    order_verified: bool,
    contraindications_screened: bool,
    device_serial: str | None,
) -> Edit | None:
    """The `DOCUMENTATION_INCOMPLETE` edit (catalogue wording and source), or None when complete."""
    missing = missing_required(order_verified, contraindications_screened, device_serial)
    if not missing:
        return None
    rule = rules["DOCUMENTATION_INCOMPLETE"]
    return Edit(rule.code, Severity(rule.severity), rule.message.format(missing=", ".join(missing)), rule.source)
