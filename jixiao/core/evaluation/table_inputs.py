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

from decimal import Decimal

from jixiao.core.actual_values import parse_actual
from jixiao.core.errors import ReadError
from jixiao.core.evaluation.inputs import Actual, BudgetRecord
from jixiao.core.evaluation.report import EvaluationReport
from jixiao.core.model import Document, Project

#: Scores closer than this are the same (tables write 14.25 or 14.3).
TOLERANCE = Decimal("0.05")


def project_key(p: Project) -> str:
    return p.code or p.name


def table_inputs(table: Document, name: str) -> tuple[list[Actual], list[BudgetRecord]]:
    """The actual values and budget figures a self-evaluation table states."""
    actuals: list[Actual] = []
    budgets: list[BudgetRecord] = []
    for p in table.projects:
        key = project_key(p)
        for n, ind in enumerate(p.indicators, 1):
            if not (ind.actual or "").strip():
                continue
            try:
                value = parse_actual(ind.actual)
            except ValueError as e:
                raise ReadError(f"项目“{p.name}”第 {n} 个指标：{e}", file=name) from None
            actuals.append(Actual(key, n, value, ind.deviation_reason or "", name, None))
        ex = p.execution
        if ex is not None and ex.budget_adjusted is not None and ex.executed is not None:
            budgets.append(
                BudgetRecord(key, ex.budget_initial, ex.budget_adjusted, ex.executed, "", name)
            )
    return actuals, budgets


def check_table(table: Document, report: EvaluationReport) -> list[str]:
    """One Chinese line per score of the table that the scoring rules do not reproduce."""
    by_key = {project_key(p): p for p in table.projects}
    out: list[str] = []
    for scored in report.projects:
        p = by_key.get(scored.code or "") or by_key.get(scored.name)
        if p is None:
            continue
        label = f"项目“{p.name}”"
        ex = p.execution
        computed = scored.budget_score
        table_score = ex.score if ex is not None else None
        if (
            table_score is not None
            and computed is not None
            and abs(table_score - computed) > TOLERANCE
        ):
            out.append(f"{label} 预算执行：表中得分 {table_score}，按评分规则应为 {computed}")
        for n, (ind, line) in enumerate(zip(p.indicators, scored.lines, strict=False), 1):
            if ind.score is None or line.score is None:
                continue
            if abs(ind.score - line.score) > TOLERANCE:
                out.append(
                    f"{label} 第 {n} 个指标“{ind.name or ''}”：表中得分 {ind.score}，"
                    f"按评分规则应为 {line.score}"
                )
    return out
