"""An index on a project's (document, status) for the reviewer's counts by status."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0009_list_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["document", "status"], name="goals_project_doc_status"),
        ),
    ]
