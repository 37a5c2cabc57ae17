"""The queue's own table, filled from the sessions and claims already stored."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def backfill(apps: Any, schema_editor: Any) -> None:
    """One INSERT … SELECT: a row for every session whose claim is held, whose documentation is
    incomplete, or that has no claim (the same rule as ``refresh_items``)."""
    item = apps.get_model("queue", "QueueItem")._meta.db_table
    session = apps.get_model("clinic", "Session")._meta.db_table
    claim = apps.get_model("billing", "Claim")._meta.db_table
    schema_editor.execute(
        f'INSERT INTO "{item}" (session_id, facility_id, service_date, held, documentation_incomplete, uncoded) '  # noqa: S608 - table names from the models, no input
        f"SELECT s.id, s.facility_id, s.service_date, "
        f"CASE WHEN c.status = 'hold' THEN TRUE ELSE FALSE END, s.documentation_incomplete, "
        f"CASE WHEN c.id IS NULL THEN TRUE ELSE FALSE END "
        f'FROM "{session}" s LEFT JOIN "{claim}" c ON c.session_id = s.id '
        f"WHERE s.documentation_incomplete OR c.id IS NULL OR c.status = 'hold'"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("clinic", "0006_queue_flags_to_queue_app"),
        ("billing", "0002_claim_note"),
    ]

    operations = [
        migrations.CreateModel(
            name="QueueItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("service_date", models.DateField(blank=True, help_text="The session's date of service.", null=True)),
                ("held", models.BooleanField(default=False, help_text="The claim is on hold.")),
                ("documentation_incomplete", models.BooleanField(default=False)),
                ("uncoded", models.BooleanField(default=False, help_text="No claim yet.")),
                (
                    "facility",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="queue_items", to="accounts.facility"
                    ),
                ),
                (
                    "session",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="queue_item", to="clinic.session"
                    ),
                ),
            ],
            options={
                "ordering": ["service_date", "session_id"],
                "indexes": [
                    models.Index(fields=["service_date", "session"], name="queue_item_date_idx"),
                    models.Index(
                        fields=["facility", "service_date", "session"],
                        include=("held", "documentation_incomplete", "uncoded"),
                        name="queue_item_facility_idx",
                    ),
                ],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
