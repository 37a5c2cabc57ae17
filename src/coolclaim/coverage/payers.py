"""Payer identity: a payer's name or id to the policy holder whose policy applies.

Names are compared in a normalised form (case, punctuation, "&"/"and", "BCBS", "BlueCross" and
small words do not matter), against the aliases each payer policy lists in
coverage_policies.yaml; a name matches an alias when it is the alias or begins with it (the
plan's product name may follow). A payer id, when given, matches the policy's `payer_ids`
exactly and wins over the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from coolclaim.refdata.model import CoveragePolicy

_WORDS = re.compile(r"[a-z0-9]+")
_SMALL = frozenset({"and", "of", "the", "inc", "co", "company", "corp", "corporation"})
_SPELLINGS = (
    ("&", " and "),
    ("bluecross", "blue cross"),
    ("blueshield", "blue shield"),
    ("bcbs", "blue cross blue shield"),
)


def normalise(name: str) -> str:
    """'BlueCross BlueShield of Texas', 'Blue Cross & Blue Shield of Texas' and 'BCBS Texas'
    all become 'blue cross blue shield texas'."""
    text = name.casefold()
    for written, meant in _SPELLINGS:
        text = text.replace(written, meant)
    return " ".join(word for word in _WORDS.findall(text) if word not in _SMALL)


class PayerTable:
    def __init__(self, policies: Iterable[CoveragePolicy]) -> None:
        self._policies = [p for p in policies if p.scope == "payer"]
        self._aliases = {p.id: tuple(normalise(n) for n in p.payer_names) for p in self._policies}
        self._ids = {p.id: frozenset(i.casefold() for i in p.payer_ids) for p in self._policies}
        self._memo: dict[tuple[str | None, str | None, str, date], CoveragePolicy | None] = {}

    def policy(self, name: str | None, payer_id: str | None, payer_type: str, on: date) -> CoveragePolicy | None:
        key = (name, payer_id, payer_type, on)
        if key in self._memo:
            return self._memo[key]
        found = self._find(name, payer_id, payer_type, on)
        if len(self._memo) < 100_000:
            self._memo[key] = found
        return found

    def _find(self, name: str | None, payer_id: str | None, payer_type: str, on: date) -> CoveragePolicy | None:
        candidates = [p for p in self._policies if payer_type in p.payer_types and p.in_force(on)]
        if payer_id:
            wanted = payer_id.strip().casefold()
            by_id = next((p for p in candidates if wanted in self._ids[p.id]), None)
            if by_id is not None:
                return by_id
        if not name:
            return None
        plain = normalise(name)
        return next(
            (
                p
                for p in candidates
                if any(plain == alias or plain.startswith(alias + " ") for alias in self._aliases[p.id])
            ),
            None,
        )
