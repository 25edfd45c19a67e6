"""`monitor()`: spending and indicator progress of every project of a document on a date.

Every payment ends up somewhere: counted in its project, in ``unmatched`` (code not in the
document), in ``out_of_year`` (dated outside the fiscal year; listed, not counted), or
counted in ``later`` (in the fiscal year but after the as-of date, so not yet spent then).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.core.actual_values import parse_actual
from jixiao.core.errors import ReadError
from jixiao.core.model import Document, Project
from jixiao.core.monitoring.indicators import (
    IndicatorEntry,
    IndicatorProgress,
    comparison_note,
    indicator_color,
)
from jixiao.core.monitoring.payments import Payment, code_index
from jixiao.core.monitoring.progress import (
    COLORS,
    SpendingProgress,
    elapsed_months,
    progress_from_totals,
    q2,
    spending_color,
    time_percent,
    worst,
)
from jixiao.core.rates import exact_execution_rate, execution_rate
from jixiao.core.scales import missing_reason


@dataclass(frozen=True)
class ProjectProgress:
    spending: SpendingProgress
    indicators: list[IndicatorProgress] = field(default_factory=list)

    @property
    def color(self) -> str | None:
        """The project's worst colour over spending and indicators."""
        return worst([self.spending.color, *(i.color for i in self.indicators)])


@dataclass(frozen=True)
class MonitorTotals:
    projects: int
    budget: Decimal
    executed: Decimal
    refunds: Decimal
    execution_rate: Decimal | None
    expected_percent: Decimal  # budget-weighted average of the projects' expected percent
    time_percent: Decimal
    color: str | None
    colors: dict[str, int]  # projects per colour (worst colour of each project)
    forecast: Decimal
    forecast_rate: Decimal | None
    unmatched: int
    unmatched_amount: Decimal
    out_of_year: int
    later: int


@dataclass(frozen=True)
class MonitorReport:
    as_of: datetime.date
    year: int
    months: int  # completed months of the fiscal year
    money_unit: str
    projects: list[ProjectProgress]
    totals: MonitorTotals
    unmatched: list[Payment]
    out_of_year: list[Payment]
    later: int
    #: Why some payments could not reach a project (no code, a code used twice), Chinese.
    warnings: list[str] = field(default_factory=list)


def monitor(
    doc: Document,
    payments: Iterable[Payment],
    as_of: datetime.date,
    entries: Iterable[IndicatorEntry] = (),
) -> MonitorReport:
    """Monitor ``doc`` on ``as_of``; payments must be in the document's money unit.

    ``entries`` (indicator progress) must name projects and indicators of the document:
    one that does not is a `ReadError` at its line.
    """
    year = doc.year or as_of.year
    months = elapsed_months(as_of, year)
    # One list of amounts per project code: appending is the cheapest per-payment step,
    # and summing a list of Decimals runs in C.
    amounts: dict[str, list[Decimal]] = {p.code: [] for p in doc.projects if p.code}
    refunds: dict[str, Decimal] = {}
    unmatched: list[Payment] = []
    out_of_year: list[Payment] = []
    later = 0
    zero = Decimal(0)
    start, end = datetime.date(year, 1, 1), min(as_of, datetime.date(year, 12, 31))
    for p in payments:
        bucket = amounts.get(p.project_code)
        if bucket is None:
            unmatched.append(p)
            continue
        date = p.date
        if start <= date <= end:
            amount = p.amount
            bucket.append(amount)
            if amount < 0:
                refunds[p.project_code] = refunds.get(p.project_code, zero) - amount
        elif date.year != year:
            out_of_year.append(p)
        else:
            later += 1

    by_project = _entries_by_project(doc, entries)
    projects = []
    warnings = []
    seen: dict[str, Project] = {}
    for index, project in enumerate(doc.projects):
        code = project.code or ""
        bucket = amounts.get(code, [])
        refunded = refunds.get(code, zero)
        if not code:
            warnings.append(f"项目“{project.name}”没有项目编码，无法匹配支付记录")
        elif code in seen:
            # The payments were counted for the first project with this code.
            bucket, refunded = [], zero
            warnings.append(
                f"项目编码“{code}”重复：支付记录只计入第一个使用它的项目“{seen[code].name}”，"
                f"未计入“{project.name}”"
            )
        else:
            seen[code] = project
        spending = progress_from_totals(project, sum(bucket, zero), refunded, len(bucket), months)
        indicators = []
        for entry in by_project.get(index, []):
            ind = project.indicators[entry.indicator - 1]
            try:
                value = parse_actual(entry.value)
            except ValueError as e:
                raise ReadError(str(e), file=entry.file, line=entry.line) from None
            progress, color = indicator_color(ind.target, value, months)
            indicators.append(
                IndicatorProgress(
                    entry.indicator,
                    ind.name,
                    ind.target.text,
                    value,
                    progress,
                    color,
                    entry,
                    comparison_note(ind.target, value),
                )
            )
        projects.append(ProjectProgress(spending, indicators))
    totals = _totals(projects, months, unmatched, out_of_year, later)
    return MonitorReport(
        as_of,
        year,
        months,
        doc.money_unit,
        projects,
        totals,
        unmatched,
        out_of_year,
        later,
        warnings,
    )


def check_reasons(doc: Document, entries: Iterable[IndicatorEntry], as_of: datetime.date) -> None:
    """Refuse, as the web form does, an entry whose colour needs a deviation reason
    (`scales.missing_reason`) and has none: a `ReadError` at its line. The colour is the
    one of the entry's own date (the as-of date when it has none), as the web's on saving.
    Unknown codes or numbers are `monitor`'s errors."""
    year = doc.year or as_of.year
    index = code_index([p.code for p in doc.projects])
    for e in entries:
        i = index.get(e.project_code)
        if i is None or not 1 <= e.indicator <= len(doc.projects[i].indicators):
            continue
        try:
            value = parse_actual(e.value)
        except ValueError:
            continue
        months = elapsed_months(e.date or as_of, year)
        color = indicator_color(doc.projects[i].indicators[e.indicator - 1].target, value, months)
        problem = missing_reason(color[1], e.deviation_reason)
        if problem:
            raise ReadError(
                f"项目“{e.project_code}”第 {e.indicator} 个指标：{problem}",
                file=e.file,
                line=e.line,
            )


def _entries_by_project(
    doc: Document, entries: Iterable[IndicatorEntry]
) -> dict[int, list[IndicatorEntry]]:
    entries = list(entries)
    if not entries:
        return {}
    index = code_index([p.code for p in doc.projects])
    out: dict[int, list[IndicatorEntry]] = {}
    for e in entries:
        i = index.get(e.project_code)
        if i is None:
            raise ReadError(f"项目编码“{e.project_code}”不在文档中", file=e.file, line=e.line)
        n = len(doc.projects[i].indicators)
        if not 1 <= e.indicator <= n:
            raise ReadError(
                f"项目“{e.project_code}”没有第 {e.indicator} 个指标（共 {n} 个）",
                file=e.file,
                line=e.line,
            )
        out.setdefault(i, []).append(e)
    return out


def _totals(
    projects: list[ProjectProgress],
    months: int,
    unmatched: list[Payment],
    out_of_year: list[Payment],
    later: int,
) -> MonitorTotals:
    zero = Decimal(0)
    budget = executed = refunds = forecast = weighted = zero
    colors = dict.fromkeys(COLORS, 0)
    for p in projects:
        s = p.spending
        executed += s.executed
        refunds += s.refunds
        if s.budget is not None:
            budget += s.budget
            weighted += s.budget * s.expected_percent
            forecast += s.forecast or zero
        else:
            forecast += s.executed
        color = p.color
        if color is not None:
            colors[color] += 1
    expected = weighted / budget if budget else time_percent(months)
    rate = exact_execution_rate(executed, budget)
    return MonitorTotals(
        projects=len(projects),
        budget=budget,
        executed=executed,
        refunds=refunds,
        execution_rate=None if rate is None else q2(rate),
        expected_percent=q2(expected),
        time_percent=q2(time_percent(months)),
        color=spending_color(rate, expected),
        colors=colors,
        forecast=forecast,
        forecast_rate=execution_rate(forecast, budget),
        unmatched=len(unmatched),
        unmatched_amount=sum((p.amount for p in unmatched), zero),
        out_of_year=len(out_of_year),
        later=later,
    )
