"""Kinds of work in the queue (the filter's choices and the badges)."""

from __future__ import annotations


class Kind:
    HELD = "held"
    DOCUMENTATION = "documentation"
    UNCODED = "uncoded"
    DENIED = "denied"
    CORRECTION = "correction"
    CHOICES = (
        (HELD, "Held claims"),
        (DOCUMENTATION, "Incomplete documentation"),
        (UNCODED, "Not yet coded"),
        (DENIED, "Denied or rejected by the payer"),
        (CORRECTION, "Corrections of submitted claims"),
    )
