"""Per-facility counters dropped again: the badges count the queue table (see queue.filtersets)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("queue", "0002_queue_counts"),
    ]

    operations = [
        migrations.DeleteModel(
            name="QueueCount",
        ),
    ]
