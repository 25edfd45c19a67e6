"""A self-evaluation table (项目支出绩效自评表) as evaluation inputs, and a check of its own
scores against the scoring rules.

`jixiao read` gives such a table as a `Document` of kind ``self_evaluation``: each indicator
carries its 实际完成值, 分值 and 得分, each project its budget-execution line. `table_inputs`
turns that into the `Actual` and `BudgetRecord` records `evaluate` takes (keyed by project
code, else by name); `check_table` compares the table's 得分 with what `evaluate` computed and
names every line that differs, so a consistent table reproduces its own scores and an
inconsistent one is flagged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from jixiao.core.actual_values import parse_actual
from jixiao.core.amounts import convert
from jixiao.core.errors import ReadError
from jixiao.core.evaluation.inputs import Actual, BudgetRecord
from jixiao.core.evaluation.report import EvaluationReport, ProjectScore
from jixiao.core.model import Document, Indicator, Project

#: Scores closer than this are the same (tables write 14.25 or 14.3).
TOLERANCE = Decimal("0.05")


def project_key(p: Project) -> str:
    return p.code or p.name


class Named(Protocol):
    """A goal project as the matching sees it (a core `Project` or a stored row)."""

    @property
    def code(self) -> str | None: ...
    @property
    def name(self) -> str | None: ...


def _key(text: str | None) -> str:
    return "".join((text or "").split())


@dataclass(frozen=True)
class TableMatch:
    """One project of a self-evaluation table and the goal project it fills in."""

    table: Project
    #: Index of the goal project (None: no goal project has its code or name).
    goal: int | None = None
    #: ``"项目编码"`` or ``"项目名称"``: how it was matched.
    by: str | None = None


def match_projects(table: Document, goals: Sequence[Named]) -> list[TableMatch]:
    """Each table project's goal project: by 项目编码, else by 项目名称 (white space
    ignored); a goal project is filled in by one table project at most."""
    by_code = {g.code: i for i, g in reversed(list(enumerate(goals))) if g.code}
    by_name = {_key(g.name): i for i, g in reversed(list(enumerate(goals)))}
    taken: set[int] = set()
    out = []
    for p in table.projects:
        i, by = by_code.get(p.code or ""), "项目编码"
        if i is None:
            i, by = by_name.get(_key(p.name)), "项目名称"
        if i is None or i in taken:
            out.append(TableMatch(p))
            continue
        taken.add(i)
        out.append(TableMatch(p, i, by))
    return out


def line_numbers(table: Sequence[Indicator], goals: Sequence[Any]) -> list[int | None]:
    """The goal indicator number (1-based) of each table indicator: by 三级 name, else by
    position when the counts agree (None: not found)."""
    free = {n: _key(g.name) for n, g in enumerate(goals, 1)}
    out: list[int | None] = []
    for ind in table:
        n = next((k for k, name in free.items() if name and name == _key(ind.name)), None)
        if n is not None:
            del free[n]
        out.append(n)
    if len(table) == len(goals):
        rest = iter(sorted(free))
        out = [n if n is not None else next(rest, None) for n in out]
    return out


def table_inputs(
    table: Document, name: str, goals: Document | None = None
) -> tuple[list[Actual], list[BudgetRecord]]:
    """The actual values and budget figures a self-evaluation table states. With the
    ``goals`` document they are matched to its projects and indicators (`match_projects`,
    `line_numbers`, as the web's import does), amounts converted to its money unit, and
    projects it does not have left out; without it, taken as the table numbers them."""
    actuals: list[Actual] = []
    budgets: list[BudgetRecord] = []
    matches = (
        match_projects(table, goals.projects) if goals else [TableMatch(p) for p in table.projects]
    )
    for m in matches:
        p = m.table
        if goals is not None and m.goal is None:
            continue
        goal = goals.projects[m.goal] if goals is not None and m.goal is not None else None
        key = project_key(goal or p)
        numbers = (
            line_numbers(p.indicators, goal.indicators)
            if goal is not None
            else list(range(1, len(p.indicators) + 1))
        )
        for k, (ind, n) in enumerate(zip(p.indicators, numbers, strict=True), 1):
            if n is None or not (ind.actual or "").strip():
                continue
            try:
                value = parse_actual(ind.actual)
            except ValueError as e:
                raise ReadError(f"项目“{p.name}”第 {k} 个指标：{e}", file=name) from None
            actuals.append(Actual(key, n, value, ind.deviation_reason or "", name, None))
        ex = p.execution
        if ex is not None and ex.budget_adjusted is not None and ex.executed is not None:
            amounts = [ex.budget_initial, ex.budget_adjusted, ex.executed]
            if goals is not None and goals.money_unit != table.money_unit:
                amounts = [
                    None if v is None else convert(v, table.money_unit, goals.money_unit)
                    for v in amounts
                ]
            initial, adjusted, executed = amounts
            assert adjusted is not None and executed is not None
            budgets.append(BudgetRecord(key, initial, adjusted, executed, "", name))
    return actuals, budgets


def check_table(
    table: Document, report: EvaluationReport, goals: Document | None = None
) -> list[str]:
    """One Chinese line per score of the table that the scoring rules do not reproduce
    (projects and indicators matched to ``goals`` as `table_inputs` matches them)."""
    out: list[str] = []
    if goals is not None:
        for m in match_projects(table, goals.projects):
            p = m.table
            if m.goal is None:
                out.append(f"项目“{p.name}”在绩效目标中找不到，未计入")
                continue
            numbers = line_numbers(p.indicators, goals.projects[m.goal].indicators)
            pairs = [(n, ind) for ind, n in zip(p.indicators, numbers, strict=True) if n]
            stated = p.execution.score if p.execution is not None else None
            out += score_notes(stated, report.projects[m.goal], pairs, f"项目“{p.name}” ")
        return out
    by_key = {project_key(p): p for p in table.projects}
    for scored in report.projects:
        q = by_key.get(scored.code or "") or by_key.get(scored.name)
        if q is None:
            continue
        stated = q.execution.score if q.execution is not None else None
        out += score_notes(stated, scored, enumerate(q.indicators, 1), f"项目“{q.name}” ")
    return out


def score_notes(
    budget_score: Decimal | None,
    scored: ProjectScore,
    indicators: Iterable[tuple[int, Indicator]],
    label: str = "",
) -> list[str]:
    """One Chinese line per score a table states (its 预算执行 ``budget_score``, each
    indicator's ``score``) that differs from the rules' (``scored``) by more than
    `TOLERANCE`. ``indicators`` pairs the number of the scored line (1-based) with the
    table's indicator; the command line pairs them by position, the web by name."""
    out: list[str] = []
    computed = scored.budget_score
    if (
        budget_score is not None
        and computed is not None
        and abs(budget_score - computed) > TOLERANCE
    ):
        out.append(f"{label}预算执行：表中得分 {budget_score}，按评分规则应为 {computed}")
    lines = {ln.indicator: ln for ln in scored.lines}
    for n, ind in indicators:
        line = lines.get(n)
        if ind.score is None or line is None or line.score is None:
            continue
        if abs(ind.score - line.score) > TOLERANCE:
            out.append(
                f"{label}第 {n} 个指标“{ind.name or ''}”：表中得分 {ind.score}，"
                f"按评分规则应为 {line.score}"
            )
    return out
