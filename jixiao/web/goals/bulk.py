"""Store many goal documents per transaction: the fast path of `jixiao import DIR` and
`jixiao generate --to db`.

`store_documents(batch, user)` writes a batch of documents in ONE transaction: on
PostgreSQL the projects, indicators and plan cells go in with ``COPY`` (ids reserved from
their sequences first), on SQLite with multi-row inserts. Each document still stands or
falls alone: a document that would be refused (a value out of bounds, its unit and year
already stored) is reported and left out before anything is written, and if the batch's
write fails anyway every document of it is stored again one by one through
`imports.import_document`, so that only the bad one is lost. A killed run leaves whole
documents only (a batch commits or vanishes), so running it again resumes it.

The rows written are the ORM's: they are built by `mapping` and turned into column values
by each field's own ``get_db_prep_save`` (tests/web/test_bulk_store.py compares both paths).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from jixiao.core import model as core
from jixiao.core.errors import JixiaoError
from jixiao.core.validation import document_problems
from jixiao.web.audit.log import record
from jixiao.web.goals import mapping
from jixiao.web.goals.imports import STALE_AFTER, import_document, import_summary
from jixiao.web.goals.models import GoalDocument, Indicator, Project, SpendingPlanCell
from jixiao.web.orgs.models import Unit


@dataclass
class Pending:
    """One document to store: for which unit, from which file; ``error`` once refused
    (``already_stored`` when the reason is that its unit and year are stored already)."""

    document: core.Document
    unit: Unit
    source_name: str = ""
    error: str | None = None
    already_stored: bool = False


def batch_projects() -> int:
    """How many projects a batch (one transaction) holds at most: `JIXIAO_BULK_BATCH`."""
    return max(1, int(getattr(settings, "JIXIAO_BULK_BATCH", 2000)))


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
    """Store the documents of ``batch``; each one's ``error`` says why it was left out."""
    ready = _admissible(batch)
    if not ready:
        return
    try:
        with transaction.atomic():
            _write(ready, user)
    except (DatabaseError, JixiaoError):
        # One bad row spoils the whole COPY: find it by storing the documents one by one.
        for item in ready:
            try:
                import_document(item.document, user, item.unit, source_name=item.source_name)
            except (DatabaseError, JixiaoError) as e:
                item.error = str(e)


def _admissible(batch: Sequence[Pending]) -> list[Pending]:
    """The documents that may be stored; the others get their one-line reason."""
    keys = {(p.unit.pk, p.document.year) for p in batch}
    units = {p.unit.pk for p in batch}
    with transaction.atomic():
        stored: dict[tuple[int, int | None], bool] = {}
        for unit_id, year, complete, created in GoalDocument.all_objects.filter(
            unit_id__in=units
        ).values_list("unit_id", "year", "complete", "created_at"):
            if (unit_id, year) not in keys:
                continue
            if complete or created > timezone.now() - STALE_AFTER:
                stored[(unit_id, year)] = complete
        # Left by an interrupted one-by-one import: removed, as import_document does.
        stale = GoalDocument.all_objects.filter(unit_id__in=units, complete=False)
        for left in stale:
            if (left.unit_id, left.year) in keys and (left.unit_id, left.year) not in stored:
                left.delete()
    ready: list[Pending] = []
    for item in batch:
        doc, unit = item.document, item.unit
        problems = document_problems(doc)
        key = (unit.pk, doc.year)
        if problems:
            item.error = problems[0][1]
        elif key in stored:
            item.already_stored = stored[key]
            item.error = f"{unit.name} {doc.year or ''}年度的绩效目标" + (
                "已导入，不能重复导入" if stored[key] else "正在导入，请稍后再试"
            )
        else:
            stored[key] = True  # the same unit and year twice in one run: the first wins
            ready.append(item)
    return ready


def _write(items: list[Pending], user: Any) -> None:
    documents = [
        mapping.document_row(p.document, p.unit, user, p.source_name, complete=True) for p in items
    ]
    insert(GoalDocument, documents)
    projects: list[Project] = []
    sources: list[core.Project] = []
    for row, p in zip(documents, items, strict=True):
        projects += mapping.project_rows(row, p.document.projects)
        sources += p.document.projects
    insert(Project, projects)
    indicators: list[Indicator] = []
    cells: list[SpendingPlanCell] = []
    for project, source in zip(projects, sources, strict=True):
        indicators += mapping.indicator_rows(project, source)
        cells += mapping.cell_rows(project, source)
    insert(Indicator, indicators)
    insert(SpendingPlanCell, cells)
    for row, p in zip(documents, items, strict=True):
        record(user, "document.import", row, new=import_summary(p.document, p.unit, p.source_name))


def insert(model: type[models.Model], rows: list[Any]) -> None:
    """Insert ``rows`` (unsaved instances; their primary keys are set here): COPY on
    PostgreSQL, the ORM's multi-row INSERT elsewhere."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(rows)  # type: ignore[attr-defined]
        return
    copy_rows(model, rows)


def copy_rows(model: type[models.Model], rows: list[Any], table: str | None = None) -> None:
    """COPY ``rows`` into ``table`` (default: the model's), ids reserved from its sequence."""
    meta = model._meta
    fields = list(meta.concrete_fields)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
            row.pk = pk
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        target = connection.ops.quote_name(table or meta.db_table)
        values = column_values(fields)
        with cursor.cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(values(row))


def column_values(fields: list[Any]) -> Any:
    """A function giving the values the ORM would write for a row's ``fields`` (auto_now
    stamps included: ``pre_save`` for those, the attribute for the others)."""
    stamped = [
        bool(getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)) for f in fields
    ]
    plan = [(f, f.attname, f.get_db_prep_save, s) for f, s in zip(fields, stamped, strict=True)]

    def values(row: Any) -> list[Any]:
        return [
            prep(f.pre_save(row, True) if s else getattr(row, name), connection)
            for f, name, prep, s in plan
        ]

    return values
