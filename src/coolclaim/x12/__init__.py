"""X12 5010 adapters: one package per transaction, named after its implementation guide.

Writers (837P, 837I, 270, and an 835 writer for tests and the demo) format the pure claim
types of `coolclaim.claims`; readers (835, 999, 277CA, 271) go through one small segment
reader (`interchange`) that checks the envelope (separators, SE/GE/IEA counts and control
numbers) before any transaction is looked at, so a bad file is refused whole with the segment
and its position named. `validation` runs pyx12 against the implementation guides.
"""
