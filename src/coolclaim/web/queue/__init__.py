"""The work queue: what needs attention across the user's facilities, in its own table.

Upstream apps announce changes by their signals (``clinic.signals.sessions_changed``,
``billing.signals.claims_changed``); :class:`~coolclaim.web.queue.apps.QueueConfig` connects
them in ``ready()`` to :func:`~coolclaim.web.queue.services.refresh_items.refresh_items`.
"""
