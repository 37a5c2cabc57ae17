"""Stage 3: compare each chunk with the stored rows (bulk lookups, a fixed number of queries
per chunk); records that contradict stored facts become rejects."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any, TypeVar

from coolclaim.web.accounts.models import Facility
from coolclaim.web.imports.pipeline.importer import Importer
from coolclaim.web.imports.pipeline.plan import Plan, Planned, Reject

Item = TypeVar("Item")


def compare_chunk(
    importer: Importer[Item],
    chunk: list[Planned[Item]],
    facility: Facility,
    memory: MutableMapping[str, Any],
) -> list[Reject]:
    """Mark the chunk's records; remove and return the rejected ones."""
    rejects = importer.compare(chunk, facility, memory)
    if rejects:
        gone = {r.position for r in rejects}
        chunk[:] = [p for p in chunk if p.position not in gone]
    return rejects


def compare_plan(importer: Importer[Item], plan: Plan[Item], facility: Facility) -> Plan[Item]:
    """Compare every chunk (the preview: reads only)."""
    memory: dict[str, Any] = {}
    for chunk in plan.chunks:
        plan.rejects.extend(compare_chunk(importer, chunk, facility, memory))
    plan.chunks = [c for c in plan.chunks if c]
    plan.rejects.sort(key=lambda r: r.position)
    return plan
