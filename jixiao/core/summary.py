"""A readable summary of a document for terminals: one line per project, then totals."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.amounts import format_amount
from jixiao.core.model import Document
from jixiao.core.texttable import clip, format_table


def format_document(doc: Document) -> str:
    rows = []
    for p in doc.projects:
        plan = " ".join(c.text or "—" for c in p.spending_plan.cells)
        rows.append(
            [
                str(p.seq or ""),
                p.code or "（无编码）",
                clip(p.name, 30),
                format_amount(p.budget.total, doc.money_unit),
                plan,
                str(len(p.indicators)),
            ]
        )
    head = (
        f"{doc.unit.code or ''} {doc.unit.name}  {doc.year or '（年度未知）'}年度  "
        f"金额单位：{doc.money_unit}"
        + ("  （项目支出绩效自评表）" if doc.kind == "self_evaluation" else "")
    )
    table = format_table(
        [
            "序号",
            "项目编码",
            "项目名称",
            f"预算数（{doc.money_unit}）",
            "支出计划（3/6/10/12月）",
            "指标数",
        ],
        rows,
        right=(0, 3, 5),
    )
    stated = [p.budget.fiscal for p in doc.projects if p.budget.fiscal is not None]
    indicators = sum(len(p.indicators) for p in doc.projects)
    # A table with no 财政资金 column says nothing about fiscal money: never print "0.00".
    fiscal = (
        f"（财政资金 {format_amount(sum(stated, Decimal(0)), doc.money_unit)}）" if stated else ""
    )
    total = (
        f"合计：{len(doc.projects)} 个项目，"
        f"预算数 {format_amount(doc.budget_total, doc.money_unit)} {doc.money_unit}"
        f"{fiscal}，绩效指标 {indicators} 个"
    )
    lines = [head, "", table, "", total]
    if doc.department_indicators:
        lines.append(f"部门整体绩效指标 {len(doc.department_indicators)} 个")
    return "\n".join(lines)


def format_explain(notes: list[str]) -> str:
    """The reader's notes (which column was taken as what, what was skipped), one a line."""
    if not notes:
        return "（此格式按固定版式读取，无需列映射说明）"
    return "\n".join(f"- {n}" for n in notes)
