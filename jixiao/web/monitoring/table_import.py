"""Import a self-evaluation table (项目支出绩效自评表) into the self-evaluation of the unit's
projects: `preview` matches each table project to a stored one (by 项目编码, else by 项目名称)
and scores it with the core as the project page will after saving, next to the table's own
得分; `import_table` stores every matched project through `services.save_evaluation` in one
transaction (each save audited), or nothing.

The table is read by the core (kind ``self_evaluation``); its indicators are matched to the
stored ones by 三级 name, else by position, and its amounts converted to the stored
document's money unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from jixiao.core import model as core
from jixiao.core.actual_values import parse_actual
from jixiao.core.amounts import convert
from jixiao.core.evaluation import DEFAULT_CONFIG, score_project
from jixiao.core.evaluation.report import ProjectScore
from jixiao.core.evaluation.table_inputs import line_numbers, match_projects, score_notes
from jixiao.web.goals.mapping import project_from_db, with_children
from jixiao.web.goals.models import GoalDocument
from jixiao.web.goals.models import Project as ProjectRow
from jixiao.web.monitoring.data import (
    evaluation_of,
    inputs_of,
    versions_of_row,
    year_end_version,
)
from jixiao.web.monitoring.services import LineInput, can_write_unit, save_evaluation
from jixiao.web.orgs.models import Unit


@dataclass
class Match:
    """One project of the table and what it would fill in."""

    table: core.Project
    row: ProjectRow | None = None
    #: ``"项目编码"`` or ``"项目名称"``: how it was matched (None: not matched).
    by: str | None = None
    lines: list[LineInput] = field(default_factory=list)
    budget: dict[str, Decimal | None] = field(default_factory=dict)
    score: ProjectScore | None = None
    #: The table's own total: 预算执行得分 plus the indicators' 得分 (None if it has none).
    table_score: Decimal | None = None
    #: One Chinese line per score the core does not reproduce, or indicator not found.
    notes: list[str] = field(default_factory=list)

    @property
    def mismatch(self) -> bool:
        return bool(self.notes)


@dataclass
class EvaluationPreview:
    doc: core.Document
    unit: Unit | None
    document: GoalDocument | None
    matches: list[Match]
    problems: list[str]

    @property
    def matched(self) -> list[Match]:
        return [m for m in self.matches if m.row is not None]

    @property
    def unmatched(self) -> list[Match]:
        return [m for m in self.matches if m.row is None]

    @property
    def mismatches(self) -> int:
        return sum(1 for m in self.matched if m.mismatch)


def _convert(value: Decimal | None, from_unit: str, to_unit: str) -> Decimal | None:
    return None if value is None else convert(value, from_unit, to_unit)


def _match(m: Match, money_unit: str, stored_unit: str) -> None:
    assert m.row is not None
    current = project_from_db(m.row)
    # Scored as the evaluation page scores it: the version in force at year end.
    project = year_end_version(m.row.document, current, versions_of_row(m.row, current))
    numbers = line_numbers(m.table.indicators, project.indicators)
    table_scores: list[tuple[int, core.Indicator]] = []
    for k, (ind, n) in enumerate(zip(m.table.indicators, numbers, strict=True), 1):
        if n is None:
            m.notes.append(f"表中第 {k} 个指标“{ind.name or ''}”在系统中找不到，未导入")
            continue
        actual = (ind.actual or "").strip()
        if actual:
            try:
                parse_actual(actual)
            except ValueError as e:
                m.notes.append(f"第 {k} 个指标“{ind.name or ''}”：{e}，实际完成值未导入")
                actual = ""
        m.lines.append(LineInput(n, actual, ind.deviation_reason or "", ind.weight))
        table_scores.append((n, ind))
    ex = m.table.execution
    if ex is not None:
        m.budget = {
            f: _convert(getattr(ex, f), money_unit, stored_unit)
            for f in ("budget_initial", "budget_adjusted", "executed")
        }
    scored, actuals, budget = inputs_of(
        m.row,
        project,
        {line.indicator: line for line in m.lines},
        m.budget.get("budget_initial"),
        m.budget.get("budget_adjusted"),
        m.budget.get("executed"),
    )
    m.score = score = score_project(scored, actuals, budget, DEFAULT_CONFIG)
    stated = [ind.score for _, ind in table_scores if ind.score is not None]
    if ex is not None and ex.score is not None:
        stated.append(ex.score)
    m.table_score = sum(stated, Decimal(0)) if stated else None
    m.notes += score_notes(ex.score if ex is not None else None, score, table_scores)


def preview(doc: core.Document, unit: Unit | None, user: Any) -> EvaluationPreview:
    """What importing the self-evaluation table ``doc`` for ``unit`` would fill in."""
    problems: list[str] = []
    if unit is None and doc.unit.code:
        unit = Unit.objects.filter(code=doc.unit.code).first()
    document = None
    if unit is None:
        problems.append(f"单位编码“{doc.unit.code or '（无）'}”不存在，请选择要导入到的单位")
    else:
        document = GoalDocument.objects.filter(unit=unit, year=doc.year).first()
        if document is None:
            problems.append(
                f"{unit.name} 没有 {doc.year or '（年度未写明）'}年度的绩效目标，"
                "请先导入绩效目标，再导入自评表"
            )
        if not can_write_unit(user, unit):
            problems.append("只有本单位的填报人可以导入绩效自评表")
    matches = [Match(p) for p in doc.projects]
    if document is not None:
        rows = list(with_children(document.projects.all()).order_by("seq", "id"))
        for m, found in zip(matches, match_projects(doc, rows), strict=True):
            if found.goal is None:
                continue
            m.row, m.by = rows[found.goal], found.by
            _match(m, doc.money_unit, document.money_unit)
        if not any(m.row is not None for m in matches):
            problems.append("表中没有任何项目与系统中的项目相符（按项目编码或项目名称）")
    return EvaluationPreview(doc, unit, document, matches, problems)


def import_table(p: EvaluationPreview, user: Any) -> int:
    """Store the self-evaluation of every matched project, all or nothing; the count."""
    if p.problems:
        raise ValueError(p.problems[0])
    with transaction.atomic():
        for m in p.matched:
            assert m.row is not None
            # What the table does not hold is kept as the unit wrote it on the page.
            before = evaluation_of(m.row)
            save_evaluation(
                m.row,
                user,
                budget_initial=m.budget.get("budget_initial"),
                budget_adjusted=m.budget.get("budget_adjusted"),
                executed=m.budget.get("executed"),
                budget_reason=before.budget_reason if before else "",
                achieved=before.achieved if before else "",
                lines=m.lines,
            )
    return len(p.matched)
