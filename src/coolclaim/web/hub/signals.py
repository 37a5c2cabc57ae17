"""Signals of the hub app (news for the apps above it: the queue) and its answers to the
clinic's page signals, connected once by ``HubConfig.ready``."""

from __future__ import annotations

from django.dispatch import Signal

#: Sent with ``case_ids`` after cases' events or snapshots changed (a new event, the daily
#: overdue check). The queue app keeps its hub items from it.
cases_changed = Signal()


def connect_receivers() -> None:
    """Nothing yet."""
