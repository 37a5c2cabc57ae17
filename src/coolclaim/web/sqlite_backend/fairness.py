"""Letting other writers in between the chunks of a long write (SQLite only).

SQLite has no queue of waiting writers: a connection that waits for the write lock polls it
(its busy handler sleeps up to 100 ms between looks). An import that commits a chunk and at
once begins the next takes the lock back before any waiter looks again, so pages and the API
(every read writes audit rows) could wait for the whole import. :func:`yield_write_lock`, called
after each committed chunk, pauses long enough for every waiting writer to look once.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection

#: Seconds: a little more than the busy handler's longest sleep (100 ms).
DEFAULT_PAUSE = 0.12


def yield_write_lock() -> None:
    """Pause after a committed chunk on SQLite (``COOLCLAIM_SQLITE_WRITER_PAUSE`` seconds)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return
    pause = float(getattr(settings, "COOLCLAIM_SQLITE_WRITER_PAUSE", DEFAULT_PAUSE))
    if pause > 0:
        time.sleep(pause)
