"""Discard a previewed file that was never imported: the batch and the file it holds go."""

from __future__ import annotations

from coolclaim.web.imports.models import BatchStatus, ImportBatch


class DiscardRefused(Exception):
    """The batch was imported (or is being imported): its record stays."""


def discard_batch(batch: ImportBatch) -> str:
    """Delete a batch still only previewed; returns its file name. An imported, queued, running
    or failed batch is part of the history and is refused."""
    if batch.status != BatchStatus.PREVIEWED:
        raise DiscardRefused(f"Only a file that was never imported can be discarded ({batch.get_status_display()}).")
    name = batch.filename
    batch.delete()
    return name
