"""Signals of the clinic app: news for the apps above it (billing, imports, queue), which
connect to them in their ``AppConfig.ready``. The clinic app imports none of them."""

from __future__ import annotations

from django.dispatch import Signal

#: Sent with ``session_ids`` (an iterable of ``Session`` primary keys) after sessions were
#: created or changed: by ``Session.save()``, and by every bulk writer after its
#: ``bulk_create``/``bulk_update`` (those do not call ``save()``).
sessions_changed = Signal()
