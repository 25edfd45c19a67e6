"""The official goal table (项目绩效目标表) and self-evaluation result as HTML fragments.

Pure functions returning escaped HTML: the public pages and the static site show the same
table from this one place.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from jixiao.core.disclosure.model import PublishedProject


def _e(value: object) -> str:
    return "" if value is None else escape(str(value))


def _amount(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value:,.2f}" if value == value.quantize(Decimal("0.01")) else f"{value:,f}"


def project_table_html(p: PublishedProject) -> str:
    prj = p.project
    b = prj.budget
    plan = (
        "".join(f"<td>{_e(c.text) if c.text else ''}</td>" for c in prj.spending_plan.cells)
        or '<td colspan="4"></td>'
    )
    months = "".join(f"<th>{c.month}月</th>" for c in prj.spending_plan.cells) or (
        '<th colspan="4"></th>'
    )
    goals = "<br>".join(f"{k}.{_e(g)}" for k, g in enumerate(prj.goals, 1))
    rows = []
    for i in prj.indicators:
        rows.append(
            "<tr>"
            f"<td>{_e(i.level1)}</td><td>{_e(i.level2)}</td><td>{_e(i.name)}</td>"
            f'<td>{_e(i.description)}</td><td class="nowrap">{_e(i.target.text)}</td>'
            f"<td>{_e(i.basis)}</td>"
            "</tr>"
        )
    unit = p.money_unit
    return (
        '<table class="official">'
        f"<caption>{_e(prj.name)}绩效目标表</caption>"
        f'<tr><th>单位名称</th><td colspan="5">{_e(p.unit_code)} {_e(p.unit_name)}</td></tr>'
        f'<tr><th>项目编码</th><td colspan="2" class="nowrap">{_e(prj.code)}</td>'
        f'<th>项目名称</th><td colspan="2">{_e(prj.name)}</td></tr>'
        f'<tr><th>预算数（{_e(unit)}）</th><td class="num">{_amount(b.total)}</td>'
        f'<th>其中：财政资金</th><td class="num">{_amount(b.fiscal)}</td>'
        f'<th>其他资金</th><td class="num">{_amount(b.other)}</td></tr>'
        f'<tr><th>资金用途</th><td colspan="5">{_e(prj.purpose)}</td></tr>'
        f'<tr><th rowspan="2">资金支出计划（%）</th>{months}<td colspan="1"></td></tr>'
        f"<tr>{plan}<td></td></tr>"
        f'<tr><th>绩效目标</th><td colspan="5">{goals}</td></tr>'
        "<tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>绩效指标描述</th>"
        "<th>指标值</th><th>指标值确定依据</th></tr>" + "".join(rows) + "</table>"
    )


def evaluation_html(p: PublishedProject) -> str:
    ev = p.evaluation
    if ev is None:
        return '<p class="muted">自评结果尚未公开。</p>'
    rate = "" if ev.execution_rate is None else f"{ev.execution_rate}%"
    return (
        '<table class="official"><caption>绩效自评结果</caption>'
        f"<tr><th>自评得分</th><td>{_e(ev.score)}</td><th>自评等级</th><td>{_e(ev.grade)}</td></tr>"
        f'<tr><th>全年执行数（{_e(p.money_unit)}）</th><td class="num">{_amount(ev.executed)}</td>'
        f"<th>预算执行率</th><td>{_e(rate)}</td></tr></table>"
    )
