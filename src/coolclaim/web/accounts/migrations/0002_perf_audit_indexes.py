"""The audit log keeps the indexes its queries use, and no others.

django-auditlog indexes nine columns of ``auditlog_logentry`` one by one (ten indexes with the
key, plus ``LIKE`` twins on PostgreSQL). Every import, coding run and page view inserts into it,
and each index costs every insert. The queries there are:

- an object's history (``LogEntry.objects.get_for_object``: content type and ``object_id``, our
  keys being integers) and the content type's foreign key: ``audit_object_idx``;
- a user's trail over time (``actor`` and ``timestamp``), and the actor's foreign key (a user
  deleted sets it null): ``audit_actor_time_idx``.

Nothing in coolclaim filters by action, correlation id, ``object_pk`` text or time alone, so
those single-column indexes go. Reversing puts single-column indexes back.
"""

from typing import Any

from django.db import migrations

TABLE = "auditlog_logentry"
#: The columns auditlog indexed one by one.
SINGLE = ("action", "actor_id", "cid", "content_type_id", "object_id", "object_pk", "timestamp")
KEPT = {"audit_object_idx": ("content_type_id", "object_id"), "audit_actor_time_idx": ("actor_id", "timestamp")}


def _quote(schema_editor: Any, name: str) -> str:
    return str(schema_editor.quote_name(name))


def forwards(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    for name, info in constraints.items():
        single = info["index"] and not info["unique"] and not info["primary_key"] and len(info["columns"]) == 1
        if single and info["columns"][0] in SINGLE:
            schema_editor.execute(f"DROP INDEX IF EXISTS {_quote(schema_editor, name)}")
    for name, columns in KEPT.items():
        column_list = ", ".join(_quote(schema_editor, c) for c in columns)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {_quote(schema_editor, name)} ON {_quote(schema_editor, TABLE)} ({column_list})"
        )


def backwards(apps: Any, schema_editor: Any) -> None:
    for name in KEPT:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_quote(schema_editor, name)}")
    for column in SINGLE:
        name = f"auditlog_logentry_{column}_single"
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {_quote(schema_editor, name)} ON {_quote(schema_editor, TABLE)} "
            f"({_quote(schema_editor, column)})"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
