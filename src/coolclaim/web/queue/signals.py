"""Receivers of the upstream apps' signals: every change that can move a session into or out
of the queue refreshes its item (once per unit of work inside ``coalescing.coalesced``: an
import chunk refreshes each session once, not once per signal). Connected once by
:meth:`QueueConfig.ready`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.db.models.signals import post_delete

from coolclaim.web.billing.signals import claims_changed
from coolclaim.web.clinic.signals import sessions_changed
from coolclaim.web.coalescing import run_or_defer
from coolclaim.web.hub.signals import cases_changed
from coolclaim.web.queue.models import HubItem, QueueItem
from coolclaim.web.queue.services.badge_counts import Changes, hub_counts, item_counts, record_changes
from coolclaim.web.queue.services.refresh_hub_items import refresh_hub_items
from coolclaim.web.queue.services.refresh_items import refresh_items


def on_sessions_changed(sender: Any, session_ids: Iterable[int], **kwargs: Any) -> None:
    run_or_defer(refresh_items, session_ids)


def on_claims_changed(sender: Any, session_ids: Iterable[int], **kwargs: Any) -> None:
    run_or_defer(refresh_items, session_ids)


def on_cases_changed(sender: Any, case_ids: Iterable[int], **kwargs: Any) -> None:
    run_or_defer(refresh_hub_items, case_ids)


def _by_refresh(origin: Any, model: type[Any]) -> bool:
    return isinstance(origin, model) or (isinstance(origin, QuerySet) and origin.model is model)


def on_item_deleted(sender: Any, instance: QueueItem, origin: Any = None, **kwargs: Any) -> None:
    """An item deleted with its session (or patient, facility): its counts go with it (the
    refresh counts the items it deletes itself)."""
    if not _by_refresh(origin, QueueItem):
        changes = Changes()
        changes.add(
            instance.facility_id,
            item_counts(
                instance.held,
                instance.documentation_incomplete,
                instance.uncoded,
                instance.denied,
                instance.correction,
            ),
            -1,
        )
        record_changes(changes)


def on_hub_item_deleted(sender: Any, instance: HubItem, origin: Any = None, **kwargs: Any) -> None:
    if not _by_refresh(origin, HubItem):
        changes = Changes()
        changes.add(instance.facility_id, hub_counts(instance.overdue), -1)
        record_changes(changes)


def connect_receivers() -> None:
    sessions_changed.connect(on_sessions_changed, dispatch_uid="queue.sessions_changed")
    claims_changed.connect(on_claims_changed, dispatch_uid="queue.claims_changed")
    cases_changed.connect(on_cases_changed, dispatch_uid="queue.cases_changed")
    post_delete.connect(on_item_deleted, sender=QueueItem, dispatch_uid="queue.item_deleted")
    post_delete.connect(on_hub_item_deleted, sender=HubItem, dispatch_uid="queue.hub_item_deleted")
