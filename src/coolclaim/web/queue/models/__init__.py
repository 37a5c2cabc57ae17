from coolclaim.web.queue.models.count import QueueCount
from coolclaim.web.queue.models.item import QueueItem, QueueItemQuerySet

__all__ = ["QueueCount", "QueueItem", "QueueItemQuerySet"]
