"""Queue items follow the one meaning of 'documentation incomplete' (clinic 0007): it only got
narrower, so items are corrected or dropped, never added."""

from typing import Any

from django.db import migrations


def follow(apps: Any, schema_editor: Any) -> None:
    QueueItem = apps.get_model("queue", "QueueItem")
    QueueItem.objects.filter(documentation_incomplete=True, session__documentation_incomplete=False).update(
        documentation_incomplete=False
    )
    QueueItem.objects.filter(held=False, documentation_incomplete=False, uncoded=False).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("queue", "0003_drop_queue_counts"),
        ("clinic", "0007_documentation_incomplete_as_the_claim"),
    ]

    operations = [migrations.RunPython(follow, migrations.RunPython.noop)]
