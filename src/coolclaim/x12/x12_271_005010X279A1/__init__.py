"""271 Eligibility, Coverage or Benefit Information, implementation guide 005010X279A1."""

from coolclaim.x12.x12_271_005010X279A1.reader import VERSION, Benefit, Eligibility, read_271

__all__ = ["VERSION", "Benefit", "Eligibility", "read_271"]
