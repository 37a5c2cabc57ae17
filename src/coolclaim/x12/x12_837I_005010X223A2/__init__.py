"""837 Institutional, implementation guide 005010X223A2 (hospital outpatient, type of bill 0131)."""

from coolclaim.x12.x12_837I_005010X223A2.writer import VERSION, loop_2300, write_837i

__all__ = ["VERSION", "loop_2300", "write_837i"]
