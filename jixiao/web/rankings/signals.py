"""Writes that change a score delete the roll-up of the project's document
(`rollups.forget`, which marks its department's sums stale); a new or deleted document marks
its department's sums stale; a unit's new code is copied to its roll-ups (the ranking's
tie-break) and a unit moved to another department marks both departments' sums stale.

Bulk writes that send no signal call `rollups` themselves: `goals.mapping.projects_to_db`
and `goals.bulk` (a bulk load fills the rows set-based)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save

from jixiao.web.rankings import departments, rollups


def _project(sender: Any, instance: Any, **kwargs: Any) -> None:
    rollups.forget([instance.document_id])


def _document(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if created:
        departments.mark_stale(departments.pairs_of_documents([instance.pk]))
    else:  # year, money unit, department indicators, complete
        rollups.forget([instance.pk])


def _document_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    from jixiao.web.orgs.models import Unit

    department = Unit.objects.filter(pk=instance.unit_id).values_list("department_id", flat=True)
    departments.mark_stale((d, instance.year) for d in department)


def _of_project(sender: Any, instance: Any, **kwargs: Any) -> None:
    from jixiao.web.goals.models import Project

    rollups.forget(
        Project.objects.filter(pk=instance.project_id).values_list("document_id", flat=True)
    )


def _of_document(sender: Any, instance: Any, **kwargs: Any) -> None:
    rollups.forget([instance.document_id])


def _unit_before(sender: Any, instance: Any, **kwargs: Any) -> None:
    from jixiao.web.orgs.models import Unit

    before = Unit.objects.filter(pk=instance.pk).values_list("department_id", flat=True)
    instance._department_before = next(iter(before), None) if instance.pk else None


def _unit(sender: Any, instance: Any, **kwargs: Any) -> None:
    from jixiao.web.goals.models import GoalDocument
    from jixiao.web.rankings.models import UnitRollup

    UnitRollup.objects.filter(unit=instance).exclude(unit_code=instance.code).update(
        unit_code=instance.code
    )
    before = getattr(instance, "_department_before", None)
    if before is None or before == instance.department_id:
        return
    # Moved: its documents leave one department's sums and join another's.
    years = set(GoalDocument.all_objects.filter(unit=instance).values_list("year", flat=True))
    UnitRollup.objects.filter(unit=instance).update(department_id=instance.department_id)
    departments.mark_stale((d, y) for d in (before, instance.department_id) for y in years)


def connect() -> None:
    from jixiao.web.adjustments.models import Adjustment
    from jixiao.web.department_evaluation.models import DepartmentEvaluation
    from jixiao.web.goals.models import GoalDocument, Project
    from jixiao.web.monitoring.models import SelfEvaluation
    from jixiao.web.orgs.models import Unit

    for signal in (post_save, post_delete):
        signal.connect(_project, Project, dispatch_uid=f"rollup-project-{signal}")
        signal.connect(_of_project, SelfEvaluation, dispatch_uid=f"rollup-eval-{signal}")
        signal.connect(_of_project, Adjustment, dispatch_uid=f"rollup-adjust-{signal}")
        signal.connect(_of_document, DepartmentEvaluation, dispatch_uid=f"rollup-dept-{signal}")
    post_save.connect(_document, GoalDocument, dispatch_uid="rollup-document")
    post_delete.connect(_document_deleted, GoalDocument, dispatch_uid="rollup-document-deleted")
    pre_save.connect(_unit_before, Unit, dispatch_uid="rollup-unit-before")
    post_save.connect(_unit, Unit, dispatch_uid="rollup-unit")
