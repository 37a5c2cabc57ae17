"""The parts of the coding contract's session shape that a stored Session fills the same way
for the coding service and for the API (device, documentation, E/M visit)."""

from __future__ import annotations

from typing import Any

from coolclaim.web.clinic.models import Session


def contract_parts(session: Session) -> dict[str, Any]:
    return {
        "device": {
            "model": session.device_model or None,
            "serial": session.device_serial or None,
            "cap_lot": session.cap_lot or None,
        },
        "documentation": {
            "order_verified": session.order_verified,
            "contraindications_screened": session.contraindications_screened,
            "tolerance_monitored": session.tolerance_monitored,
            "scalp_assessed": session.scalp_assessed,
        },
        "em_visit": (
            {"code": session.em_code, "separately_identifiable": session.em_separately_identifiable}
            if session.em_code
            else None
        ),
        "abn_obtained": session.abn_obtained,
    }
