"""Indexes no query needs, dropped (each covered by another index that leads with the same
column), and the project code's two indexes made one.

- ``goaldocument.unit_id``: ``one_document_per_unit_year`` (unit, year) leads with it.
- ``goaldocument.created_by_id``: no page asks for a creator's documents.
- ``project.document_id``: ``goals_project_doc_status`` (document, status) leads with it.
- ``project.status`` (and its ``_like`` twin on PostgreSQL): ``goals_project_status_upd``
  (status, updated_at, id) leads with it; no query matches a status by pattern.
- ``project.code`` and its ``_like`` twin: one ``text_pattern_ops`` b-tree,
  ``goals_project_code``, answers both ``code = 'X'`` and ``code LIKE 'X%'``.

The database side only drops indexes (no table is rebuilt, no foreign key is dropped and
validated again, as a plain ``AlterField`` would do).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

#: The indexes Django made for ``db_index`` (its names), by table and column.
DROPPED = {
    "goals_goaldocument_created_by_id_9aa0de1d": ("goals_goaldocument", "created_by_id"),
    "goals_goaldocument_unit_id_28f0c298": ("goals_goaldocument", "unit_id"),
    "goals_project_document_id_ad8ed9d6": ("goals_project", "document_id"),
    "goals_project_status_6c17e4ee": ("goals_project", "status"),
    "goals_project_code_8e2fb2e7": ("goals_project", "code"),
}
#: PostgreSQL only: Django's pattern-ops twins of the text columns' indexes.
DROPPED_LIKE = {
    "goals_project_status_6c17e4ee_like": ("goals_project", "status", "varchar_pattern_ops"),
    "goals_project_code_8e2fb2e7_like": ("goals_project", "code", "text_pattern_ops"),
}


def forwards(apps, schema_editor):
    for name in [*DROPPED, *DROPPED_LIKE]:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def backwards(apps, schema_editor):
    q = schema_editor.quote_name
    for name, (table, column) in DROPPED.items():
        schema_editor.execute(f"CREATE INDEX {q(name)} ON {q(table)} ({q(column)})")
    if schema_editor.connection.vendor == "postgresql":
        for name, (table, column, ops) in DROPPED_LIKE.items():
            schema_editor.execute(f"CREATE INDEX {q(name)} ON {q(table)} ({q(column)} {ops})")


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0010_project_document_status"),
        ("orgs", "0002_setup_pages"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, backwards)],
            state_operations=[
                migrations.AlterField(
                    model_name="goaldocument",
                    name="created_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="goaldocument",
                    name="unit",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="documents",
                        to="orgs.unit",
                    ),
                ),
                migrations.AlterField(
                    model_name="project",
                    name="code",
                    field=models.TextField(blank=True, null=True, verbose_name="项目编码"),
                ),
                migrations.AlterField(
                    model_name="project",
                    name="document",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="projects",
                        to="goals.goaldocument",
                    ),
                ),
                migrations.AlterField(
                    model_name="project",
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("draft", "草稿"),
                            ("submitted", "已提交"),
                            ("returned", "已退回"),
                            ("approved", "已审核"),
                        ],
                        default="draft",
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                fields=["code"], name="goals_project_code", opclasses=["text_pattern_ops"]
            ),
        ),
    ]
