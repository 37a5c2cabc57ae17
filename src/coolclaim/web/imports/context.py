"""Template context: whether to show the Import link (role check only, no query)."""

from __future__ import annotations

from django.http import HttpRequest

from coolclaim.web.accounts.permissions import Action, can


def import_nav(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    return {"can_import": bool(user is not None and can(user, Action.IMPORT_SESSIONS))}
