"""Store many goal documents per transaction: the fast path of `jixiao import DIR` and
`jixiao generate --to db`.

`store_documents(batch, user)` writes a batch of documents in ONE transaction: on
PostgreSQL the documents, projects, indicators and plan cells go in with four ``COPY``s of
text built by `copy_text.encode` (in the reader or generator processes when they ran it,
``Pending.encoded``; here otherwise), this process only adding the ids it reserved from the
sequences; on SQLite with multi-row inserts. Each document still stands or falls alone: a
document that would be refused (a value out of bounds, its unit and year already stored) is
reported and left out before anything is written, and if the batch's write fails anyway
every document of it is stored again one by one through `imports.import_document`, so that
only the bad one is lost. A killed run leaves whole documents only (a batch commits or
vanishes), so running it again resumes it.

`large_load(projects)`: around a load at least as large as the goal tables already are
(and at least `JIXIAO_BULK_REBUILD_AT` projects), the foreign keys among the goal tables,
the secondary indexes of the project, indicator and plan tables and the primary keys no
foreign key refers to (indicators', plan cells') are dropped and built again at the end
(one sort per index instead of one insertion per row; keys validated, never skipped), and
batches grow to `JIXIAO_BULK_LARGE_BATCH` projects (stored by several sessions at once:
`bulk_sessions`). Their definitions are kept in a table of their own in the same transaction
as the drop, so a run killed half-way leaves them to the next run (or `restore()`) to build;
the restore adds the keys back unvalidated, then two sessions build the indexes and finish
each table (primary key, keys validated) as soon as its own indexes are built.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from jixiao.core import model as core
from jixiao.core.errors import JixiaoError
from jixiao.core.validation import document_problems
from jixiao.web.audit.log import lock_chain, record_rows
from jixiao.web.goals import copy_text, mapping
from jixiao.web.goals.copy_text import (
    CELL_COLUMNS,
    DOCUMENT_COLUMNS,
    INDICATOR_COLUMNS,
    PROJECT_COLUMNS,
    EncodedDocument,
    encode,
)
from jixiao.web.goals.imports import STALE_AFTER, import_document, import_summary
from jixiao.web.goals.models import GoalDocument, Indicator, Project, SpendingPlanCell
from jixiao.web.orgs.models import Unit
from jixiao.web.rankings import rollups
from jixiao.web.sequences import reserve_many


@dataclass
class Pending:
    """One document to store: for which unit, from which file; ``error`` once refused
    (``already_stored`` when the reason is that its unit and year are stored already).

    ``encoded``: its COPY text when a reader or generator process built it. ``document`` may
    then be ``None`` if ``reload`` gives it back (read again, generated again) for the rare
    one-by-one fallback and for SQLite.
    """

    document: core.Document | None
    unit: Unit
    source_name: str = ""
    error: str | None = None
    already_stored: bool = False
    encoded: EncodedDocument | None = None
    reload: Callable[[], core.Document] | None = None

    def full(self) -> core.Document:
        if self.document is None:
            assert self.reload is not None, "a Pending needs its document or a way to reload it"
            self.document = self.reload()
        return self.document

    def encoding(self) -> EncodedDocument:
        if self.encoded is None:
            self.encoded = encode(self.full())
        return self.encoded

    @property
    def year(self) -> int | None:
        return self.encoded.year if self.encoded is not None else self.full().year


def batch_projects() -> int:
    """How many projects a batch (one transaction) holds at most: `JIXIAO_BULK_BATCH`, or
    `JIXIAO_BULK_LARGE_BATCH` inside a `large_load` that dropped the indexes (fewer
    transactions, each with its fixed work; the goal tables are the load's alone), but no
    more than the load's share of each storing session (`bulk_sessions`), so that every
    session gets a batch."""
    small = max(1, int(getattr(settings, "JIXIAO_BULK_BATCH", 2000)))
    if _large_load_running:
        large = max(1, int(getattr(settings, "JIXIAO_BULK_LARGE_BATCH", 10000)))
        sessions = max(1, int(getattr(settings, "JIXIAO_BULK_SESSIONS", 2)))
        return min(large, max(small, _large_load_projects // sessions))
    return small


#: Whether a `large_load` that dropped the indexes is running in this process, and for
#: about how many projects.
_large_load_running = False
_large_load_projects = 0


def batches(items: Iterable[Any], size_of: Any, limit: int | None = None) -> Iterable[list[Any]]:
    """``items`` in consecutive lists of at most ``limit`` projects (``size_of(item)`` each);
    an item larger than the limit makes a batch of its own."""
    limit = limit or batch_projects()
    batch: list[Any] = []
    size = 0
    for item in items:
        n = size_of(item)
        if batch and size + n > limit:
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += n
    if batch:
        yield batch


def store_documents(batch: Sequence[Pending], user: Any) -> None:
    """Store the documents of ``batch``; each one's ``error`` says why it was left out.
    One transaction: the already-stored check (one query), the rows, the roll-ups and the
    audit entries."""
    ready: list[Pending] = []
    try:
        with transaction.atomic():
            ready = _admissible(batch)
            if ready:
                _write(ready, user)
    except (DatabaseError, JixiaoError):
        if not ready:
            raise
        # One bad row spoils the whole COPY: find it by storing the documents one by one.
        for item in ready:
            try:
                import_document(item.full(), user, item.unit, source_name=item.source_name)
            except (DatabaseError, JixiaoError) as e:
                item.error = str(e)


def _admissible(batch: Sequence[Pending]) -> list[Pending]:
    """The documents that may be stored; the others get their one-line reason. One query
    for what is stored already of the batch's units."""
    keys = {(p.unit.pk, p.year) for p in batch}
    stored: dict[tuple[int, int | None], bool] = {}
    stale = []
    fresh_after = timezone.now() - STALE_AFTER
    for pk, unit_id, year, complete, created in GoalDocument.all_objects.filter(
        unit_id__in={unit_id for unit_id, _ in keys}
    ).values_list("pk", "unit_id", "year", "complete", "created_at"):
        if (unit_id, year) not in keys:
            continue
        if complete or created > fresh_after:
            stored[(unit_id, year)] = complete
        else:
            stale.append(pk)
    # Left by an interrupted one-by-one import: removed, as import_document does.
    for left in GoalDocument.all_objects.filter(pk__in=stale) if stale else ():
        left.delete()
    ready: list[Pending] = []
    copying = connection.vendor == "postgresql"
    for item in batch:
        unit, year = item.unit, item.year
        if copying or item.encoded is not None:
            problem = item.encoding().problem  # the bounds check ran with the encoding
        else:
            problems = document_problems(item.full())
            problem = problems[0][1] if problems else None
        key = (unit.pk, year)
        if problem:
            item.error = problem
        elif key in stored:
            item.already_stored = stored[key]
            item.error = f"{unit.name} {year or ''}年度的绩效目标" + (
                "已导入，不能重复导入" if stored[key] else "正在导入，请稍后再试"
            )
        else:
            stored[key] = True  # the same unit and year twice in one run: the first wins
            ready.append(item)
    return ready


def _write(items: list[Pending], user: Any) -> None:
    if connection.vendor == "postgresql":
        ids = _copy(items, user)
        counts = [p.encoding().project_count for p in items]
    else:
        documents = [
            mapping.document_row(p.full(), p.unit, user, p.source_name, complete=True)
            for p in items
        ]
        _bulk_create(documents, items)
        ids = [d.pk for d in documents]
        counts = [len(p.full().projects) for p in items]
    # From here to the commit, batches stored by several sessions (`bulk_sessions`) take
    # turns: the roll-ups read what the batch before committed, the audit chain goes on.
    lock_chain()
    rollups.after_bulk_load(ids, fresh=True, project_counts=counts)
    kind = str(GoalDocument._meta.model_name)
    record_rows(
        user,
        "document.import",
        [
            (kind, pk, GoalDocument.label(p.unit.name, p.year), _summary(p))
            for pk, p in zip(ids, items, strict=True)
        ],
    )


def _summary(p: Pending) -> dict[str, Any]:
    """`imports.import_summary`, from the encoded document when there is one."""
    if p.encoded is None:
        return import_summary(p.full(), p.unit, p.source_name)
    e = p.encoded
    return {
        "file": p.source_name,
        "unit": p.unit.code,
        "year": e.year,
        "projects": e.project_count,
        "budget_total": e.budget_total,
    }


def _bulk_create(documents: list[GoalDocument], items: list[Pending]) -> None:
    GoalDocument.all_objects.bulk_create(documents)
    projects: list[Project] = []
    sources: list[core.Project] = []
    for row, p in zip(documents, items, strict=True):
        projects += mapping.project_rows(row, p.full().projects)
        sources += p.full().projects
    Project.objects.bulk_create(projects)
    indicators: list[Indicator] = []
    cells: list[SpendingPlanCell] = []
    for project, source in zip(projects, sources, strict=True):
        indicators += mapping.indicator_rows(project, source)
        cells += mapping.cell_rows(project, source)
    Indicator.objects.bulk_create(indicators)
    SpendingPlanCell.objects.bulk_create(cells)


def _copy(items: list[Pending], user: Any) -> list[int]:
    """The rows of `_bulk_create`, as four COPYs of the encoded text; the documents' ids."""
    now = timezone.now()
    created_by = user if getattr(user, "is_authenticated", False) else None
    encoded = [p.encoding() for p in items]
    with connection.cursor() as cursor:
        doc_ids, project_ids = reserve_many(
            cursor,
            [
                (GoalDocument._meta.db_table, "id", len(items)),
                (Project._meta.db_table, "id", sum(e.project_count for e in encoded)),
            ],
        )
        explicit = ["id", "unit_id", "source_name", "created_by_id", "complete"]
        columns, const = _columns(GoalDocument, [*explicit, *DOCUMENT_COLUMNS], now)
        creator = copy_text.NULL if created_by is None else str(created_by.pk)
        lines = [
            f"{pk}\t{p.unit.pk}\t{copy_text.text(p.source_name)}\t{creator}\tt\t{e.line}{const}\n"
            for pk, p, e in zip(doc_ids, items, encoded, strict=True)
        ]
        _copy_lines(cursor, GoalDocument, columns, lines)

        # Each table's lines are made while the server parses the ones sent before.
        columns, const = _columns(Project, ["id", "document_id", *PROJECT_COLUMNS], now)
        ind_columns, ind_const = _columns(Indicator, ["project_id"], now, INDICATOR_COLUMNS)
        cell_columns, cell_const = _columns(SpendingPlanCell, ["project_id"], now, CELL_COLUMNS)
        owned = [
            (str(pid), doc_id, ep)
            for pid, (doc_id, ep) in zip(
                project_ids,
                (
                    (doc_id, ep)
                    for doc_id, e in zip(doc_ids, encoded, strict=True)
                    for ep in e.projects
                ),
                strict=True,
            )
        ]
        _copy_lines(
            cursor,
            Project,
            columns,
            (f"{pid}\t{doc_id}\t{ep.line}{const}\n" for pid, doc_id, ep in owned),
        )
        _copy_lines(
            cursor,
            Indicator,
            ind_columns,
            ((pid + ind_const).join(ep.indicators) for pid, _, ep in owned),
        )
        _copy_lines(
            cursor,
            SpendingPlanCell,
            cell_columns,
            ((pid + cell_const).join(ep.cells) for pid, _, ep in owned),
        )
    return doc_ids


def _columns(
    model: type[models.Model], first: list[str], now: Any, last: Sequence[str] = ()
) -> tuple[list[str], str]:
    """The COPY columns of ``model``: ``first`` (attnames), then every other concrete field
    but the id at its default (time stamps: ``now``), then ``last``; and the text of those
    defaults, each after a tab (empty when there are none). Column sets are those of the
    model, so a field added later is written at its default without a change here."""
    meta = model._meta
    named = set(first) | set(last)
    rest = [f for f in meta.concrete_fields if f.attname not in named and not f.primary_key]
    values = []
    for f in rest:
        stamped = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        value = now if stamped else f.get_default()
        values.append("\t" + _as_text(f.get_db_prep_save(value, connection)))
    columns = [*first, *(f.column for f in rest), *last]
    return columns, "".join(values)


def _as_text(value: Any) -> str:
    """A Python value (as a field's ``get_db_prep_save`` gives it) as a COPY text field."""
    if value is None:
        return copy_text.NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "obj"):  # psycopg's Jsonb wrapper
        return copy_text.as_json(value.obj)
    if isinstance(value, str):
        return copy_text.text(value)
    return str(value)


def _copy_lines(
    cursor: Any, model: type[models.Model], columns: list[str], lines: Iterable[str]
) -> None:
    """COPY ``lines`` into ``model``'s table, sent in chunks as they are made (nothing is
    sent for no line)."""
    chunks = _chunks(lines)
    first = next(chunks, None)
    if first is None:
        return
    quote = connection.ops.quote_name
    target = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    # psycopg's COPY is not behind Django's cursor: its errors are made Django's here (a
    # batch's failure is a DatabaseError, `store_documents` then goes one by one).
    with (
        connection.wrap_database_errors,
        cursor.cursor.copy(f"COPY {target} ({names}) FROM STDIN") as copy,
    ):
        copy.write(first)
        for chunk in chunks:
            copy.write(chunk)


def _chunks(lines: Iterable[str], step: int = 2048) -> Iterator[str]:
    """``lines`` joined ``step`` at a time, skipping empty ones."""
    part: list[str] = []
    for line in lines:
        if line:
            part.append(line)
            if len(part) >= step:
                yield "".join(part)
                part = []
    if part:
        yield "".join(part)


# -- indexes and foreign keys around a large load (PostgreSQL) -----------------------------

#: Where the definitions of dropped indexes and keys wait to be restored (PostgreSQL only).
DROPPED_TABLE = "goals_bulk_dropped"
#: Tables whose non-unique indexes a large load drops and rebuilds.
REBUILT_TABLES = ("goals_project", "goals_indicator", "goals_spendingplancell")
#: Tables no other session may write while their foreign keys are dropped.
GUARDED_TABLES = ("goals_goaldocument", *REBUILT_TABLES)
#: The session setting that marks the loading session (the guard lets it write).
LOADING = "jixiao.bulk_load"
GUARD = "goals_bulk_guard"
#: In `busy.py`'s list: other writers get "busy, retry later" (503), never a 500.
GUARD_MESSAGE = "bulk load in progress: 正在批量导入绩效目标，请稍后重试"

_GUARD_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {GUARD}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('{LOADING}', true), '') <> 'on' THEN
    RAISE EXCEPTION '{GUARD_MESSAGE}' USING ERRCODE = '55P03';
  END IF;
  RETURN NULL;
END $$"""


def rebuild_threshold() -> int:
    """Fewest projects a load must hold for `large_load` to drop the indexes and keys:
    `JIXIAO_BULK_REBUILD_AT`."""
    return max(1, int(getattr(settings, "JIXIAO_BULK_REBUILD_AT", 10_000)))


@contextmanager
def large_load(projects: int) -> Iterator[bool]:
    """Around a load of about ``projects`` projects. When it is large (at least
    `rebuild_threshold()` projects and at least as many as are stored already): the
    foreign keys between the goal tables, the secondary indexes of the project, indicator
    and plan tables and the primary keys of the indicator and plan tables are dropped
    first, and restored after (each key validated
    by one join over the table instead of one lookup per row), even when the load fails.
    Meanwhile a guard refuses every other session's write to those tables (a 503 "busy"
    on the web), so no row can lose its parent while the keys are away. Yields whether it
    dropped them. What a killed run left dropped is restored here in any case."""
    if connection.vendor != "postgresql":
        yield False
        return
    if projects < rebuild_threshold() or projects < _stored_projects():
        restore()
        yield False
        return
    global _large_load_running, _large_load_projects
    mark_session(True)
    try:
        drop_and_guard()
        _large_load_running, _large_load_projects = True, projects
        yield True
    finally:
        _large_load_running = False
        try:
            restore()
        finally:
            mark_session(False)


def large_load_running() -> bool:
    """Whether a `large_load` that dropped the indexes is running in this process."""
    return _large_load_running


def mark_session(on: bool) -> None:
    """Mark this session as the loading one (the guard lets it write), or not."""
    with connection.cursor() as c:
        c.execute("SELECT set_config(%s, %s, false)", [LOADING, "on" if on else ""])


def _stored_projects() -> int:
    with connection.cursor() as c:
        c.execute(
            "SELECT GREATEST(reltuples, 0)::bigint FROM pg_class "
            "WHERE oid = 'goals_project'::regclass"
        )
        row = c.fetchone()
    return int(row[0]) if row else 0


def drop_and_guard() -> list[str]:
    """PostgreSQL only (elsewhere: nothing). Guard the goal tables, then drop the foreign
    keys among them, the non-unique indexes of `REBUILT_TABLES` and those of their primary
    keys no foreign key refers to, keeping their definitions in `DROPPED_TABLE`, all in one
    transaction; returns the names dropped."""
    if connection.vendor != "postgresql":
        return []
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as c:
        c.execute(
            f"CREATE TABLE IF NOT EXISTS {DROPPED_TABLE} (name text PRIMARY KEY, "
            "kind text NOT NULL, tbl text NOT NULL, definition text NOT NULL)"
        )
        c.execute(_GUARD_FUNCTION)
        for table in GUARDED_TABLES:
            c.execute(f"DROP TRIGGER IF EXISTS {GUARD} ON {table}")
            c.execute(
                f"CREATE TRIGGER {GUARD} BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {GUARD}()"
            )
        c.execute(
            "SELECT conname, conrelid::regclass::text, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) "
            "AND confrelid = ANY(%s::regclass[])",
            [list(REBUILT_TABLES), list(GUARDED_TABLES)],
        )
        keys = c.fetchall()
        # Primary keys no foreign key refers to (the indicator and plan tables'): rebuilt by
        # one sort too, instead of one index entry (and one WAL record) per row.
        c.execute(
            "SELECT p.conname, p.conrelid::regclass::text, pg_get_indexdef(p.conindid) "
            "FROM pg_constraint p WHERE p.contype = 'p' AND p.conrelid = ANY(%s::regclass[]) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' "
            "AND f.confrelid = p.conrelid)",
            [list(REBUILT_TABLES)],
        )
        primaries = c.fetchall()
        c.execute(
            "SELECT i.indexrelid::regclass::text, i.indrelid::regclass::text, "
            "pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisunique AND NOT i.indisprimary",
            [list(REBUILT_TABLES)],
        )
        indexes = c.fetchall()
        dropping = (("key", keys), ("primary", primaries), ("index", indexes))
        for kind, found in dropping:
            for name, table, definition in found:
                c.execute(
                    f"INSERT INTO {DROPPED_TABLE} (name, kind, tbl, definition) "
                    "VALUES (%s, %s, %s, %s) ON CONFLICT (name) DO NOTHING",
                    [name, kind, table, definition],
                )
                if kind in ("key", "primary"):
                    c.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
                else:
                    c.execute(f"DROP INDEX {quote(name)}")
    return [name for name, _, _ in keys + primaries + indexes]


def restore() -> list[str]:
    """Build every index and add back (validated) every key that `drop_and_guard` dropped and no run
    has restored yet, each in its own transaction, then lift the guard; returns their
    names. A key that no longer holds raises, and the guard stays."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as c:
        c.execute("SELECT to_regclass(%s)", [DROPPED_TABLE])
        (exists,) = c.fetchone()
        if exists is None:
            return []
        c.execute(
            f"SELECT name, kind, tbl, definition FROM {DROPPED_TABLE} ORDER BY kind = 'key', name"
        )
        waiting = c.fetchall()
    _add_unvalidated([w for w in waiting if w[1] == "key"])
    done = _run_restore(waiting)
    with transaction.atomic(), connection.cursor() as c:
        c.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = %s", [GUARD])
        for (table,) in c.fetchall():
            c.execute(f"DROP TRIGGER {GUARD} ON {table}")
    return done


Waiting = tuple[str, str, str, str]  # name, kind, table, definition


def _add_unvalidated(keys: list[Waiting]) -> None:
    """The foreign keys added back ``NOT VALID`` first (no scan): adding one locks the
    table it refers to against index builds, validating it later does not."""
    quote = connection.ops.quote_name
    for name, _, table, definition in keys:
        with transaction.atomic(), connection.cursor() as c:
            if not _constraint_exists(c, name, table):
                c.execute(
                    f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition} NOT VALID"
                )


@dataclass
class _Task:
    table: str
    items: list[Waiting]
    finish: bool  # attach the table's primary key and validate its keys (after its builds)


def _run_restore(waiting: list[Waiting]) -> list[str]:
    """Every index build, then per table its primary key attached and its foreign keys
    validated, by `RESTORE_JOBS` sessions at once: each takes the next task it may run,
    a table's finishing as soon as its own indexes are built (validating a key does not
    wait for the builds on the table it refers to), the trigram indexes (the longest
    builds) first. Returns the names restored."""
    sizes = _table_pages({w[2] for w in waiting})
    builds = sorted(
        (w for w in waiting if w[1] in ("index", "primary")),
        key=lambda w: ("USING gin" not in w[3], -sizes.get(w[2], 0), w[0]),
    )
    tasks = [_Task(w[2], [w], False) for w in builds]
    for table in sorted({w[2] for w in waiting}, key=lambda t: -sizes.get(t, 0)):
        mine = sorted((w for w in waiting if w[2] == table), key=lambda w: w[1] == "key")
        tasks.append(_Task(table, mine, True))
    if RESTORE_JOBS < 2 or len(tasks) < 2:
        for task in tasks:
            _run_task(task)
    else:
        _Scheduler(tasks).run(RESTORE_JOBS)
    return [w[0] for task in tasks if task.finish for w in task.items]


def _table_pages(tables: set[str]) -> dict[str, int]:
    with connection.cursor() as c:
        c.execute(
            "SELECT relname, relpages FROM pg_class WHERE oid = ANY(%s::regclass[])",
            [sorted(tables)],
        )
        return {name: pages for name, pages in c.fetchall()}


def _run_task(task: _Task) -> None:
    if not task.finish:
        _build(*task.items[0])
        return
    quote = connection.ops.quote_name
    for name, kind, table, _ in task.items:
        with transaction.atomic(), connection.cursor() as c:
            if kind == "primary" and not _constraint_exists(c, name, table):
                c.execute(
                    f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} "
                    f"PRIMARY KEY USING INDEX {quote(name)}"
                )
            if kind == "key":
                c.execute(f"ALTER TABLE {table} VALIDATE CONSTRAINT {quote(name)}")
            c.execute(f"DELETE FROM {DROPPED_TABLE} WHERE name = %s", [name])


class _Scheduler:
    """Hands `_Task`s to worker threads (each with its own database session) in order,
    a table's finishing task only once none of its builds is left; the first error stops
    the handing out and is raised by `run`."""

    def __init__(self, tasks: list[_Task]) -> None:
        self.todo = list(tasks)
        self.building: dict[str, int] = {}
        for task in tasks:
            if not task.finish:
                self.building[task.table] = self.building.get(task.table, 0) + 1
        self.ready = threading.Condition()
        self.error: BaseException | None = None

    def _next(self) -> _Task | None:
        with self.ready:
            while True:
                if self.error is not None or not self.todo:
                    return None
                for task in self.todo:
                    if not task.finish or not self.building.get(task.table):
                        self.todo.remove(task)
                        return task
                self.ready.wait()

    def _done(self, task: _Task, error: BaseException | None) -> None:
        with self.ready:
            if not task.finish:
                self.building[task.table] -= 1
            if error is not None and self.error is None:
                self.error = error
            self.ready.notify_all()

    def _work(self) -> None:
        try:
            while (task := self._next()) is not None:
                try:
                    _run_task(task)
                except BaseException as e:  # handed to run(), raised there
                    self._done(task, e)
                else:
                    self._done(task, None)
        finally:
            connection.close()  # this thread's session

    def run(self, jobs: int) -> None:
        with ThreadPoolExecutor(jobs) as pool:
            for future in [pool.submit(self._work) for _ in range(jobs)]:
                future.result()
        if self.error is not None:
            raise self.error


#: Sessions building the dropped indexes at once (`restore`).
RESTORE_JOBS = 2


def _build(name: str, kind: str, table: str, definition: str) -> None:
    """Build one dropped index (for a primary key, its unique index), unless a run killed
    after building it left it built."""
    with transaction.atomic(), connection.cursor() as c:
        c.execute("SET LOCAL maintenance_work_mem = '512MB'")
        if kind == "primary" and _constraint_exists(c, name, table):
            return
        c.execute(
            definition.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1).replace(
                "CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX IF NOT EXISTS ", 1
            )
        )


def _constraint_exists(cursor: Any, name: str, table: str) -> bool:
    cursor.execute(
        "SELECT 1 FROM pg_constraint WHERE conname = %s AND conrelid = %s::regclass",
        [name, table],
    )
    return cursor.fetchone() is not None
