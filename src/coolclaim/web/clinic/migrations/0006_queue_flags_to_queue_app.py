"""The work queue moved to its own app (queue.QueueItem, fed by signals): the session keeps its
own derived fields (service_date, documentation_incomplete) and loses the claim flags."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0005_session_abn_obtained"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="session",
            name="session_queue_idx",
        ),
        migrations.RemoveIndex(
            model_name="session",
            name="session_queue_facility_idx",
        ),
        migrations.RemoveField(
            model_name="session",
            name="held",
        ),
        migrations.RemoveField(
            model_name="session",
            name="needs_attention",
        ),
        migrations.RemoveField(
            model_name="session",
            name="uncoded",
        ),
    ]
