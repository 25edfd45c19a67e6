"""Writes that change a score delete the roll-up of the project's document
(`rollups.forget`); a unit's new code is copied to its roll-ups (the ranking's tie-break).

Bulk writes that send no signal call `rollups` themselves: `goals.mapping.projects_to_db`
and `goals.bulk` (a bulk load fills the rows set-based)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from jixiao.web.rankings import rollups


def _project(sender: Any, instance: Any, **kwargs: Any) -> None:
    rollups.forget([instance.document_id])


def _document(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if not created:  # year, money unit, department indicators
        rollups.forget([instance.pk])


def _of_project(sender: Any, instance: Any, **kwargs: Any) -> None:
    from jixiao.web.goals.models import Project

    rollups.forget(
        Project.objects.filter(pk=instance.project_id).values_list("document_id", flat=True)
    )


def _of_document(sender: Any, instance: Any, **kwargs: Any) -> None:
    rollups.forget([instance.document_id])


def _unit(sender: Any, instance: Any, **kwargs: Any) -> None:
    from jixiao.web.rankings.models import UnitRollup

    UnitRollup.objects.filter(unit=instance).exclude(unit_code=instance.code).update(
        unit_code=instance.code
    )


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
    post_save.connect(_unit, Unit, dispatch_uid="rollup-unit")
