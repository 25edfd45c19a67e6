"""Search indexes on project name and code: pg_trgm on PostgreSQL, FTS5 on SQLite
(see jixiao.web.goals.search)."""

from django.db import migrations

from jixiao.web.goals import search


def forwards(apps, schema_editor):
    search.create_pg_indexes(schema_editor.connection)
    search.ensure_sqlite_index(schema_editor.connection)


def backwards(apps, schema_editor):
    search.drop_pg_indexes(schema_editor.connection)
    search.drop_sqlite_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("goals", "0005_merge_20261130_0910")]

    operations = [migrations.RunPython(forwards, backwards)]
