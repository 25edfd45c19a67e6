"""The 部门整体支出绩效自评表 as a format-neutral `Table` (drawn by `export` like the
项目支出绩效自评表, ten columns in the same grid).

Layout of the official form: 部门（单位）名称; 年度预算执行情况 with the rows 年度资金总额,
其中：基本支出, 项目支出 (年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分);
年度总体目标 (预期目标 | 实际完成情况); the indicator rows (一级 / 二级 / 三级 / 年度指标值 /
实际完成值 / 分值 / 得分 / 偏差原因分析及改进措施); 总分 with the grade. The product tracks
project spending only, so 年度资金总额 and 项目支出 both show the projects' roll-up and
基本支出 stays blank. A last row states how far the projects' own self-evaluation has got.
"""

from __future__ import annotations

from collections.abc import Mapping

from jixiao.core.evaluation.department import UnitResult
from jixiao.core.evaluation.tables import (
    PROJECT_COLUMNS,
    Cell,
    Table,
    _goals_and_indicators,
    _money,
    _num,
    _percent,
    _text,
)
from jixiao.core.model import Document, Indicator
from jixiao.core.numbering import format_goals

TITLE = "部门整体支出绩效自评表"
FUND_ROWS: tuple[str, ...] = ("年度资金总额", "其中：基本支出", "项目支出")


def department_table(
    doc: Document,
    indicators: list[Indicator],
    result: UnitResult,
    *,
    achieved: str = "",
    reasons: Mapping[int, str] | None = None,
) -> Table:
    """The department's 自评表: ``indicators`` as scored (weights applied), ``achieved`` the
    实际完成情况 of the overall goals, ``reasons`` the 偏差原因分析 per indicator number."""
    score = result.department
    given: dict[int, str] = {
        r.indicator: r.given for r in score.reasons_required if r.indicator and r.given
    }
    given.update(reasons or {})
    b = score.budget
    rows: list[list[Cell]] = [
        [Cell("部门（单位）名称", span=2, role="label"), Cell(doc.unit.name, span=8)],
        [
            Cell("年度预算执行情况", rows=1 + len(FUND_ROWS), role="label"),
            Cell("", span=3, role="label"),
            *(Cell(h, role="label") for h in ("年初预算数", "全年预算数", "全年执行数", "分值")),
            *(Cell(h, role="label") for h in ("执行率", "得分")),
        ],
    ]
    for label in FUND_ROWS:
        blank = label == FUND_ROWS[1] or b is None
        line = [Cell(label, span=3, role="label")]
        line += [
            _money(None if blank or b is None else b.budget_initial),
            _money(None if blank or b is None else b.budget_adjusted),
            _money(None if blank or b is None else b.executed),
        ]
        if label == FUND_ROWS[0]:
            line += [
                _num(score.budget_weight, align="center"),
                _percent(score.execution_rate),
                _num(score.budget_score, align="center"),
            ]
        else:
            line += [Cell("—", align="center") for _ in range(3)]
        rows.append(line)
    rows += _goals_and_indicators(
        format_goals(list(doc.overall_goals)), achieved, indicators, score, given
    )
    p = result.projects
    rows.append(
        [
            Cell("项目支出自评", span=2, role="label"),
            Cell(
                f"共 {p.projects} 个项目，{p.coverage}；平均得分（按全年预算数加权）"
                f"{_text(p.weighted_average)}，简单平均 {_text(p.average)}。"
                + ("" if score.complete else f"部门整体评分未完成：{score.missing_text}。"),
                span=8,
            ),
        ]
    )
    year = f"（{doc.year}年度）" if doc.year else ""
    unit = f"{doc.unit.code or ''} {doc.unit.name}".strip()
    return Table(
        title=TITLE,
        subtitle=f"{year}单位：{unit}　金额单位：{doc.money_unit}",
        sheet_name="部门整体",
        ncols=PROJECT_COLUMNS,
        rows=rows,
        money_unit=doc.money_unit,
        widths=[6, 8, 8, 11, 11, 11, 10, 9, 12, 14],
    )
