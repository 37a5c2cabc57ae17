"""835 Health Care Claim Payment/Advice, implementation guide 005010X221A1.

`read_835` turns a remittance file into `coolclaim.claims.remittance` types; `write_835`
makes remittance files for the tests and the demo (we never send an 835).
"""

from coolclaim.x12.x12_835_005010X221A1.reader import VERSION, read_835
from coolclaim.x12.x12_835_005010X221A1.writer import PayerDetails, write_835

__all__ = ["VERSION", "PayerDetails", "read_835", "write_835"]
