"""What the pipeline asks of an importer (one per file kind)."""

from __future__ import annotations

from collections.abc import Hashable, MutableMapping, Sequence
from typing import Any, Protocol, TypeVar

from coolclaim.web.accounts.models import Facility
from coolclaim.web.accounts.permissions import Action as Permission
from coolclaim.web.imports.pipeline.plan import Planned, Progress, Reject

Item = TypeVar("Item")


class Importer(Protocol[Item]):
    """One kind of file. The pipeline calls, in order: ``read`` once, ``validate`` per record
    (pure: no database), ``unit``/``identity`` to chunk and to find repeats, then per chunk
    ``compare`` and ``write`` (both set-based: a fixed number of queries per chunk)."""

    #: What the batch calls its records, e.g. "sessions".
    kind: str
    #: The permission an uploader needs for the facility.
    permission: Permission
    #: The field a repeated ``identity`` is reported on, e.g. "session_id".
    identity_field: str

    def read(self, data: bytes, filename: str) -> tuple[str, list[object]]:
        """(file format, raw records); raises ``UnreadableInput`` for a file it cannot read."""
        ...

    def validate(self, raw: object, position: int, facility: Facility) -> Item | Reject:
        """The validated form of one record, or its rejection with every reason."""
        ...

    def identity(self, item: Item) -> str:
        """What makes a record the same as another (repeats in one file are rejected)."""
        ...

    def unit(self, item: Item) -> Hashable:
        """Records of one unit (e.g. a course) stay in one chunk."""
        ...

    def compare(
        self, chunk: Sequence[Planned[Item]], facility: Facility, memory: MutableMapping[str, Any]
    ) -> list[Reject]:
        """Mark each record new / changed / unchanged against stored rows (in bulk); return the
        records rejected for contradicting them (removed from the chunk by the caller).
        ``memory`` lives for one run over the file (facts of earlier chunks)."""
        ...

    def write(
        self, todo: Sequence[Planned[Item]], facility: Facility, actor: Any, reason: str, progress: Progress | None
    ) -> dict[str, int]:
        """Write the new and changed records of one chunk (inside the pipeline's transaction);
        returns counts for the batch (``new_claims``, ``new_versions``)."""
        ...
