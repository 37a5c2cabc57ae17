"""``ENGINE: coolclaim.web.sqlite_backend``: Django's SQLite backend whose statements wait
and retry (:mod:`.busy`) when another connection holds the write lock.

Settings give it WAL mode (readers never wait for the writer), ``busy_timeout`` (each try
waits that long for the lock) and ``BEGIN IMMEDIATE`` transactions (a transaction takes the
write lock when it starts, so a busy database shows at ``BEGIN``, where running again is safe,
and never half-way through). A statement inside an open transaction is not retried.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.sqlite3 import base as sqlite3_base

from coolclaim.web.sqlite_backend.busy import retry_busy


class RetryingCursor(sqlite3_base.SQLiteCursorWrapper):
    """Django's SQLite cursor; outside a transaction a busy database is retried."""

    def execute(self, query: str, params: Any = None) -> Any:
        run = super().execute
        if self.connection.in_transaction:
            return run(query, params)
        return retry_busy(lambda: run(query, params))

    def executemany(self, query: str, param_list: Any) -> Any:
        run = super().executemany
        if self.connection.in_transaction:
            return run(query, param_list)
        rows = list(param_list)  # a generator could not be read twice
        return retry_busy(lambda: run(query, rows))


class DatabaseWrapper(sqlite3_base.DatabaseWrapper):
    def create_cursor(self, name: str | None = None) -> Any:
        return self.connection.cursor(factory=RetryingCursor)
