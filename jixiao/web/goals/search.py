"""Search projects by name or code: the one search of the list page and the API (``?q=``).

The result is that of a case-insensitive substring match on the name or the code (Django's
``icontains``), with one exception: a query that looks like a project code (`looks_like_code`:
6 or more ASCII letters and digits, at least one a digit) first matches the codes that START
with it, and only when no visible project's code does, falls back to the substring match. A
whole code's trigrams (``000``, ``P10``…) are shared by most codes, so the trigram index
returns long lists to intersect (95 ms for one code among 1,000,000 on PostgreSQL), where
the code's b-tree answers a prefix in a few index pages. The indexes:

- PostgreSQL: trigram GIN indexes (``pg_trgm``) on ``UPPER(name)`` and ``UPPER(code)``,
  which serve the ``UPPER(…) LIKE UPPER('%q%')`` that ``icontains`` writes;
- SQLite: an FTS5 table with the trigram tokenizer (``goals_project_fts``) over the same two
  columns, kept current by triggers; a query of 3 characters or more is a phrase match
  there, a shorter one (which a trigram index cannot serve) scans the table.

Both are created by migration ``0006_project_search``; `ensure_sqlite_index` also runs after
every ``migrate``, because SQLite drops a table's triggers when a later migration rebuilds it.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

FTS_TABLE = "goals_project_fts"
#: Shortest query the trigram tokenizer can answer from its index.
MIN_INDEXED = 3
#: A query this long or longer, of ASCII letters and digits with at least one digit, is a
#: code (or the start of one: a region code, region and year…): matched as a code prefix.
MIN_CODE = 6
_CODE = re.compile(r"[0-9A-Za-z]*[0-9][0-9A-Za-z]*")

_TRIGGERS = {
    "goals_project_fts_insert": (
        "AFTER INSERT ON goals_project BEGIN "
        f"INSERT INTO {FTS_TABLE}(rowid, name, code) VALUES (new.id, new.name, new.code); END"
    ),
    "goals_project_fts_delete": (
        "AFTER DELETE ON goals_project BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, name, code) "
        "VALUES ('delete', old.id, old.name, old.code); END"
    ),
    "goals_project_fts_update": (
        "AFTER UPDATE OF name, code ON goals_project BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, name, code) "
        "VALUES ('delete', old.id, old.name, old.code); "
        f"INSERT INTO {FTS_TABLE}(rowid, name, code) VALUES (new.id, new.name, new.code); END"
    ),
}


def looks_like_code(q: str) -> bool:
    return len(q) >= MIN_CODE and q.isascii() and _CODE.fullmatch(q) is not None


def search_projects(qs: QuerySet[Any], q: str) -> QuerySet[Any]:
    """The projects of ``qs`` whose name or code contains ``q``, ignoring case; for a query
    that `looks_like_code`, those whose code starts with it when there are any."""
    if not q:
        return qs
    if looks_like_code(q):
        by_prefix = qs.filter(_code_prefix(q))
        if by_prefix.exists():
            return by_prefix
    return qs.filter(_contains(q))


def _fts(q: str, column: str = "") -> Q:
    """Rows whose ``column`` (every column when blank) contains ``q`` (3 or more characters),
    from SQLite's FTS5 trigram index."""
    phrase = '"' + q.replace('"', '""') + '"'
    if column:
        phrase = f"{column} : {phrase}"
    return Q(id__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [phrase]))


def _contains(q: str) -> Q:
    if connection.vendor == "sqlite" and len(q) >= MIN_INDEXED:
        return _fts(q)
    return Q(name__icontains=q) | Q(code__icontains=q)


def _code_prefix(q: str) -> Q:
    """Codes starting with ``q`` as typed, in capitals or in small letters (codes are stored
    as written, nearly always in capitals): ranges of the code's b-tree on PostgreSQL. SQLite's
    ``LIKE`` ignores ASCII case but uses no index, so there the FTS5 index narrows first."""
    prefix = Q()
    for variant in dict.fromkeys((q, q.upper(), q.lower())):
        prefix |= Q(code__startswith=variant)
    return _fts(q, "code") & prefix if connection.vendor == "sqlite" else prefix


def ensure_sqlite_index(conn: Any) -> None:
    """Create the FTS5 table and its triggers on SQLite when missing (filled from the
    projects when a trigger was missing); nothing elsewhere."""
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as c:
        c.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {name for (name,) in c.fetchall()}
        if "goals_project" not in present:
            return
        if FTS_TABLE not in present:
            c.execute(
                f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(name, code, "
                "content='goals_project', content_rowid='id', tokenize='trigram')"
            )
        missing = [name for name in _TRIGGERS if name not in present]
        for name in missing:
            c.execute(f"CREATE TRIGGER {name} {_TRIGGERS[name]}")
        if missing:
            c.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def drop_sqlite_index(conn: Any) -> None:
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as c:
        for name in _TRIGGERS:
            c.execute(f"DROP TRIGGER IF EXISTS {name}")
        c.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


#: Trigram indexes on PostgreSQL, one per searched column.
PG_INDEXES = {"goals_project_name_trgm": "name", "goals_project_code_trgm": "code"}


def create_pg_indexes(conn: Any) -> None:
    """pg_trgm and the trigram indexes, when the server has the extension."""
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as c:
        c.execute("SELECT installed_version FROM pg_available_extensions WHERE name = 'pg_trgm'")
        found = c.fetchone()
        if found is None:
            return  # the search still answers, by scanning
        if found[0] is None:
            try:
                # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may
                # create it; a user without that right leaves it to the DBA.
                with transaction.atomic(using=conn.alias):
                    c.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            except DatabaseError:
                return
        for index, column in PG_INDEXES.items():
            c.execute(
                f"CREATE INDEX IF NOT EXISTS {index} ON goals_project "
                f"USING gin (UPPER({column}) gin_trgm_ops)"
            )


def drop_pg_indexes(conn: Any) -> None:
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as c:
        for index in PG_INDEXES:
            c.execute(f"DROP INDEX IF EXISTS {index}")
