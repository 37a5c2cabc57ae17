"""277CA Claim Acknowledgment, implementation guide 005010X214."""

from coolclaim.x12.x12_277_005010X214.reader import VERSION, ClaimAcknowledgment, Status, read_277ca

__all__ = ["VERSION", "ClaimAcknowledgment", "Status", "read_277ca"]
