"""Signals of the billing app: news for the apps above it (the queue, the hub to come)."""

from __future__ import annotations

from django.dispatch import Signal

#: Sent with ``session_ids`` after the claims of these sessions were created, changed status
#: or were deleted (by ``Claim.save``/``Claim.delete`` and by the coding service's bulk path).
claims_changed = Signal()
