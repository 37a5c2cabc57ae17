"""Receivers of the upstream apps' signals: every change that can move a session into or out
of the queue refreshes its item. Connected once by :meth:`QueueConfig.ready`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from coolclaim.web.billing.signals import claims_changed
from coolclaim.web.clinic.signals import sessions_changed
from coolclaim.web.hub.signals import cases_changed
from coolclaim.web.queue.services.refresh_hub_items import refresh_hub_items
from coolclaim.web.queue.services.refresh_items import refresh_items


def on_sessions_changed(sender: Any, session_ids: Iterable[int], **kwargs: Any) -> None:
    refresh_items(session_ids)


def on_claims_changed(sender: Any, session_ids: Iterable[int], **kwargs: Any) -> None:
    refresh_items(session_ids)


def on_cases_changed(sender: Any, case_ids: Iterable[int], **kwargs: Any) -> None:
    refresh_hub_items(case_ids)


def connect_receivers() -> None:
    sessions_changed.connect(on_sessions_changed, dispatch_uid="queue.sessions_changed")
    claims_changed.connect(on_claims_changed, dispatch_uid="queue.claims_changed")
    cases_changed.connect(on_cases_changed, dispatch_uid="queue.cases_changed")
