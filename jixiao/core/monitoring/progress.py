"""Spending progress (预算执行进度) of one project as of a date (domain.md §5).

Elapsed time is counted in **completed months**: the month of the as-of date counts only
on its last day (31 March → 3, 30 March → 2). The same count gives the time progress
(序时进度 = months / 12) and the plan's expected percentage (the cumulative percentage of
the last checkpoint whose month has ended), so a checkpoint is reached exactly at the end
of its month. Percentages are percent (50 means 50 %); colours are computed on exact values
and shown rounded to two decimals.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from jixiao.core.model import Project
from jixiao.core.monitoring.payments import Payment
from jixiao.core.rates import HUNDRED, exact_execution_rate, execution_rate, q2
from jixiao.core.scales import (  # noqa: F401 (the colours are re-exported)
    BLUE,
    COLORS,
    GREEN,
    OVER_BUDGET,
    RED,
    YELLOW,
    spending_ratio_color,
)
from jixiao.core.versions import Version, in_force


def worst(colors: Iterable[str | None]) -> str | None:
    present = {c for c in colors if c is not None}
    return next((c for c in COLORS if c in present), None)


def elapsed_months(as_of: datetime.date, year: int) -> int:
    """Completed months of fiscal ``year`` on ``as_of`` (0 before the year, 12 after it)."""
    if as_of.year < year:
        return 0
    if as_of.year > year:
        return 12
    last_day = calendar.monthrange(as_of.year, as_of.month)[1]
    return as_of.month if as_of.day == last_day else as_of.month - 1


def time_percent(months: int) -> Decimal:
    """序时进度 in percent, exact (``months × 100 / 12``)."""
    return Decimal(months) * HUNDRED / 12


def spending_color(execution_rate: Decimal | None, expected: Decimal) -> str | None:
    """Colour by ``execution rate ÷ expected × 100``: <60 red, 60–<80 yellow, ≥80 green.

    Nothing expected yet (0 %) is green; an unknown rate (no budget) has no colour.
    """
    if expected <= 0:
        return GREEN
    if execution_rate is None:
        return None
    return ratio_color(execution_rate / expected * HUNDRED)


def ratio_color(ratio: Decimal) -> str:
    """<60 red, 60–<80 yellow, ≥80 green (`jixiao.core.scales`)."""
    return spending_ratio_color(ratio)


# Exact and rounded time progress per month count, computed once.
_TIME_PERCENT = [Decimal(m) * HUNDRED / 12 for m in range(13)]
_TIME_PERCENT_SHOWN = [q2(t) for t in _TIME_PERCENT]


@dataclass(frozen=True, slots=True)
class SpendingProgress:
    """One project's spending as of a date, amounts in the document's money unit."""

    code: str | None
    name: str
    seq: int | None
    budget: Decimal | None
    executed: Decimal
    refunds: Decimal  # sum of refunds as a positive amount (already netted in `executed`)
    payments: int
    execution_rate: Decimal | None  # percent, 2 decimals; None without a budget
    expected_percent: Decimal  # percent, 2 decimals
    time_percent: Decimal  # percent, 2 decimals
    basis: str  # "plan" or "time": what expected_percent was compared with
    ratio: Decimal | None  # execution rate ÷ expected × 100, 2 decimals
    color: str | None
    forecast: Decimal | None  # year-end executed amount, see docs/monitoring.md
    forecast_rate: Decimal | None  # percent of budget, 2 decimals

    @property
    def deviation(self) -> Decimal | None:
        """执行率 minus the expected percent, in percentage points (negative: behind)."""
        if self.execution_rate is None:
            return None
        return self.execution_rate - self.expected_percent


def progress_from_totals(
    project: Project,
    executed: Decimal,
    refunds: Decimal,
    count: int,
    months: int,
) -> SpendingProgress:
    """Progress from amounts already summed (what `monitor` uses for speed)."""
    budget = project.budget.total
    plan = project.spending_plan
    time_pct = _TIME_PERCENT[months] if 0 <= months <= 12 else time_percent(months)
    curve = plan.cumulative()
    if not curve:
        basis, expected, final = "time", time_pct, HUNDRED
    else:
        # Same as plan.expected_percent(months), without walking the plan three times.
        basis, expected, final = "plan", Decimal(0), curve[-1][1]
        for month, percent in curve:
            if month <= months:
                expected = percent
    rate = exact_execution_rate(executed, budget)
    ratio = rate / expected * HUNDRED if rate is not None and expected > 0 else None
    if expected <= 0:
        color: str | None = GREEN
    elif ratio is None:
        color = None
    else:
        color = ratio_color(ratio)
    forecast = None
    if budget is not None:
        # What is left of the plan is spent as planned; the gap so far is not caught up.
        forecast = executed + budget * max(final - expected, Decimal(0)) / HUNDRED
    forecast_rate = None if forecast is None else exact_execution_rate(forecast, budget)
    if rate is not None and rate > OVER_BUDGET:
        color = RED  # spent beyond the budget
    elif forecast_rate is not None and forecast_rate > OVER_BUDGET and color == GREEN:
        color = BLUE  # on course to spend beyond the budget
    return SpendingProgress(
        code=project.code,
        name=project.name,
        seq=project.seq,
        budget=budget,
        executed=executed,
        refunds=refunds,
        payments=count,
        execution_rate=None if rate is None else q2(rate),
        expected_percent=q2(expected),
        time_percent=_TIME_PERCENT_SHOWN[months] if 0 <= months <= 12 else q2(time_pct),
        basis=basis,
        ratio=None if ratio is None else q2(ratio),
        color=color,
        forecast=forecast,
        forecast_rate=None if forecast is None else execution_rate(forecast, budget),
    )


def spending_progress(
    project: Project,
    payments: Iterable[Payment],
    as_of: datetime.date,
    *,
    year: int | None = None,
) -> SpendingProgress:
    """Progress of ``project`` on ``as_of`` from the payments carrying its code.

    Only payments of fiscal ``year`` (default: the as-of year) dated on or before ``as_of``
    count; refunds (negative amounts) reduce the executed amount.
    """
    year = year or as_of.year
    executed = refunds = Decimal(0)
    count = 0
    for p in payments:
        if p.project_code != project.code or p.date.year != year or p.date > as_of:
            continue
        executed += p.amount
        if p.amount < 0:
            refunds -= p.amount
        count += 1
    return progress_from_totals(project, executed, refunds, count, elapsed_months(as_of, year))


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """One month-end of the plan-versus-actual cumulative curve."""

    month: int
    planned_percent: Decimal  # the plan's expected percent (time progress without a plan)
    executed: Decimal  # cumulative, in the document's money unit
    executed_percent: Decimal | None  # of the budget total, 2 decimals


def spending_curve(
    project: Project,
    payments: Iterable[Payment],
    year: int,
    through: datetime.date | None = None,
    *,
    versions: Sequence[Version] = (),
) -> list[CurvePoint]:
    """Month-end points 1–12 of planned and actual cumulative spending (for charts).

    Actual points stop at the last month ended on ``through`` (default: the whole year);
    payments of other projects or years are ignored, refunds reduce the sums. With
    ``versions`` (goal adjustments), each month-end is measured against the budget and plan
    of the version in force that day (`jixiao.core.versions.in_force`).
    """
    last = 12 if through is None else elapsed_months(through, year)
    by_month = [Decimal(0)] * 13
    for p in payments:
        if p.project_code == project.code and p.date.year == year:
            by_month[p.date.month] += p.amount
    budget = project.budget.total
    plan = project.spending_plan
    points = []
    executed = Decimal(0)
    for month in range(1, last + 1):
        executed += by_month[month]
        if versions:
            day = calendar.monthrange(year, month)[1]
            version = in_force(versions, datetime.date(year, month, day))
            budget, plan = version.budget.total, version.spending_plan
        planned = time_percent(month) if plan.is_empty else plan.expected_percent(month)
        rate = execution_rate(executed, budget)
        points.append(CurvePoint(month, q2(planned), executed, rate))
    return points
