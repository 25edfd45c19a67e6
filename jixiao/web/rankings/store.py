"""Scores of many projects for the ranking page, from storage when still current.

`document_scores(documents)` gives each document's `ProjectScore`s in project order. A
stored score is used when its stamp still matches the project's ``updated_at`` and its
self-evaluation's ``updated_at`` — every write that can change a score (saving the
self-evaluation, editing the project, approving an adjustment, which rewrites the project)
moves one of them, so a stale score is never read; the documents with a stale or missing
score are scored again by the core (`monitoring.data.unit_evaluation`) and stored. Stamps
are read before the data they are checked against, so a write racing with a refresh can
only cause one more refresh, never a stale score kept.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from jixiao.core.evaluation import (
    DEFAULT_CONFIG,
    BudgetRecord,
    EvaluationReport,
    ProjectScore,
    rollup,
)
from jixiao.core.evaluation.report import LineScore, ReasonRequired
from jixiao.web.goals.models import GoalDocument, Project
from jixiao.web.rankings.models import ProjectResult


def document_scores(documents: list[GoalDocument]) -> dict[int, list[ProjectScore]]:
    """``{document id: [ProjectScore in (seq, id) order]}`` for ``documents``."""
    ids = [d.pk for d in documents]
    current: dict[int, list[tuple[int, str]]] = {pk: [] for pk in ids}
    for pid, doc_id, project_at, evaluation_at in (
        Project.objects.filter(document_id__in=ids)
        .order_by("document_id", "seq", "id")
        .values_list("id", "document_id", "updated_at", "self_evaluation__updated_at")
    ):
        current[doc_id].append((pid, _stamp(project_at, evaluation_at)))
    stored = {
        pid: (stamp, score)
        for pid, stamp, score in ProjectResult.objects.filter(document_id__in=ids).values_list(
            "project_id", "stamp", "score"
        )
    }
    out: dict[int, list[ProjectScore]] = {}
    for document in documents:
        projects = current[document.pk]
        if all(stored.get(pid, ("",))[0] == stamp for pid, stamp in projects):
            out[document.pk] = [score_from_json(stored[pid][1]) for pid, _ in projects]
        else:
            out[document.pk] = _refresh(document, dict(projects))
    return out


def stored_unit_evaluation(document: GoalDocument, scores: list[ProjectScore]) -> Any:
    """A `UnitEvaluation` holding only the report of ``scores`` (what the ranking and the
    department's roll-up read); its rows and document are left empty."""
    from jixiao.core import model as core
    from jixiao.web.monitoring.data import UnitEvaluation

    unit = core.Unit(code=document.unit.code, name=document.unit.name)
    report = EvaluationReport(
        unit.code,
        unit.name,
        document.year,
        document.money_unit,
        scores,
        rollup(scores, DEFAULT_CONFIG),
        DEFAULT_CONFIG,
    )
    return UnitEvaluation(document, [], core.Document(unit, document.year), report, {}, {})


def _refresh(document: GoalDocument, stamps: dict[int, str]) -> list[ProjectScore]:
    from jixiao.web.monitoring.data import unit_evaluation

    ue = unit_evaluation(document)
    rows = [
        ProjectResult(
            project_id=row.pk, document=document, stamp=stamps[row.pk], score=score_to_json(s)
        )
        for row, s in zip(ue.rows, ue.report.projects, strict=True)
        if row.pk in stamps  # a project added since the stamps were read: next time
    ]
    ProjectResult.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["project"],
        update_fields=["document", "stamp", "score"],
    )
    return list(ue.report.projects)


def _stamp(project_at: Any, evaluation_at: Any) -> str:
    return f"{project_at.isoformat()}|{evaluation_at.isoformat() if evaluation_at else ''}"


# -- ProjectScore ⇄ JSON (exact: every Decimal as its text) ---------------------------------

_DECIMALS = {
    "execution_rate",
    "budget_weight",
    "budget_score",
    "score",
    "budget_initial",
    "budget_adjusted",
    "executed",
    "weight",
}


def score_to_json(score: ProjectScore) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return plain(dataclasses.asdict(score))  # type: ignore[no-any-return]


def score_from_json(data: dict[str, Any]) -> ProjectScore:
    def decimals(d: dict[str, Any]) -> dict[str, Any]:
        return {k: Decimal(v) if k in _DECIMALS and v is not None else v for k, v in d.items()}

    d = decimals(data)
    return ProjectScore(
        **{
            **d,
            "budget": BudgetRecord(**decimals(d["budget"])) if d["budget"] else None,
            "lines": [LineScore(**decimals(x)) for x in d["lines"]],
            "reasons_required": [ReasonRequired(**x) for x in d["reasons_required"]],
        }
    )
