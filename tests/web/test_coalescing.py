"""Work deferred inside ``coalesced()`` runs once at the end of the outermost block, with every
id; outside a block it runs at once; a block that raises drops it."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from coolclaim.web.coalescing import coalesced, run_or_defer

calls: list[list[int]] = []


def work(ids: Iterable[int]) -> None:
    calls.append(sorted(ids))


def test_outside_a_block_the_work_runs_at_once() -> None:
    calls.clear()
    run_or_defer(work, [2, 1])
    assert calls == [[1, 2]]


def test_inside_nested_blocks_the_work_runs_once_at_the_outer_end() -> None:
    calls.clear()
    with coalesced():
        run_or_defer(work, [3, 1])
        with coalesced():
            run_or_defer(work, [1, 2])
        assert calls == []
    assert calls == [[1, 2, 3]]


def test_work_deferred_by_deferred_work_runs_too() -> None:
    calls.clear()

    def chained(ids: Iterable[int]) -> None:
        run_or_defer(work, [n * 10 for n in ids])

    with coalesced():
        run_or_defer(chained, [1, 2])
    assert calls == [[10, 20]]


def _fail_inside_a_block() -> None:
    with coalesced():
        run_or_defer(work, [1])
        raise RuntimeError("rolled back")


def test_a_block_that_raises_drops_the_work() -> None:
    calls.clear()
    with pytest.raises(RuntimeError):
        _fail_inside_a_block()
    assert calls == []
    run_or_defer(work, [4])
    assert calls == [[4]]
