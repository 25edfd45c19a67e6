"""Stored rows → the core's inputs, and the core's answers for the pages.

Nothing here computes a colour, a rate or a score: `jixiao.core.monitoring.monitor`,
`spending_curve`, `score_project` and `rollup` do, on what is stored.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from jixiao.core import model as core
from jixiao.core.actual_values import parse_actual
from jixiao.core.evaluation import (
    DEFAULT_CONFIG,
    Actual,
    BudgetRecord,
    EvaluationReport,
    ProjectScore,
    Rollup,
    RollupSums,
    rollup,
    rollup_from_sums,
    score_project,
)
from jixiao.core.monitoring import (
    IndicatorEntry,
    MonitorReport,
    ProjectProgress,
    elapsed_months,
    indicator_color,
    monitor,
    spending_curve,
)
from jixiao.core.monitoring import Payment as CorePayment
from jixiao.core.versions import Version, document_in_force, in_force, year_end
from jixiao.web.adjustments.in_force import approved_adjustments, document_versions, versions_of
from jixiao.web.goals.mapping import document_from_db, project_from_db, with_children
from jixiao.web.goals.models import APPROVED, GoalDocument
from jixiao.web.goals.models import Project as ProjectRow
from jixiao.web.monitoring.models import (
    ActualValue,
    IndicatorProgress,
    Payment,
    SelfEvaluation,
)
from jixiao.web.orgs.models import Department, Unit
from jixiao.web.rankings.models import DepartmentRollup, UnitRollup


def documents_of(unit: Any) -> list[GoalDocument]:
    """The unit's goal documents, newest year first."""
    return list(GoalDocument.objects.filter(unit=unit).order_by("-year"))


def default_as_of(year: int | None, today: datetime.date | None = None) -> datetime.date:
    """Today within the fiscal year; its last day for a past year, its first for a future."""
    today = today or datetime.date.today()
    if year is None or today.year == year:
        return today
    return datetime.date(year, 12, 31) if today.year > year else datetime.date(year, 1, 1)


def project_rows(document: GoalDocument) -> list[ProjectRow]:
    return list(with_children(document.projects.all()).order_by("seq", "id"))


#: The workflow statuses monitoring follows. Monitoring measures spending and indicators
#: against the approved goals and budget (docs/monitoring.md): a draft, submitted or
#: returned project has nothing approved to measure, so it gets no colour and stays out
#: of every list, count and roll-up of monitoring (page, API, project page) until approved.
MONITORED_STATUSES = frozenset({APPROVED})


def is_monitored(row: ProjectRow) -> bool:
    """Does monitoring follow ``row`` (the one place that says so)."""
    return row.status in MONITORED_STATUSES


def uncoloured(progress: ProjectProgress) -> ProjectProgress:
    """``progress`` with every colour taken off (a project monitoring does not follow: its
    figures may be shown, never a lamp)."""
    return ProjectProgress(
        dataclasses.replace(progress.spending, color=None),
        [dataclasses.replace(i, color=None) for i in progress.indicators],
    )


def core_payments(rows: Iterable[ProjectRow]) -> list[CorePayment]:
    """Stored payments of these projects, coded with their project's code (a payment whose
    stored amount cannot be read is left out; the project page names it)."""
    by_id = {r.pk: r for r in rows}
    return [
        CorePayment(p.date, by_id[p.project_id].code or "", p.amount, p.summary, p.line)
        for p in Payment.objects.filter(project_id__in=by_id).order_by("date", "id")
        if p.amount is not None
    ]


def latest_entries(rows: Iterable[ProjectRow], as_of: datetime.date) -> list[IndicatorEntry]:
    """Each indicator's latest progress entry on or before ``as_of``.

    A code used by two projects names the first (as `monitor` counts it), so the entries
    of a later project with the same code are left out rather than misattributed.
    """
    by_id: dict[int, ProjectRow] = {}
    seen: set[str] = set()
    for r in rows:
        if r.code and r.code not in seen:
            seen.add(r.code)
            by_id[r.pk] = r
    latest: dict[tuple[int, int], IndicatorProgress] = {}
    qs = IndicatorProgress.objects.filter(project_id__in=by_id, date__lte=as_of)
    for e in qs.order_by("date", "id"):
        latest[(e.project_id, e.indicator)] = e
    out = []
    for (pid, n), e in sorted(latest.items()):
        row = by_id[pid]
        if n > len(row.indicators.all()):
            continue  # the indicator was removed since
        out.append(
            IndicatorEntry(
                row.code or "",
                n,
                e.value,
                e.expected_value,
                e.reason,
                e.get_likelihood_display() if e.likelihood else "",
                e.correction_needed,
                e.follow_up,
                e.date,
            )
        )
    return out


@dataclass
class UnitMonitoring:
    document: GoalDocument
    rows: list[ProjectRow]
    doc: core.Document
    payments: list[CorePayment]
    report: MonitorReport
    #: The document's projects monitoring does not follow yet (`is_monitored`), in order.
    pending: list[ProjectRow] = dataclasses.field(default_factory=list)

    def lines(self) -> list[tuple[ProjectRow, Any]]:
        return list(zip(self.rows, self.report.projects, strict=True))


def unit_monitoring(document: GoalDocument, as_of: datetime.date) -> UnitMonitoring:
    """Every monitored project (`is_monitored`) measured against its version in force on
    ``as_of`` (adjustments); the others are ``pending``, in no list, count or total."""
    every = project_rows(document)
    rows = [r for r in every if is_monitored(r)]
    pending = [r for r in every if not is_monitored(r)]
    doc = document_from_db(document, rows)
    doc = document_in_force(doc, document_versions(rows, doc.projects), as_of)
    payments = core_payments(rows)
    report = monitor(doc, payments, as_of, fitting(doc, latest_entries(rows, as_of)))
    return UnitMonitoring(document, rows, doc, payments, report, pending)


def fitting(doc: core.Document, entries: list[IndicatorEntry]) -> list[IndicatorEntry]:
    """The entries naming an indicator the version in force still has (an adjustment may
    have removed some)."""
    counts: dict[str, int] = {}
    for p in doc.projects:
        if p.code:
            counts.setdefault(p.code, len(p.indicators))
    return [e for e in entries if e.indicator <= counts.get(e.project_code, 0)]


def versions_of_row(row: ProjectRow, project: core.Project) -> list[Version]:
    """The versions of one stored project (only the current one when never adjusted)."""
    return versions_of(project, approved_adjustments([row]).get(row.pk, []))


@dataclass
class ProjectMonitoring:
    """One project monitored on its own on a date (the project page and the API)."""

    project: core.Project  # the version in force on the date
    versions: list[Version]
    payments: list[CorePayment]
    progress: ProjectProgress  # without colours when not monitored
    monitored: bool = True  # `is_monitored`


def project_monitoring(row: ProjectRow, as_of: datetime.date) -> ProjectMonitoring:
    """``row`` measured on ``as_of`` against the version in force then (without colours
    when monitoring does not follow it, `is_monitored`)."""
    document = row.document
    current = project_from_db(row)
    versions = versions_of_row(row, current)
    project = in_force(versions, as_of)
    payments = core_payments([row])
    one = core.Document(
        unit=core.Unit(code=document.unit_code_text, name=document.unit_name_text),
        year=document.year,
        money_unit=document.money_unit,
        projects=[project],
    )
    report = monitor(one, payments, as_of, fitting(one, latest_entries([row], as_of)))
    progress = report.projects[0]
    monitored = is_monitored(row)
    if not monitored:
        progress = uncoloured(progress)
    return ProjectMonitoring(project, versions, payments, progress, monitored)


def indicator_color_on(
    row: ProjectRow, indicator: int, value: str, date: datetime.date
) -> str | None:
    """The colour monitoring gives ``value`` for indicator ``indicator`` (1-based) of ``row``
    on ``date``, against the version in force then; None when it has none (or monitoring
    does not follow ``row``, `is_monitored`)."""
    if not is_monitored(row):
        return None
    project = in_force(versions_of_row(row, project_from_db(row)), date)
    year = row.document.year
    if year is None or not 1 <= indicator <= len(project.indicators):
        return None
    try:
        actual = parse_actual(value)
    except ValueError:
        return None
    months = elapsed_months(date, year)
    return indicator_color(project.indicators[indicator - 1].target, actual, months)[1]


def chart_data(
    project: core.Project,
    payments: list[CorePayment],
    year: int,
    as_of: datetime.date,
    versions: list[Version] | None = None,
) -> dict[str, Any]:
    """Plan and actual cumulative percent per month-end, for Chart.js (numbers as strings
    turned into numbers by the page; the plan is the whole year, actual up to ``as_of``;
    each month against the version in force at its end)."""
    plan = spending_curve(project, payments, year, versions=versions or ())
    actual = spending_curve(project, payments, year, as_of, versions=versions or ())
    return {
        "labels": [f"{p.month}月" for p in plan],
        "planned": [str(p.planned_percent) for p in plan],
        "executed": [
            None if p.executed_percent is None else str(p.executed_percent) for p in actual
        ],
        "executed_amount": [str(p.executed) for p in actual],
    }


# -- self-evaluation ---------------------------------------------------------------------


def evaluation_of(row: ProjectRow) -> SelfEvaluation | None:
    try:
        return row.self_evaluation
    except SelfEvaluation.DoesNotExist:
        return None


def year_end_version(
    document: GoalDocument, project: core.Project, versions: list[Version] | None
) -> core.Project:
    """The version self-evaluation scores: the one in force on the last day of the year."""
    if not versions or document.year is None:
        return project
    return in_force(versions, year_end(document.year))


def evaluation_inputs(
    row: ProjectRow, project: core.Project, evaluation: SelfEvaluation | None
) -> tuple[core.Project, dict[int, Actual], BudgetRecord | None]:
    """The project (the version in force at year end) with any weights set in the
    self-evaluation, its actual values by indicator number, and its budget figures (None
    until 全年执行数 is in). 全年预算数 (调整后预算数) is the version's budget; what was typed
    counts only for a version without one."""
    if evaluation is None:
        return project, {}, None
    return inputs_of(
        row,
        project,
        {a.indicator: a for a in evaluation.actuals.all()},
        evaluation.budget_initial,
        evaluation.budget_adjusted,
        evaluation.executed,
        evaluation.budget_reason,
    )


def inputs_of(
    row: ProjectRow,
    project: core.Project,
    lines: Mapping[int, Any],
    budget_initial: Decimal | None,
    budget_adjusted: Decimal | None,
    executed: Decimal | None,
    budget_reason: str = "",
) -> tuple[core.Project, dict[int, Actual], BudgetRecord | None]:
    """`evaluation_inputs` from the figures themselves (stored or about to be: a 自评表
    import previews with them); ``lines`` by indicator number have ``actual``, ``reason``
    and ``weight``."""
    code = row.code or ""
    indicators = [
        dataclasses.replace(ind, weight=lines[n].weight)
        if n in lines and lines[n].weight is not None
        else ind
        for n, ind in enumerate(project.indicators, start=1)
    ]
    project = dataclasses.replace(project, indicators=indicators)
    actuals = {}
    for n, a in lines.items():
        if not a.actual.strip() or n > len(indicators):
            continue
        try:
            actuals[n] = Actual(code, n, parse_actual(a.actual), a.reason)
        except ValueError:
            continue  # stored unreadable (an older version, by hand): not entered, never a 500
    budget = None
    adjusted = project.budget.total
    if adjusted is None:
        adjusted = budget_adjusted
    if adjusted is not None and executed is not None:
        budget = BudgetRecord(code, budget_initial, adjusted, executed, budget_reason)
    return project, actuals, budget


def project_score(row: ProjectRow, project: core.Project | None = None) -> ProjectScore:
    """The core's score of one stored project (weights set in the evaluation applied);
    ``project`` defaults to the version in force at year end."""
    if project is None:
        current = project_from_db(row)
        project = year_end_version(row.document, current, versions_of_row(row, current))
    scored, actuals, budget = evaluation_inputs(row, project, evaluation_of(row))
    return score_project(scored, actuals, budget, DEFAULT_CONFIG)


@dataclass
class UnitEvaluation:
    document: GoalDocument
    rows: list[ProjectRow]
    doc: core.Document  # with the weights set in the evaluations
    report: EvaluationReport
    achieved: dict[int, str]  # project row id → 实际完成情况
    reasons: dict[int, dict[int, str]]  # project row id → indicator → reason


def unit_evaluation(document: GoalDocument, rows: list[ProjectRow] | None = None) -> UnitEvaluation:
    rows = rows if rows is not None else project_rows(document)
    evaluations = {
        e.project_id: e
        for e in SelfEvaluation.objects.filter(project__in=rows).prefetch_related("actuals")
    }
    doc = document_from_db(document, rows)
    versions = document_versions(rows, doc.projects)
    scores, projects = [], []
    for i, (row, project) in enumerate(zip(rows, doc.projects, strict=True)):
        project = year_end_version(document, project, versions.get(i))
        scored, actuals, budget = evaluation_inputs(row, project, evaluations.get(row.pk))
        projects.append(scored)
        scores.append(score_project(scored, actuals, budget, DEFAULT_CONFIG))
    doc = dataclasses.replace(doc, projects=projects)
    report = EvaluationReport(
        doc.unit.code or document.unit.code,
        doc.unit.name or document.unit.name,
        doc.year,
        doc.money_unit,
        scores,
        rollup(scores, DEFAULT_CONFIG),
        DEFAULT_CONFIG,
    )
    achieved = {pid: e.achieved for pid, e in evaluations.items()}
    reasons = {
        pid: {a.indicator: a.reason for a in e.actuals.all() if a.reason}
        for pid, e in evaluations.items()
    }
    return UnitEvaluation(document, rows, doc, report, achieved, reasons)


def actual_lines(evaluation: SelfEvaluation | None) -> dict[int, ActualValue]:
    return {} if evaluation is None else {a.indicator: a for a in evaluation.actuals.all()}


# -- ranking -----------------------------------------------------------------------------


@dataclass
class RankedUnit:
    unit: Unit
    document: GoalDocument
    rollup: Rollup  # budgets in the document's money unit
    department: Any  # `rankings.rollups.DepartmentFigure`: the unit's 部门整体 score
    rank: int = 0


#: Units on one page of the ranking.
RANKING_PAGE = 50
#: A document's JSON texts, which the ranking does not read (decoding them costs).
_DOCUMENT_TEXTS = ("overall_goals", "measures", "project_summaries", "department_indicators")


@dataclass
class Ranking:
    """Units of one year ranked by budget-weighted average score (one page of them), with
    department and overall roll-ups over every unit (budgets converted to `DISPLAY_UNIT`
    first, so 元 and 万元 mix right)."""

    year: int | None
    years: list[int]
    rows: list[RankedUnit]
    departments: list[tuple[Department, Rollup]]
    total: Rollup | None
    count: int = 0  # units ranked, on every page
    page: int = 1
    per_page: int = RANKING_PAGE
    department_count: int = 0  # departments, on every page (``departments``: one page)
    department_page: int = 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    @property
    def department_pages(self) -> int:
        return max(1, -(-self.department_count // self.per_page))


#: ``(units, departments, total sums, department page, [(department, sums)] on that page)``
_Figures = tuple[int, int, RollupSums, int, list[tuple[Department, RollupSums]]]


def _of_departments(sums: QuerySet[Any], per_page: int, department_page: int) -> _Figures:
    """The count, department table and total from the department rows ``sums``."""
    from jixiao.web.rankings import rollups

    count, department_count, total = rollups.totals(sums)
    department_page = min(department_page, max(1, -(-department_count // per_page)))
    shown = sums.select_related("department__region").order_by("department__code", "department")
    shown = shown[(department_page - 1) * per_page : department_page * per_page]
    groups = [(r.department, rollups.sums_of(r)) for r in shown]
    return count, department_count, total, department_page, groups


def _of_units(stored: QuerySet[UnitRollup], per_page: int, department_page: int) -> _Figures:
    """The same from the unit rows ``stored`` (a scope of single units)."""
    from jixiao.web.rankings import rollups

    groups = rollups.by_department(stored)
    total = sum((g for _, g in groups), RollupSums())
    department_page = min(department_page, max(1, -(-len(groups) // per_page)))
    paged = groups[(department_page - 1) * per_page : department_page * per_page]
    by_pk = Department.objects.select_related("region").in_bulk([pk for pk, _ in paged])
    shown = [(by_pk[pk], g) for pk, g in paged]
    return stored.count(), len(groups), total, department_page, shown


def ranking(
    units: QuerySet[Unit],
    year: Any = None,
    region: str | None = None,
    page: int = 1,
    per_page: int = RANKING_PAGE,
    department_page: int = 1,
    departments: QuerySet[Department] | None = None,
) -> Ranking:
    """The ranking of ``units`` (those a user sees) for ``year`` (default: the newest with a
    document), optionally only the units of finance region code ``region``: page ``page``
    of ``per_page`` units and page ``department_page`` of the departments (as many), read
    from the stored roll-ups (`jixiao.web.rankings.rollups`; the out-of-date ones computed
    first).

    ``departments``: when ``units`` are exactly the units of these departments
    (`permissions.visible_departments`: the admin's, a reviewer's), the years, the count,
    the department table and the total are read from the sums per department and year, so
    that the request reads one row per department, not one per unit."""
    from jixiao.web.front.listing import latest_years
    from jixiao.web.rankings import rollups  # imports this module

    per_page = max(1, per_page)
    if region:
        units = units.filter(department__region__code=region)
    if departments is not None:
        if region:
            departments = departments.filter(region__code=region)
        sums = DepartmentRollup.objects.filter(department__in=departments)
        stored = UnitRollup.objects.filter(department__in=departments)
    else:
        of_units = Department.objects.filter(units__in=units)
        sums = DepartmentRollup.objects.filter(department__in=of_units)
        stored = UnitRollup.objects.filter(unit__in=units)
    rollups.bring_up_to_date(sums)
    if departments is not None:
        years = [y for y in latest_years(sums.filter(units__gt=0)) if y]
    else:
        years = [y for y in latest_years(GoalDocument.objects.filter(unit__in=units)) if y]
    chosen = next((y for y in years if str(y) == str(year)), years[0] if years else None)
    stored = stored.filter(year=chosen)
    if departments is not None:
        sums = sums.none() if chosen is None else sums.filter(year=chosen, units__gt=0)
        figures = _of_departments(sums, per_page, department_page)
    else:
        figures = _of_units(stored, per_page, department_page)
    count, department_count, total, department_page, shown_groups = figures
    page = min(max(1, page), max(1, -(-count // per_page)))
    offset = (page - 1) * per_page
    # One row per unit and year, so the unit code breaks ties: the order is the index's.
    shown = (
        stored.select_related("unit__department__region", "document")
        .defer(*(f"document__{f}" for f in _DOCUMENT_TEXTS))
        .order_by("-rank_score", "unit_code")[offset : offset + per_page]
    )
    rows = [
        RankedUnit(r.unit, r.document, rollups.unit_rollup(r), rollups.department_of(r), offset + i)
        for i, r in enumerate(shown, start=1)
    ]
    departments_shown = [(d, rollup_from_sums(g, DEFAULT_CONFIG)) for d, g in shown_groups]
    return Ranking(
        chosen,
        years,
        rows,
        departments_shown,
        rollup_from_sums(total, DEFAULT_CONFIG) if department_count else None,
        count,
        page,
        per_page,
        department_count,
        department_page,
    )
