"""Which Medicare A/B contractor serves a facility."""

from __future__ import annotations

from coolclaim.refdata.model import RefData


def medicare_jurisdiction(refdata: RefData, state: str, county: str | None, part: str) -> str | None:
    """The jurisdiction id for a facility; a county exception wins for its Medicare part.

    `part` is "B" for professional (office) claims and "A" for institutional ones.
    """
    if county is not None:
        wanted = _locality(county)
        for row in refdata.county_exceptions:
            if row.state == state and row.part == part and _locality(row.county) == wanted:
                return row.jurisdiction
    row_state = refdata.states.get(state)
    return row_state.jurisdiction if row_state is not None else None


def _locality(name: str) -> str:
    """'Fairfax County', 'City of Fairfax' and 'fairfax' all compare as 'fairfax'."""
    words = name.casefold().replace("city of", " ").replace("county", " ").split()
    return " ".join(words)
