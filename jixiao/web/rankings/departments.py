"""Sums per department and year (`DepartmentRollup`), kept as the sums of the unit rows.

A fresh `DepartmentRollup` holds the sums of the `UnitRollup` rows of one department's
documents of one year. Every write that changes, removes or moves a unit row, or adds a
document, marks the department's row of that year stale in its own transaction
(`mark_stale`); the ranking brings the stale rows it is about to read up to date
(`rollups.bring_up_to_date`: the missing unit rows computed, then `recompute` under the
row's lock). Bulk loads and repairs recompute the departments they touched, set-based.

So a request reads one row per department however many units there are, and the check
for out-of-date figures is one lookup in a partial index of the stale rows.

Concurrency (PostgreSQL): a writer takes its documents' row locks, then the department
rows' (upsert); the read side takes a department row's lock alone (the unit rows are
computed before, each under its document's lock), so locks are always taken in that
order. A writer whose unit row the recompute still saw marks the row stale again after
it (its upsert waits for the recompute's commit), so a stale sum is never left fresh.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction

from jixiao.web.goals.models import GoalDocument
from jixiao.web.orgs.models import Unit
from jixiao.web.rankings.models import SUMMED, DepartmentRollup, UnitRollup

#: Departments per statement (bounded statement size).
CHUNK = 500

Pair = tuple[int, int | None]  # (department id, year)


def mark_stale(pairs: Iterable[Pair]) -> None:
    """Mark the rows of (department, year) ``pairs`` stale, creating the missing ones
    (one upsert, in department order so that concurrent writers lock rows alike)."""
    rows = [
        DepartmentRollup(department_id=d, year=y, stale=True)
        for d, y in sorted({(d, y) for d, y in pairs if d is not None and y is not None})
    ]
    if rows:
        DepartmentRollup.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["department", "year"],
            update_fields=["stale"],
        )


def pairs_of_documents(document_ids: Iterable[int]) -> set[Pair]:
    """The (department, year) of each document, by its unit's current department."""
    ids, pairs = list(document_ids), set()
    for start in range(0, len(ids), CHUNK):
        documents = GoalDocument.all_objects.filter(pk__in=ids[start : start + CHUNK])
        pairs |= set(documents.order_by().values_list("unit__department_id", "year"))
    return pairs


def recompute(pairs: Iterable[Pair]) -> None:
    """The rows of (department, year) ``pairs`` computed again from the unit rows, set-based
    in SQL: one row per department and year with a complete document, stale while one of
    those documents has no unit row (the ranking computes it on its next read)."""
    by_year: dict[int, list[int]] = defaultdict(list)
    for d, y in sorted(set(pairs), key=lambda p: (p[1] or 0, p[0])):
        if d is not None and y is not None:
            by_year[y].append(d)
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        for year, departments in by_year.items():
            for start in range(0, len(departments), CHUNK):
                chunk = departments[start : start + CHUNK]
                DepartmentRollup.objects.filter(year=year, department_id__in=chunk).delete()
                cursor.execute(*_recompute_sql(year, chunk))


def recompute_stale(department_id: int, year: int) -> None:
    """Recompute the row of one department and year if it is still stale, holding its row
    lock (a write marking it stale meanwhile waits, then marks it again)."""
    with transaction.atomic():
        locked = list(
            DepartmentRollup.objects.select_for_update()
            .filter(department_id=department_id, year=year, stale=True)
            .values_list("pk", flat=True)
        )
        if locked:
            recompute([(department_id, year)])


def _recompute_sql(year: int, departments: list[int]) -> tuple[str, list[Any]]:
    doc, unit = GoalDocument._meta.db_table, Unit._meta.db_table
    columns = ["department_id", "year", "units", "stale", *SUMMED]
    select = ["u.department_id", "d.year", "COUNT(r.document_id)"]
    select += ["COUNT(d.id) <> COUNT(r.document_id)"]
    select += [f"COALESCE(SUM(r.{k}), 0)" for k in SUMMED]
    sql = (
        f"INSERT INTO {DepartmentRollup._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(select)} FROM {doc} d JOIN {unit} u ON u.id = d.unit_id "
        f"LEFT JOIN {UnitRollup._meta.db_table} r ON r.document_id = d.id "
        f"WHERE d.complete = %s AND d.year = %s "
        f"AND u.department_id IN ({', '.join(['%s'] * len(departments))}) "
        "GROUP BY u.department_id, d.year"
    )
    return sql, [True, year, *departments]
