"""Stored rows → the core's department-wide score. Nothing here scores or sums: the core's
`department_execution`, `score_department` and `unit_result` do."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from jixiao.core import model as core
from jixiao.core.actual_values import parse_actual
from jixiao.core.evaluation import (
    DEFAULT_CONFIG,
    DEPARTMENT,
    Actual,
    DepartmentExecution,
    ProjectScore,
    UnitResult,
    department_execution,
    score_department,
    unit_result,
)
from jixiao.web.department_evaluation.models import DepartmentActual, DepartmentEvaluation
from jixiao.web.goals.mapping import department_indicators
from jixiao.web.goals.models import GoalDocument
from jixiao.web.monitoring.data import UnitEvaluation, unit_evaluation


def evaluation_of(document: GoalDocument) -> DepartmentEvaluation | None:
    return (
        DepartmentEvaluation.objects.filter(document=document).prefetch_related("actuals").first()
    )


def evaluations_of(documents: list[GoalDocument]) -> dict[int, DepartmentEvaluation]:
    """``{document id: its department evaluation}`` for many documents in two queries (the
    ranking reads one per document: one query each would grow with the province)."""
    return {
        e.document_id: e
        for e in DepartmentEvaluation.objects.filter(
            document_id__in=[d.pk for d in documents]
        ).prefetch_related("actuals")
    }


#: ``department_result``'s "look the evaluation up" (``None`` means "there is none").
LOOK_UP = object()


@dataclass
class DepartmentResult:
    document: GoalDocument
    evaluation: DepartmentEvaluation | None
    indicators: list[core.Indicator]  # with the weights set in the evaluation
    lines: dict[int, DepartmentActual]  # stored entries by indicator number
    execution: DepartmentExecution
    result: UnitResult
    units: UnitEvaluation  # the projects' self-evaluation it rolls up

    @property
    def score(self) -> ProjectScore:
        return self.result.department

    @property
    def reasons(self) -> dict[int, str]:
        return {n: a.reason for n, a in self.lines.items() if a.reason}


def department_result(
    document: GoalDocument,
    units: UnitEvaluation | None = None,
    evaluation: DepartmentEvaluation | object | None = LOOK_UP,
) -> DepartmentResult:
    """The department's score and the unit's overall result (projects scored once).
    ``evaluation``: the document's department evaluation when already fetched (in bulk by
    `evaluations_of`; ``None`` if it has none), else looked up here."""
    units = units or unit_evaluation(document)
    if evaluation is LOOK_UP:
        evaluation = evaluation_of(document)
    assert evaluation is None or isinstance(evaluation, DepartmentEvaluation)
    lines = {} if evaluation is None else {a.indicator: a for a in evaluation.actuals.all()}
    indicators = [
        dataclasses.replace(ind, weight=lines[n].weight)
        if n in lines and lines[n].weight is not None
        else ind
        for n, ind in enumerate(department_indicators(document), start=1)
    ]
    actuals = {}
    for n, a in lines.items():
        if not a.actual.strip() or n > len(indicators):
            continue
        try:
            actuals[n] = Actual(DEPARTMENT, n, parse_actual(a.actual), a.reason)
        except ValueError:
            continue  # stored unreadable (by hand): shown as not entered, never a 500
    execution = department_execution(units.report.projects)
    score = score_department(
        indicators,
        actuals,
        execution,
        DEFAULT_CONFIG,
        reason=evaluation.budget_reason if evaluation else "",
    )
    result = unit_result(score, units.report.rollup)
    return DepartmentResult(document, evaluation, indicators, lines, execution, result, units)
