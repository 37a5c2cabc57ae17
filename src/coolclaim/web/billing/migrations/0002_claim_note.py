"""Claim notes; the notes of earlier holds (kept only in the audit log's additional data until
now) are copied into them, with their author and time."""

from typing import Any

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def copy_hold_notes(apps: Any, schema_editor: Any) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    Claim = apps.get_model("billing", "Claim")
    ClaimNote = apps.get_model("billing", "ClaimNote")
    claim_type = ContentType.objects.filter(app_label="billing", model="claim").first()
    if claim_type is None:
        return
    entries = LogEntry.objects.filter(content_type_id=claim_type.pk, additional_data__isnull=False).order_by("pk")
    notes = []
    existing = set(Claim.objects.values_list("pk", flat=True))
    for entry in entries.iterator():
        data = entry.additional_data
        text = str(data.get("note") or "").strip() if isinstance(data, dict) else ""
        claim_id = entry.object_id if entry.object_id is not None else int(entry.object_pk)
        if text and claim_id in existing:
            notes.append(ClaimNote(claim_id=claim_id, author_id=entry.actor_id, text=text, created_at=entry.timestamp))
    ClaimNote.objects.bulk_create(notes, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ClaimNote",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField(max_length=2000)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty for a note written by the system.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="notes", to="billing.claim"
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
                "indexes": [models.Index(fields=["claim", "-created_at", "-id"], name="claim_note_newest_idx")],
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("text", ""), _negated=True), name="claim_note_not_empty")
                ],
            },
        ),
        migrations.RunPython(copy_hold_notes, migrations.RunPython.noop),
    ]
