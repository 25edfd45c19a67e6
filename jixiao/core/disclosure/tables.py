"""The official goal table (项目绩效目标表) and self-evaluation result as HTML fragments.

Pure functions returning escaped HTML: the public pages and the static site show the same
table from this one place; the goal table is the one every export draws.
"""

from __future__ import annotations

from html import escape

from jixiao.core.amounts import format_amount
from jixiao.core.disclosure.model import PublishedProject


def _e(value: object) -> str:
    return "" if value is None else escape(str(value))


def project_table_html(p: PublishedProject) -> str:
    """The goal table as every export draws it (`jixiao.core.goal_table`), in HTML."""
    from jixiao.core.formats.render_html import table_html
    from jixiao.core.goal_table import indicator_table, project_table

    unit = f"{p.unit_code} {p.unit_name}".strip()
    grids = [project_table(unit, p.money_unit, p.project), indicator_table(p.project)]
    return table_html(grids, caption=f"{p.project.name}绩效目标表")


def evaluation_html(p: PublishedProject) -> str:
    ev = p.evaluation
    if ev is None:
        return '<p class="muted">自评结果尚未公开。</p>'
    rate = "" if ev.execution_rate is None else f"{ev.execution_rate}%"
    return (
        '<table class="official"><caption>绩效自评结果</caption>'
        f"<tr><th>自评得分</th><td>{_e(ev.score)}</td><th>自评等级</th><td>{_e(ev.grade)}</td></tr>"
        f'<tr><th>全年执行数（{_e(p.money_unit)}）</th><td class="num">{format_amount(ev.executed, p.money_unit)}</td>'
        f"<th>预算执行率</th><td>{_e(rate)}</td></tr></table>"
    )
