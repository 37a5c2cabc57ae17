from coolclaim.web.queue.models.count import QueueCount
from coolclaim.web.queue.models.hub_item import HubItem, HubItemQuerySet
from coolclaim.web.queue.models.item import QueueItem, QueueItemQuerySet

__all__ = ["HubItem", "HubItemQuerySet", "QueueCount", "QueueItem", "QueueItemQuerySet"]
