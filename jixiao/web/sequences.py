"""Ids drawn from PostgreSQL sequences in one query, for rows written by ``COPY``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

#: The sequence behind each ``(table, column)``, looked up once per process.
_SEQUENCES: dict[tuple[str, str], str] = {}


def reserve_ids(cursor: Any, table: str, column: str, n: int) -> list[int]:
    """``n`` values of the sequence behind ``table.column``, in order."""
    return reserve_many(cursor, [(table, column, n)])[0]


def reserve_many(cursor: Any, wanted: Sequence[tuple[str, str, int]]) -> list[list[int]]:
    """For each ``(table, column, n)`` of ``wanted``, ``n`` values of the sequence behind
    ``table.column``, in order; all in one query. Usually they are consecutive (nobody else
    drew from the sequence meanwhile) and come back as a range: one row fetched instead of
    ``n``."""
    parts, params = [], []
    for table, column, n in wanted:
        if not n:
            continue
        drawn = "SELECT nextval(%s::regclass) AS v FROM generate_series(1, %s)"
        parts.append(
            f"(WITH drawn AS MATERIALIZED ({drawn}) "
            "SELECT ARRAY[min(v), max(v)] || CASE WHEN max(v) - min(v) + 1 = count(*) "
            "THEN ARRAY[]::bigint[] ELSE array_agg(v ORDER BY v) END FROM drawn)"
        )
        params += [_sequence(cursor, table, column), n]
    if not parts:
        return [[] for _ in wanted]
    cursor.execute(f"SELECT {', '.join(parts)}", params)
    drawn_rows = iter(cursor.fetchone())
    out: list[list[int]] = []
    for _, _, n in wanted:
        if not n:
            out.append([])
            continue
        first, last, *scattered = next(drawn_rows)
        out.append(list(scattered) if scattered else list(range(first, last + 1)))
    return out


def _sequence(cursor: Any, table: str, column: str) -> str:
    key = (table, column)
    if key not in _SEQUENCES:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
        (_SEQUENCES[key],) = cursor.fetchone()
    return _SEQUENCES[key]
