from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0002_batch_background"),
    ]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="chunks_done",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="chunks_total",
            field=models.PositiveIntegerField(default=0),
        ),
    ]
