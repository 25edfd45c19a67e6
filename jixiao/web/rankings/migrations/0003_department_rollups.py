"""Sums per department and year (`DepartmentRollup`) and each unit row's department.

Both are filled here from the stored unit rows, in SQL (50,000 unit rows at 1,000,000
projects: seconds); a department with a document whose unit row is missing is stored
stale, so that the ranking computes it on its next read."""

import django.db.models.deletion
from django.db import migrations, models

SUMMED = (
    "projects",
    "complete",
    "not_started",
    "provisional",
    "band1",
    "band2",
    "band3",
    "band4",
    "scores",
    "budget_adjusted",
    "executed",
    "weighted",
)

FILL_UNIT_DEPARTMENTS = (
    "UPDATE rankings_unitrollup SET department_id = "
    "(SELECT department_id FROM orgs_unit WHERE orgs_unit.id = rankings_unitrollup.unit_id)"
)

FILL_DEPARTMENTS = (
    f"INSERT INTO rankings_departmentrollup (department_id, year, units, stale, "
    f"{', '.join(SUMMED)}) "
    "SELECT u.department_id, d.year, COUNT(r.document_id), COUNT(d.id) <> COUNT(r.document_id), "
    + ", ".join(f"COALESCE(SUM(r.{k}), 0)" for k in SUMMED)
    + " FROM goals_goaldocument d JOIN orgs_unit u ON u.id = d.unit_id "
    "LEFT JOIN rankings_unitrollup r ON r.document_id = d.id "
    "WHERE d.complete AND d.year IS NOT NULL GROUP BY u.department_id, d.year"
)


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0009_list_indexes"),
        ("orgs", "0002_setup_pages"),
        ("rankings", "0002_unit_rollups"),
    ]

    operations = [
        migrations.AddField(
            model_name="unitrollup",
            name="department",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="orgs.department",
            ),
        ),
        migrations.RunSQL(FILL_UNIT_DEPARTMENTS, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="unitrollup",
            name="department",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="orgs.department",
            ),
        ),
        migrations.AddIndex(
            model_name="unitrollup",
            index=models.Index(fields=["department", "year"], name="rollup_department"),
        ),
        migrations.CreateModel(
            name="DepartmentRollup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("projects", models.IntegerField(default=0)),
                ("complete", models.IntegerField(default=0)),
                ("not_started", models.IntegerField(default=0)),
                ("provisional", models.IntegerField(default=0)),
                ("band1", models.IntegerField(default=0)),
                ("band2", models.IntegerField(default=0)),
                ("band3", models.IntegerField(default=0)),
                ("band4", models.IntegerField(default=0)),
                ("scores", models.BigIntegerField(default=0)),
                ("budget_adjusted", models.BigIntegerField(default=0)),
                ("executed", models.BigIntegerField(default=0)),
                ("weighted", models.BigIntegerField(default=0)),
                ("year", models.IntegerField()),
                ("units", models.IntegerField(default=0)),
                ("stale", models.BooleanField(default=False)),
                (
                    "department",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="orgs.department",
                    ),
                ),
            ],
            options={
                "verbose_name": "主管部门评价汇总",
                "verbose_name_plural": "主管部门评价汇总",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("department", "year"), name="department_rollup_one"
                    )
                ],
                "indexes": [
                    models.Index(fields=["year", "department"], name="department_rollup_year"),
                    models.Index(
                        condition=models.Q(("stale", True)),
                        fields=["department"],
                        name="department_rollup_stale",
                    ),
                ],
            },
        ),
        migrations.RunSQL(FILL_DEPARTMENTS, migrations.RunSQL.noop),
    ]
