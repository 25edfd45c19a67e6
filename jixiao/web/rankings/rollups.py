"""Roll-ups per unit and year (`UnitRollup`), kept current on write; the ranking reads them.

A `UnitRollup` holds the core's `RollupSums` of one document's projects (budgets in 万元)
and the unit's department score. The ranking page reads one page of these rows, and the
department and overall figures are the sums per department and year (`DepartmentRollup`,
`jixiao.web.rankings.departments`), turned into averages by the core (`rollup_from_sums`):
no request scores projects or sums every unit, however many there are.

Kept current:

- every write that can change a score deletes its document's row and marks its
  department's row stale (`forget`, called by the signal handlers in
  `jixiao.web.rankings.signals` on projects, self-evaluations, department evaluations,
  adjustments and documents; by `jixiao.web.goals.mapping.projects_to_db` for projects
  added in bulk);
- the ranking brings the stale department rows it reads up to date first
  (`bring_up_to_date`): their missing unit rows computed (`ensure`), one document per
  transaction holding the document's row lock (PostgreSQL; SQLite's IMMEDIATE
  transactions serialise writers anyway), then the department's sums: a write racing with
  it either waits for it and then deletes the row, or commits first and is read;
- a bulk load (`jixiao import`, `jixiao generate --to db`) fills the rows of the documents
  it stored and their departments' in SQL, set-based (`after_bulk_load`): nothing is
  evaluated yet, so every project is 未开始 and the figures are counts;
- `jixiao rollups` (`rebuild`) computes every row again from scratch, for repair.

Money is stored as whole numbers of `MONEY_SCALE` (10⁻⁶ 万元, one 分), scores of
`SCORE_SCALE` (hundredths), so that SQL sums are exact on SQLite as on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet, Sum

from jixiao.core.amounts import stored_unit
from jixiao.core.evaluation import (
    DEFAULT_CONFIG,
    NOT_STARTED,
    ProjectScore,
    Rollup,
    RollupSums,
    department_execution,
    rollup_from_sums,
    rollup_sums,
    score_department,
)
from jixiao.web.goals.models import GoalDocument, Project
from jixiao.web.orgs.models import Unit
from jixiao.web.rankings import departments
from jixiao.web.rankings.models import SUMMED, DepartmentRollup, UnitRollup

MONEY_SCALE = Decimal(10) ** 6  # stored money: 10⁻⁶ 万元 (one 分)
SCORE_SCALE = Decimal(100)
BANDS = ("band1", "band2", "band3", "band4")
if len(DEFAULT_CONFIG.grade_bands) > len(BANDS):  # pragma: no cover - a configuration error
    raise RuntimeError("UnitRollup stores at most four grade bands")


@dataclass(frozen=True)
class DepartmentFigure:
    """The unit's department-wide self-evaluation (部门整体) as the ranking shows it."""

    status: str
    score: Decimal | None
    score_text: str
    grade: str


# -- rows ⇄ sums ---------------------------------------------------------------------------


def _whole(value: Decimal, scale: Decimal) -> int:
    return int((value * scale).to_integral_value(ROUND_HALF_UP))


def sums_of(values: Any) -> RollupSums:
    """The `RollupSums` of a `UnitRollup` or of a ``values()`` dict of summed columns."""
    get = values.get if isinstance(values, dict) else lambda k: getattr(values, k)
    n = len(DEFAULT_CONFIG.grade_bands)

    def dec(key: str, scale: Decimal) -> Decimal:
        return Decimal(get(key) or 0) / scale

    return RollupSums(
        projects=int(get("projects") or 0),
        complete=int(get("complete") or 0),
        not_started=int(get("not_started") or 0),
        provisional=int(get("provisional") or 0),
        grades=tuple(int(get(b) or 0) for b in BANDS[:n]),
        scores=dec("scores", SCORE_SCALE),
        budget_adjusted=dec("budget_adjusted", MONEY_SCALE),
        executed=dec("executed", MONEY_SCALE),
        weighted=dec("weighted", SCORE_SCALE * MONEY_SCALE),
    )


def _columns(sums: RollupSums) -> dict[str, Any]:
    rolled = rollup_from_sums(sums, DEFAULT_CONFIG)
    return {
        "projects": sums.projects,
        "complete": sums.complete,
        "not_started": sums.not_started,
        "provisional": sums.provisional,
        **{b: (sums.grades[i] if i < len(sums.grades) else 0) for i, b in enumerate(BANDS)},
        "scores": _whole(sums.scores, SCORE_SCALE),
        "budget_adjusted": _whole(sums.budget_adjusted, MONEY_SCALE),
        "executed": _whole(sums.executed, MONEY_SCALE),
        "weighted": _whole(sums.weighted, SCORE_SCALE * MONEY_SCALE),
        "rank_score": -1 if rolled.weighted_average is None else rolled.weighted_average,
    }


def _department_columns(score: ProjectScore) -> dict[str, Any]:
    shown = score.status != NOT_STARTED
    return {
        "department_status": score.status,
        "department_score": format(score.score, "f") if shown else "",
        "department_score_text": score.score_text,
        "department_grade": score.grade if shown else "",
    }


def department_of(row: UnitRollup) -> DepartmentFigure:
    return DepartmentFigure(
        row.department_status,
        Decimal(row.department_score) if row.department_score else None,
        row.department_score_text,
        row.department_grade,
    )


def unit_rollup(row: UnitRollup) -> Rollup:
    """The unit's `Rollup` in its document's money unit (as the unit's own page shows it)."""
    return rollup_from_sums(
        sums_of(row), DEFAULT_CONFIG, money_unit=stored_unit(row.document.money_unit)
    )


def by_department(rows: QuerySet[UnitRollup]) -> list[tuple[int, RollupSums]]:
    """``[(department id, sums)]`` over unit ``rows`` by department code: one SQL GROUP BY
    (for a scope of single units; whole departments read `DepartmentRollup`)."""
    grouped = (
        rows.values("department", "department__code")
        .annotate(**{f"{k}_sum": Sum(k) for k in SUMMED})
        .order_by("department__code", "department")
    )
    return [(g["department"], sums_of({k: g[f"{k}_sum"] for k in SUMMED})) for g in grouped]


def totals(rows: QuerySet[DepartmentRollup]) -> tuple[int, int, RollupSums]:
    """``(units, departments, sums)`` over department ``rows``: one SQL SUM."""
    got = rows.aggregate(
        units_sum=Sum("units"), departments=Count("pk"), **{f"{k}_sum": Sum(k) for k in SUMMED}
    )
    return (
        got["units_sum"] or 0,
        got["departments"],
        sums_of({k: got[f"{k}_sum"] for k in SUMMED}),
    )


# -- computing rows ------------------------------------------------------------------------


def refresh(documents: Sequence[GoalDocument]) -> None:
    """Compute the rows of ``documents`` from their projects (scored by the core, stored
    scores reused where current) while holding the documents' row locks."""
    from jixiao.web.department_evaluation.data import department_result, evaluations_of
    from jixiao.web.rankings.store import document_scores, stored_unit_evaluation

    if not documents:
        return
    with transaction.atomic():
        ids = [d.pk for d in documents]
        locked = set(
            GoalDocument.objects.select_for_update()
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        documents = [d for d in documents if d.pk in locked]  # deleted meanwhile: none
        scores = document_scores(list(documents))
        evaluations = evaluations_of(list(documents))
        rows = []
        for d in documents:
            ue = stored_unit_evaluation(d, scores[d.pk])
            department = department_result(d, ue, evaluations.get(d.pk)).score
            sums = rollup_sums(
                ue.report.projects, DEFAULT_CONFIG, money_unit=stored_unit(d.money_unit)
            )
            rows.append(
                UnitRollup(
                    document=d,
                    unit_id=d.unit_id,
                    unit_code=d.unit.code,
                    department_id=d.unit.department_id,
                    year=d.year,
                    **_columns(sums),
                    **_department_columns(department),
                )
            )
        replaced = UnitRollup.objects.filter(document_id__in=locked)
        stale = set(replaced.values_list("department_id", "year"))
        replaced.delete()
        UnitRollup.objects.bulk_create(rows)
        departments.mark_stale(stale | {(r.department_id, r.year) for r in rows})


def bring_up_to_date(rows: QuerySet[DepartmentRollup]) -> int:
    """Bring the stale rows among department ``rows`` up to date: the missing unit rows of
    each computed (`ensure`), then its sums (`departments.recompute_stale`). Returns how
    many were stale: the writes since the last read, found in the partial index of the
    stale rows, not by reading every row."""
    stale = list(
        rows.filter(stale=True).order_by("year", "department").values_list("department", "year")
    )
    for department_id, year in stale:
        ensure(GoalDocument.objects.filter(unit__department_id=department_id, year=year))
        departments.recompute_stale(department_id, year)
    return len(stale)


def ensure(documents: QuerySet[GoalDocument]) -> int:
    """Compute the missing rows of ``documents`` (one document per transaction); returns
    how many were computed."""
    missing = list(documents.filter(rollup__isnull=True).select_related("unit").order_by("pk"))
    for d in missing:
        refresh([d])
    return len(missing)


def forget(document_ids: Iterable[int | None]) -> None:
    """Delete the rows of ``document_ids`` (their scores changed) and mark their
    departments' rows stale (of the row's year and of the document's, which differ when
    the year changed): computed again when the ranking next reads them. Takes each
    document's row lock first, so that a computation in progress finishes (and is
    deleted) before this write commits."""
    ids = sorted({i for i in document_ids if i is not None})
    if not ids:
        return
    with transaction.atomic():
        stale = set(
            GoalDocument.all_objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("unit__department_id", "year")
        )
        rows = UnitRollup.objects.filter(document_id__in=ids)
        stale |= set(rows.values_list("department_id", "year"))
        rows.delete()
        departments.mark_stale(stale)


def _without_figures_sql(
    ids: list[int], counts: Sequence[int] | None = None
) -> tuple[str, list[Any]]:
    """INSERT … SELECT of the rows of documents ``ids`` none of whose projects has any
    year-end figure: counts per document, coefficients from the core's
    `RollupSums.without_figures` and the department's score with nothing entered.
    ``counts``: each document's number of projects when the caller knows them (a bulk
    load that has just written them): the projects are then not read back."""
    one = _columns(RollupSums.without_figures(1, DEFAULT_CONFIG))
    department = _department_columns(
        score_department([], {}, department_execution([]), DEFAULT_CONFIG)
    )
    counted = list(SUMMED)
    doc, unit, proj = (m._meta.db_table for m in (GoalDocument, Unit, Project))
    columns = ["document_id", "unit_id", "unit_code", "department_id", "year", *counted]
    columns += ["rank_score", *department]
    select = ["d.id", "d.unit_id", "u.code", "u.department_id", "d.year"]
    per_document = "COUNT(p.id)" if counts is None else "MAX(c.column2)"
    select += [f"{per_document} * %s" for _ in counted]
    select += ["%s" for _ in range(1 + len(department))]
    params: list[Any] = [one[k] for k in counted] + [str(one["rank_score"])]
    params += list(department.values())
    if counts is None:
        source = f"LEFT JOIN {proj} p ON p.document_id = d.id "
        source += f"WHERE d.id IN ({', '.join(['%s'] * len(ids))}) "
        keys: list[Any] = list(ids)
    else:
        # The documents by a range of their key (a batch's ids are nearly consecutive): else
        # the planner joins the given rows with a scan of every document, per chunk.
        if connection.vendor == "postgresql":
            source = "JOIN unnest(%s::bigint[], %s::bigint[]) AS c(column1, column2) "
            keys = [list(ids), list(counts)]
        else:
            given = ", ".join(["(CAST(%s AS bigint), CAST(%s AS bigint))"] * len(ids))
            # A VALUES list's columns are column1, column2…
            source = f"JOIN (VALUES {given}) AS c "
            keys = [x for pair in zip(ids, counts, strict=True) for x in pair]
        source += "ON c.column1 = d.id WHERE d.id BETWEEN %s AND %s "
        keys += [min(ids), max(ids)]
    sql = (
        f"INSERT INTO {UnitRollup._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(select)} FROM {doc} d JOIN {unit} u ON u.id = d.unit_id "
        f"{source}GROUP BY d.id, d.unit_id, u.code, u.department_id, d.year"
    )
    return sql, params + keys


def after_bulk_load(
    document_ids: Sequence[int],
    *,
    fresh: bool = False,
    project_counts: Sequence[int] | None = None,
) -> None:
    """Fill the rows of documents a bulk load has just stored, and their departments',
    set-based in SQL: their projects have no self-evaluation yet (the load creates them),
    so every project is 未开始 and the row is counts. Runs inside the load's transaction.
    ``fresh``: the documents were created in this transaction, so they have no row to
    replace. ``project_counts``: each document's number of projects, as the load wrote
    them (the projects are then not read back: during a large load their document index
    is away, and each chunk would scan the whole table)."""
    given = [0] * len(document_ids) if project_counts is None else list(project_counts)
    pairs = sorted((i, n) for i, n in zip(document_ids, given, strict=True) if i is not None)
    ids = [i for i, _ in pairs]
    counts = None if project_counts is None else [n for _, n in pairs]
    with transaction.atomic(savepoint=False):
        _fill_without_figures(ids, fresh=fresh, counts=counts)
        departments.recompute(departments.pairs_of_documents(ids))


def _fill_without_figures(
    ids: list[int], *, fresh: bool = False, counts: Sequence[int] | None = None
) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            if not fresh:
                UnitRollup.objects.filter(document_id__in=chunk).delete()
            given = None if counts is None else counts[start : start + 500]
            cursor.execute(*_without_figures_sql(chunk, given))


def rebuild(year: int | None = None) -> tuple[int, int]:
    """Every row computed again from scratch (for repair): documents without any
    self-evaluation set-based in SQL, the others by the core, then every department's
    sums. Returns (set-based, scored)."""
    from jixiao.web.department_evaluation.models import DepartmentEvaluation
    from jixiao.web.monitoring.models import SelfEvaluation

    documents = GoalDocument.objects.all()
    sums = DepartmentRollup.objects.all()
    if year is not None:
        documents, sums = documents.filter(year=year), sums.filter(year=year)
    evaluated = Q(pk__in=SelfEvaluation.objects.values("project__document_id")) | Q(
        pk__in=DepartmentEvaluation.objects.values("document_id")
    )
    with transaction.atomic():
        UnitRollup.objects.filter(document__in=documents).delete()
        plain = list(documents.exclude(evaluated).order_by("pk").values_list("pk", flat=True))
        _fill_without_figures(plain)
    scored = list(documents.filter(evaluated).select_related("unit").order_by("pk"))
    for start in range(0, len(scored), 100):
        refresh(scored[start : start + 100])
    with transaction.atomic():
        sums.delete()
        pairs = documents.order_by().values_list("unit__department_id", "year").distinct()
        departments.recompute(pairs)
    return len(plain), len(scored)
