"""Per-facility counts of the queue (the badges), kept with the items; backfilled from them."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def backfill(apps: Any, schema_editor: Any) -> None:
    """Count the items already stored, per facility (one INSERT … SELECT)."""
    count = apps.get_model("queue", "QueueCount")._meta.db_table
    item = apps.get_model("queue", "QueueItem")._meta.db_table
    schema_editor.execute(
        f'INSERT INTO "{count}" (facility_id, held, documentation, uncoded, total) '  # noqa: S608 - table names from the models
        f"SELECT facility_id, SUM(CASE WHEN held THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN documentation_incomplete THEN 1 ELSE 0 END), SUM(CASE WHEN uncoded THEN 1 ELSE 0 END), COUNT(*) "
        f'FROM "{item}" GROUP BY facility_id'
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("queue", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="QueueCount",
            fields=[
                (
                    "facility",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="queue_count",
                        serialize=False,
                        to="accounts.facility",
                    ),
                ),
                ("held", models.PositiveIntegerField(default=0)),
                ("documentation", models.PositiveIntegerField(default=0)),
                ("uncoded", models.PositiveIntegerField(default=0)),
                ("total", models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
