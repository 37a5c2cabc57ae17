"""Partial indexes of the work queue, in their own migration: PostgreSQL refuses CREATE INDEX
in the transaction that updated the table (pending deferred-constraint trigger events)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0003_session_queue_fields"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="session",
            index=models.Index(
                condition=models.Q(("needs_attention", True)), fields=["service_date", "id"], name="session_queue_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="session",
            index=models.Index(
                condition=models.Q(("needs_attention", True)),
                fields=["facility", "service_date", "id"],
                include=("held", "documentation_incomplete", "uncoded"),
                name="session_queue_facility_idx",
            ),
        ),
    ]
