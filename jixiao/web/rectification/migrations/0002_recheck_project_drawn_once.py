"""A project is drawn for re-checking once. Rows an earlier version drew again are kept,
marked ``repeat``, so the constraint holds without losing their scores."""

from django.db import migrations, models


def mark_repeats(apps, schema_editor):
    Recheck = apps.get_model("rectification", "Recheck")
    seen: set[int] = set()
    repeats: list[int] = []
    for pk, project_id in Recheck.objects.order_by("draw_id", "id").values_list(
        "id", "project_id"
    ):
        if project_id in seen:
            repeats.append(pk)
        seen.add(project_id)
    for start in range(0, len(repeats), 500):
        Recheck.objects.filter(pk__in=repeats[start : start + 500]).update(repeat=True)


class Migration(migrations.Migration):
    dependencies = [("rectification", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="recheck",
            name="repeat",
            field=models.BooleanField(default=False, editable=False, verbose_name="重复抽取"),
        ),
        migrations.RunPython(mark_repeats, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="recheck",
            constraint=models.UniqueConstraint(
                condition=models.Q(("repeat", False)),
                fields=("project",),
                name="recheck_project_drawn_once",
            ),
        ),
    ]
