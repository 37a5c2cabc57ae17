"""Work that signals trigger many times in one unit of work, done once at its end.

A bulk writer (an import chunk) sends ``sessions_changed`` and then ``claims_changed`` for the
same sessions; a receiver that refreshes derived rows (the work queue) would do the same work
twice, or once per signal of many small writes. Inside :func:`coalesced`, a receiver calls
:func:`run_or_defer` instead of doing the work: the work is done once, when the block ends
(inside the caller's transaction, before it commits), with every id it was given. Outside a
block, :func:`run_or_defer` does the work at once, as before.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator

Work = Callable[[Iterable[int]], object]

_local = threading.local()


def _pending() -> dict[Work, set[int]] | None:
    pending: dict[Work, set[int]] | None = getattr(_local, "pending", None)
    return pending


@contextlib.contextmanager
def coalesced() -> Iterator[None]:
    """Defer :func:`run_or_defer` work to the end of the block (the outermost block when
    nested). Work left when the block raises is dropped: its transaction is rolled back."""
    if _pending() is not None:
        yield
        return
    pending: dict[Work, set[int]] = {}
    _local.pending = pending
    try:
        yield
        while pending:  # work done now may defer more (e.g. a refresh that changes claims)
            work = next(iter(pending))
            ids = pending.pop(work)
            work(ids)
    finally:
        _local.pending = None


def run_or_defer(work: Work, ids: Iterable[int]) -> None:
    """``work(ids)`` now, or at the end of the enclosing :func:`coalesced` block."""
    pending = _pending()
    if pending is None:
        work(ids)
    else:
        pending.setdefault(work, set()).update(ids)
