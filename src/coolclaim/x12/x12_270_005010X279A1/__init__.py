"""270 Eligibility, Coverage or Benefit Inquiry, implementation guide 005010X279A1."""

from coolclaim.x12.x12_270_005010X279A1.writer import VERSION, EligibilityRequest, write_270

__all__ = ["VERSION", "EligibilityRequest", "write_270"]
