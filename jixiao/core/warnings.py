"""Inconsistencies a reader notices but does not refuse (judging is the review's job)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from jixiao.core.model import Document, PlanCell, Project
from jixiao.core.names import names_correspond


def consistency_warnings(doc: Document) -> list[str]:
    """Chinese one-line warnings about content that is readable but inconsistent."""
    out: list[str] = []
    projects = doc.projects
    for p in projects:
        b = p.budget
        total, fiscal = b.total, b.fiscal
        if total is not None and fiscal is not None:
            parts = fiscal + (b.other or _ZERO)
            if parts != total:
                out.append(
                    f"{_label(p)}：财政资金 {fiscal} + 其他资金 {b.other or 0} = {parts}，"
                    f"不等于预算数 {total}"
                )
        cells = p.spending_plan.cells
        if len(cells) > 1 and _decreases(cells):
            texts = "、".join(c.text or "空" for c in cells)
            out.append(f"{_label(p)}：资金支出计划（{texts}）出现下降")
    codes = [p.code for p in projects if p.code]
    if len(set(codes)) < len(codes):  # grouped only when some code repeats
        by_code: dict[str, list[int]] = defaultdict(list)
        for p in projects:
            if p.code:
                by_code[p.code].append(p.seq or 0)
        for code, seqs in by_code.items():
            if len(seqs) > 1:
                out.append(f"项目编码 {code} 重复出现在项目 {'、'.join(map(str, seqs))}")
    tables = {p.seq: p for p in projects}
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
    """Some filled cell below the filled one before it."""
    last = None
    for c in cells:
        percent = c.percent
        if percent is not None:
            if last is not None and percent < last:
                return True
            last = percent
    return False
