"""Inconsistencies a reader notices but does not refuse (judging is the review's job)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from operator import lt

from jixiao.core.model import Document, PlanCell, Project
from jixiao.core.names import names_correspond


def consistency_warnings(doc: Document) -> list[str]:
    """Chinese one-line warnings about content that is readable but inconsistent."""
    out: list[str] = []
    by_code: dict[str, list[int]] = defaultdict(list)
    for p in doc.projects:
        if p.code:
            by_code[p.code].append(p.seq or 0)
        b = p.budget
        if b.total is not None and b.fiscal is not None:
            parts = b.fiscal + (b.other or _ZERO)
            if parts != b.total:
                out.append(
                    f"{_label(p)}：财政资金 {b.fiscal} + 其他资金 {b.other or 0} = {parts}，"
                    f"不等于预算数 {b.total}"
                )
        if _decreases(p.spending_plan.cells):
            texts = "、".join(c.text or "空" for c in p.spending_plan.cells)
            out.append(f"{_label(p)}：资金支出计划（{texts}）出现下降")
    for code, seqs in by_code.items():
        if len(seqs) > 1:
            out.append(f"项目编码 {code} 重复出现在项目 {'、'.join(map(str, seqs))}")
    tables = {p.seq: p for p in doc.projects}
    for s in doc.project_summaries:
        table = tables.get(s.seq)
        if table is None:
            out.append(f"分项绩效目标 {s.seq}“{s.name}”没有对应的项目表")
        elif s.name != table.name and not names_correspond(s.name, table.name):
            out.append(f"分项绩效目标 {s.seq}“{s.name}”与项目表“{table.name}”名称不对应")
    return out


_ZERO = Decimal(0)


def _label(p: Project) -> str:
    return f"项目 {p.seq}“{p.name}”"


def _decreases(cells: list[PlanCell]) -> bool:
    percents = [c.percent for c in cells if c.percent is not None]
    # Some filled cell below the filled one before it.
    return any(map(lt, percents[1:], percents))
