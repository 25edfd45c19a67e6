"""Indexes for the project list's keyset pages (default order and status filter) and the
year filter's choices."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0008_merge_0007_department_workflow_0007_merge_search"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="goaldocument",
            index=models.Index(fields=["year"], name="goals_document_year"),
        ),
        migrations.AddIndex(
            model_name="goaldocument",
            index=models.Index(
                fields=["department_status", "year"], name="goals_document_dept_status"
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["updated_at", "id"], name="goals_project_updated"),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                fields=["status", "updated_at", "id"], name="goals_project_status_upd"
            ),
        ),
    ]
