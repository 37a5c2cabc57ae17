from coolclaim.web.queue.models.hub_item import HubItem, HubItemQuerySet
from coolclaim.web.queue.models.item import QueueItem, QueueItemQuerySet

__all__ = ["HubItem", "HubItemQuerySet", "QueueItem", "QueueItemQuerySet"]
