from coolclaim.web.queue.models.badge_count import COUNTED, BadgeCount, BadgeCountQuerySet
from coolclaim.web.queue.models.hub_item import HubItem, HubItemQuerySet
from coolclaim.web.queue.models.item import QueueItem, QueueItemQuerySet

__all__ = [
    "COUNTED",
    "BadgeCount",
    "BadgeCountQuerySet",
    "HubItem",
    "HubItemQuerySet",
    "QueueItem",
    "QueueItemQuerySet",
]
