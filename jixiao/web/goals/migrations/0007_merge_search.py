from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0006_goaldocument_department_indicators"),
        ("goals", "0006_project_search"),
    ]

    operations = []
