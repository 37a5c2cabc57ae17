from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0003_batch_chunks"),
    ]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="operator",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Who ran a command-line import: the operating-system user (or --operator); "
                    "the app user is created_by."
                ),
                max_length=150,
            ),
        ),
    ]
