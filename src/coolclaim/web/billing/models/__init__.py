"""Models of the billing app: a claim has versions; a version has lines and edits.

A version is immutable once submitted (``submitted_at`` set): its ``save()``/``delete()``,
those of its lines and edits, and queryset ``update()``/``delete()`` over them raise
:class:`ImmutableClaimVersion`. A correction is a new version with a reason. Claim notes are append-only
(:class:`ImmutableClaimNote`). A facility's fee schedule gives every line its charge; its
trading-partner settings, submission batches (837) and posted remittances (835) follow the
claim out of the building and back.
"""

from coolclaim.web.billing.models.claim import Claim
from coolclaim.web.billing.models.edit import ClaimEdit
from coolclaim.web.billing.models.fee import FeeScheduleEntry
from coolclaim.web.billing.models.line import ClaimLine
from coolclaim.web.billing.models.note import ClaimNote, ImmutableClaimNote
from coolclaim.web.billing.models.partner import TradingPartner
from coolclaim.web.billing.models.remittance import (
    LinePayment,
    RemittancePosting,
    Resolution,
    TraceNumber,
    UnmatchedPayment,
)
from coolclaim.web.billing.models.submission import (
    AckStatus,
    BatchKind,
    ControlCounter,
    SubmissionBatch,
    SubmittedClaim,
)
from coolclaim.web.billing.models.version import ClaimVersion, ImmutableClaimVersion

__all__ = [
    "AckStatus",
    "BatchKind",
    "Claim",
    "ClaimEdit",
    "ClaimLine",
    "ClaimNote",
    "ClaimVersion",
    "ControlCounter",
    "FeeScheduleEntry",
    "ImmutableClaimNote",
    "ImmutableClaimVersion",
    "LinePayment",
    "RemittancePosting",
    "Resolution",
    "SubmissionBatch",
    "SubmittedClaim",
    "TraceNumber",
    "TradingPartner",
    "UnmatchedPayment",
]
