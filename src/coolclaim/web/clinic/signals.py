"""Signals of the clinic app: news for the apps above it (billing, imports, queue, the hub to
come), which connect to them in their ``AppConfig.ready``. The clinic app imports none of them.

A signal whose receivers answer (``send`` returns ``[(receiver, response), ...]``) says what the
answer is; :func:`answers` collects the ones that are not ``None``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.dispatch import Signal

#: Sent with ``session_ids`` (an iterable of ``Session`` primary keys) after sessions were
#: created or changed: by ``Session.save()``, and by every bulk writer after its
#: ``bulk_create``/``bulk_update`` (those do not call ``save()``).
sessions_changed = Signal()

#: Sent with ``sessions`` (a list of ``Session``, loaded with ``facility``, ``course__patient``
#: and ``coverage``), ``user`` and ``reason`` after a person documented them (the entry form,
#: the API). Billing codes them in the same transaction; a receiver may answer with a mapping
#: session pk → a short plain-language outcome (``"claim on hold"``) that the page shows.
sessions_recorded = Signal()

#: Sent with ``session`` (an unsaved draft) and ``coverages`` (the patient's) by the entry
#: form's live preview; billing answers with the coded-session result (the contract's output
#: as a dict), storing nothing.
session_preview_requested = Signal()

#: Sent with ``user`` and ``sessions`` by the patient page; a receiver answers with
#: :class:`SessionExtras` — what it adds to each session's row, and what it read (audited with
#: the page's own reads).
patient_sessions_shown = Signal()


#: Sent with ``user`` and ``patient`` by the patient page and by the claim page (billing): a
#: receiver answers with a :class:`Panel` the page includes (the hub app: the patient's case
#: status), naming what it read (audited with the page's own reads).
patient_panels_requested = Signal()


@dataclass(frozen=True)
class Panel:
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    read: Sequence[models.Model] = ()


def patient_panels(user: Any, patient: Any) -> list[Panel]:
    """The panels the apps above add to a page about ``patient``."""
    return answers(patient_panels_requested.send(sender=type(patient), user=user, patient=patient))


@dataclass(frozen=True)
class SessionExtras:
    rows: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)
    read: Sequence[models.Model] = ()


def answers(responses: Sequence[tuple[Any, Any]]) -> list[Any]:
    """The receivers' answers that are not ``None``, in the order they were connected."""
    return [response for _receiver, response in responses if response is not None]
