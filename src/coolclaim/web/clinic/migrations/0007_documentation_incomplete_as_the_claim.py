"""'Documentation incomplete' has one meaning, the claim's (coolclaim.coding.documentation, edit
DOCUMENTATION_INCOMPLETE): order verified, contraindications screened, device serial. The stored
flag is recomputed; tolerance and scalp assessment are recommended, not required."""

from typing import Any

from django.db import migrations


def recompute(apps: Any, schema_editor: Any) -> None:
    Session = apps.get_model("clinic", "Session")
    complete = Session.objects.filter(order_verified=True, contraindications_screened=True).exclude(device_serial="")
    complete.update(documentation_incomplete=False)
    Session.objects.exclude(pk__in=complete.values("pk")).update(documentation_incomplete=True)


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0006_queue_flags_to_queue_app"),
    ]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
