"""837 Professional, implementation guide 005010X222A1 (office claims, place of service 11)."""

from coolclaim.x12.x12_837P_005010X222A1.writer import VERSION, loop_2300, write_837p

__all__ = ["VERSION", "loop_2300", "write_837p"]
