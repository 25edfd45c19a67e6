"""Ids drawn from a PostgreSQL sequence in one query, for rows written by ``COPY``."""

from __future__ import annotations

from typing import Any


def reserve_ids(cursor: Any, table: str, column: str, n: int) -> list[int]:
    """``n`` values of the sequence behind ``table.column``, in order. Usually they are
    consecutive (nobody else drew from the sequence meanwhile) and come back as a range:
    one row fetched instead of ``n``. The sequence is named once, not per row."""
    if not n:
        return []
    cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
    (sequence,) = cursor.fetchone()
    drawn = "SELECT nextval(%s::regclass) AS v FROM generate_series(1, %s)"
    cursor.execute(
        f"WITH drawn AS MATERIALIZED ({drawn}) "
        "SELECT min(v), max(v), CASE WHEN max(v) - min(v) + 1 = count(*) THEN NULL "
        "ELSE array_agg(v ORDER BY v) END FROM drawn",
        [sequence, n],
    )
    first, last, scattered = cursor.fetchone()
    return list(range(first, last + 1)) if scattered is None else list(scattered)
