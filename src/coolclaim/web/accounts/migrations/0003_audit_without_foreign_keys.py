"""The audit log's entries are not bound to the rows they name by foreign keys (PostgreSQL).

An audit entry is evidence kept after what it names changes or goes: its ``object_pk`` was
never a foreign key, and its actor and content type need not be either. Each key cost every
insert a check at commit; a page view writes an entry per patient, session and claim it shows
(75 on a work-queue page), so 150 checks, each taking a share lock on the one user row all of
that user's requests name (concurrent page views then share it through multixacts). On the
work-queue benchmark (bench/web.py, 2 cores) the keys cost about 1 ms of CPU a page, 7% of
its throughput.

Nothing changes for the application: the values come from the signed-in user and Django's
content-type cache, and deleting a user still sets the actor of that user's entries to null
(Django does ``on_delete=SET_NULL`` itself, not the database). SQLite keeps its keys (they
cannot be dropped without rebuilding the table, and one clinic's load does not need it).
Reversing adds the keys back (``NOT VALID``: rows written meanwhile are not re-checked).
"""

from typing import Any

from django.db import migrations

TABLE = "auditlog_logentry"
#: column -> (referenced table, referenced column)
KEYS = {"actor_id": ("accounts_user", "id"), "content_type_id": ("django_content_type", "id")}


def forwards(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    for name, info in constraints.items():
        if info["foreign_key"] and info["columns"] and info["columns"][0] in KEYS:
            schema_editor.execute(
                f"ALTER TABLE {schema_editor.quote_name(TABLE)} DROP CONSTRAINT {schema_editor.quote_name(name)}"
            )


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for column, (table, target) in KEYS.items():
        schema_editor.execute(
            f"ALTER TABLE {quote(TABLE)} ADD CONSTRAINT {quote(f'audit_{column}_fk')} FOREIGN KEY ({quote(column)}) "
            f"REFERENCES {quote(table)} ({quote(target)}) DEFERRABLE INITIALLY DEFERRED NOT VALID"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_perf_audit_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
