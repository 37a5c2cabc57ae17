"""999 Implementation Acknowledgment, implementation guide 005010X231A1."""

from coolclaim.x12.x12_999_005010X231A1.reader import (
    VERSION,
    ElementError,
    GroupAcknowledgment,
    SegmentError,
    TransactionAcknowledgment,
    read_999,
)

__all__ = ["VERSION", "ElementError", "GroupAcknowledgment", "SegmentError", "TransactionAcknowledgment", "read_999"]
