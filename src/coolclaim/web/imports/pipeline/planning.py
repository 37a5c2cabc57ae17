"""Stage 2: read and validate every record (no database) and group the valid ones in chunks
of whole units."""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings

from coolclaim.io.session_files import BadLine, UnreadableInput
from coolclaim.web.accounts.models import Facility
from coolclaim.web.imports.pipeline.importer import Importer
from coolclaim.web.imports.pipeline.plan import Plan, Planned, Progress, Reject
from coolclaim.web.imports.pipeline.staging import MAX_FILE_BYTES

Item = TypeVar("Item")

#: Records per chunk (a unit larger than this is a chunk of its own); the setting
#: ``COOLCLAIM_IMPORT_CHUNK`` overrides it.
CHUNK = 2000


def chunk_size_setting() -> int:
    return int(getattr(settings, "COOLCLAIM_IMPORT_CHUNK", CHUNK))


def plan_file(
    importer: Importer[Item],
    data: bytes,
    filename: str,
    facility: Facility,
    progress: Progress | None = None,
    chunk_size: int | None = None,
) -> Plan[Item]:
    """Read and validate ``data``; every valid record is planned *new* until compared.

    Raises :class:`UnreadableInput` when the file cannot be read as records at all.
    """
    chunk_size = chunk_size or chunk_size_setting()
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableInput(f"{filename}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    file_format, records = importer.read(data, filename)
    lines = data.splitlines() if any(isinstance(r, BadLine) for r in records) else []
    rejects: list[Reject] = []
    units: dict[Any, list[Planned[Item]]] = {}
    seen: dict[str, int] = {}
    for position, raw in enumerate(records, start=1):
        if isinstance(raw, BadLine):
            text = lines[raw.line - 1].decode("utf-8", errors="replace") if raw.line <= len(lines) else ""
            error = {"field": f"(line {raw.line})", "message": f"is not valid JSON: {raw.reason}"}
            rejects.append(Reject(position, "", [error], text, raw.line))
            continue
        item = importer.validate(raw, position, facility)
        if isinstance(item, Reject):
            rejects.append(item)
            continue
        identity = importer.identity(item)
        first = seen.get(identity)
        if first is not None:
            error = {"field": importer.identity_field, "message": f"appears already as record {first} of this file"}
            rejects.append(Reject(position, identity[:200], [error], raw))
            continue
        seen[identity] = position
        units.setdefault(importer.unit(item), []).append(Planned(position, item))
        if progress is not None and position % chunk_size == 0:
            progress("validate", position, len(records))
    chunks: list[list[Planned[Item]]] = []
    current: list[Planned[Item]] = []
    for members in units.values():
        if current and len(current) + len(members) > chunk_size:
            chunks.append(current)
            current = []
        current.extend(members)
    if current:
        chunks.append(current)
    if progress is not None:
        progress("validate", len(records), len(records))
    return Plan(filename, file_format, len(records), chunks, rejects)
