"""Django's database sessions, read by a plain statement.

Every signed-in request reads its session row; the ORM spends ~0.4 ms of Python building and
compiling that one-row query. :class:`SessionStore` reads the same row (same key, same
unexpired test, same table) through :mod:`coolclaim.web.plain_reads`; writing, creating and
deleting sessions are Django's own. ``SESSION_ENGINE = "coolclaim.web.session_store"``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.utils import timezone

from coolclaim.web import plain_reads


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        model = self.model
        key = self.session_key
        if key is None:
            return None
        now = connections[router.db_for_read(model)].ops.adapt_datetimefield_value(timezone.now())
        rows = plain_reads.read(
            model,
            "SELECT {session_data}, {expire_date} FROM {table} WHERE {session_key} = %s AND {expire_date} > %s",
            [key, now],
            typed=(None, "expire_date"),
        )
        if not rows:
            self._session_key = None
            return None
        data, expire_date = rows[0]
        return model(session_key=key, session_data=data, expire_date=expire_date)

    @classmethod
    def get_model_class(cls) -> type[Session]:
        return Session
