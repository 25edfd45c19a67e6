"""The one write of the department-wide self-evaluation: permission and period checked,
validated, stored in one transaction and audited (``department_evaluation.save``).

Only the unit's own 填报人 writes (the document action ``evaluate``), and only in the
self-evaluation period (`jixiao.core.evaluation.department.evaluation_open`).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from jixiao.core.evaluation.department import period_problem
from jixiao.web import permissions
from jixiao.web.audit.log import record
from jixiao.web.department_evaluation.models import DepartmentActual, DepartmentEvaluation
from jixiao.web.goals.models import GoalDocument
from jixiao.web.monitoring.services import InputError, LineInput, checked_lines


def can_write(user: Any, document: GoalDocument, today: datetime.date | None = None) -> bool:
    """The unit's 填报人, in the self-evaluation period."""
    today = today or datetime.date.today()
    return permissions.can_document(user, permissions.EVALUATE, document.unit) and not (
        period_problem(document.year, today)
    )


def _snapshot(e: DepartmentEvaluation | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {
        "budget_reason": e.budget_reason,
        "achieved": e.achieved,
        "lines": [
            {"indicator": a.indicator, "actual": a.actual, "reason": a.reason, "weight": a.weight}
            for a in e.actuals.all()
        ],
    }


def save_department_evaluation(
    document: GoalDocument,
    user: Any,
    *,
    count: int,
    budget_reason: str = "",
    achieved: str = "",
    lines: Sequence[LineInput] = (),
    today: datetime.date | None = None,
) -> DepartmentEvaluation:
    """Store the department's actual values (all lines replaced at once); ``count`` is the
    number of department indicators the values were entered against."""
    if not permissions.can_document(user, permissions.EVALUATE, document.unit):
        raise PermissionDenied("只有本单位的填报人可以填报部门整体绩效自评")
    problem = period_problem(document.year, today or datetime.date.today())
    if problem:
        raise InputError({"period": problem})
    texts = {
        "budget_reason": ("执行率偏低原因", budget_reason),
        "achieved": ("实际完成情况", achieved),
    }
    clean = checked_lines(texts, lines, count, DepartmentActual)
    with transaction.atomic():
        evaluation = (
            DepartmentEvaluation.objects.select_for_update().filter(document=document).first()
        )
        old = _snapshot(evaluation)
        if evaluation is None:
            evaluation = DepartmentEvaluation(document=document)
        evaluation.budget_reason = budget_reason.strip()
        evaluation.achieved = achieved.strip()
        evaluation.updated_by = user
        evaluation.save()
        evaluation.actuals.all().delete()
        for a in clean:
            a.evaluation = evaluation
        DepartmentActual.objects.bulk_create(clean)
        record(
            user,
            "department_evaluation.save",
            document,
            old=old,
            new=_snapshot(evaluation),
            object_repr=f"{document.unit.name} {document.year or ''} 部门整体支出绩效自评",
        )
    return evaluation
