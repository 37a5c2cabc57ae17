"""Stage 1: keep the uploaded file as a batch (the page's first step; the CLI's too)."""

from __future__ import annotations

import hashlib
from typing import Any

from coolclaim.io.session_files import UnreadableInput, detect_format
from coolclaim.web.accounts.models import Facility
from coolclaim.web.accounts.permissions import Action, require
from coolclaim.web.imports.models import ImportBatch

__all__ = ["MAX_FILE_BYTES", "UnreadableInput", "stage_batch"]

#: Largest file the pipeline accepts (bytes).
MAX_FILE_BYTES = 50 * 1024 * 1024


def stage_batch(
    data: bytes,
    filename: str,
    facility: Facility,
    user: Any,
    permission: Action = Action.IMPORT_SESSIONS,
    operator: str = "",
) -> ImportBatch:
    """Keep ``data`` as a previewed batch of ``facility``, uploaded by ``user`` (checked);
    ``operator``: who ran it from the command line."""
    if user is not None:
        require(user, permission, facility)
    actor = user if getattr(user, "is_authenticated", False) else None
    return ImportBatch.objects.create(
        facility=facility,
        created_by=actor,
        operator=operator[:150],
        filename=filename[:255],
        file_format=detect_format(filename, data),
        sha256=hashlib.sha256(data).hexdigest(),
        content=data,
    )
