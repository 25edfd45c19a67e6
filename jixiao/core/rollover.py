"""Roll a document over to the next year (以上年为基础编制), as pure data.

`roll_over(doc, year)` returns a new `Document` for ``year`` with every project, spending
plan, goal line and indicator copied, and a `RolloverReport` of what was copied. Budgets are
kept but listed for confirmation (next year's money is not this year's); targets are kept.
Project codes are kept as written, or with ``renumber=True`` get the new year's two digits
in place of the old (the 2-digit year of the 21-character 项目编码, after the 6-character
region code). Nothing here touches storage.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from jixiao.core.model import Document

#: Where the 2-digit year sits in a 项目编码 (after the 6-character finance region code).
CODE_YEAR = slice(6, 8)


def code_for_year(code: str | None, year: int) -> str | None:
    """``13021322P00000410179E`` for 2023 → ``13021323P00000410179E``.

    A code too short, or without two digits where the year goes, is returned unchanged.
    """
    if not code or len(code) < CODE_YEAR.stop or not code[CODE_YEAR].isdigit():
        return code
    return code[: CODE_YEAR.start] + f"{year % 100:02d}" + code[CODE_YEAR.stop :]


@dataclass
class CopiedProject:
    """One line of the report: the project, its old and new code, what it carries."""

    seq: int | None
    name: str
    old_code: str | None
    new_code: str | None
    indicators: int
    plan_cells: int
    goals: int
    budget_to_confirm: bool


@dataclass
class RolloverReport:
    from_year: int | None
    to_year: int
    renumbered: bool
    projects: list[CopiedProject] = field(default_factory=list)

    @property
    def indicator_count(self) -> int:
        return sum(p.indicators for p in self.projects)

    @property
    def budgets_to_confirm(self) -> int:
        return sum(1 for p in self.projects if p.budget_to_confirm)

    @property
    def codes_unchanged(self) -> int:
        """Codes a renumbering could not change (missing or without a year)."""
        return sum(1 for p in self.projects if self.renumbered and p.old_code == p.new_code)

    def lines(self) -> list[str]:
        """The report in Chinese, one line per fact."""
        head = (
            f"已从 {self.from_year or '（未注明）'} 年度复制到 {self.to_year} 年度："
            f"{len(self.projects)} 个项目，{self.indicator_count} 个指标"
        )
        out = [head]
        if self.renumbered:
            out.append(f"项目编码中的年度位已改为 {self.to_year % 100:02d}")
            if self.codes_unchanged:
                out.append(f"{self.codes_unchanged} 个项目编码没有年度位，未改动，请核对")
        else:
            out.append("项目编码保持不变")
        if self.budgets_to_confirm:
            out.append(f"{self.budgets_to_confirm} 个项目的预算数沿用上年，请逐个确认后再提交审核")
        return out


def roll_over(
    doc: Document, year: int, *, renumber: bool = False
) -> tuple[Document, RolloverReport]:
    """A copy of ``doc`` for ``year``, and the report of what was copied."""
    if doc.year is not None and year == doc.year:
        raise ValueError(f"新年度 {year} 与原文档年度相同")
    new = Document(
        unit=doc.unit,
        year=year,
        money_unit=doc.money_unit,
        overall_goals=list(doc.overall_goals),
        project_summaries=copy.deepcopy(doc.project_summaries),
        measures=list(doc.measures),
        projects=copy.deepcopy(doc.projects),
        department_indicators=copy.deepcopy(doc.department_indicators),
    )
    report = RolloverReport(from_year=doc.year, to_year=year, renumbered=renumber)
    for old, p in zip(doc.projects, new.projects, strict=True):
        if renumber:
            p.code = code_for_year(p.code, year)
        if p.title and doc.year and str(doc.year) in p.title:
            p.title = p.title.replace(str(doc.year), str(year))
        report.projects.append(
            CopiedProject(
                seq=p.seq,
                name=p.name,
                old_code=old.code,
                new_code=p.code,
                indicators=len(p.indicators),
                plan_cells=len(p.spending_plan.cells),
                goals=len(p.goals),
                budget_to_confirm=p.budget.total is not None,
            )
        )
    return new, report
