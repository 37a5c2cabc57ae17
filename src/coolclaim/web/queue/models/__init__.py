from coolclaim.web.queue.models.item import QueueItem, QueueItemQuerySet

__all__ = ["QueueItem", "QueueItemQuerySet"]
