"""The claim as it leaves the building, and the remittance that comes back.

Pure types and functions: no Django, no database, no files, no clock. The X12 adapters
(`coolclaim.x12`) write these claims into 837 files and read 835 files into the remittance
types here; `matching` puts each service payment back onto the stored claim line.
"""
