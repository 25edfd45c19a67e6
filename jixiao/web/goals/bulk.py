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
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, models, transaction
from django.utils import timezone

from jixiao.core import model as core
from jixiao.core.errors import JixiaoError
from jixiao.core.validation import document_problems
from jixiao.web.audit.log import record_many
from jixiao.web.goals import mapping
from jixiao.web.goals.imports import STALE_AFTER, import_document, import_summary
from jixiao.web.goals.models import GoalDocument, Indicator, Project, SpendingPlanCell
from jixiao.web.orgs.models import Unit
from jixiao.web.rankings import rollups


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
    if connection.vendor == "postgresql":
        _copy(documents, items)
    else:
        _bulk_create(documents, items)
    rollups.after_bulk_load([d.pk for d in documents])
    record_many(
        user,
        "document.import",
        [
            (row, import_summary(p.document, p.unit, p.source_name))
            for row, p in zip(documents, items, strict=True)
        ],
    )


def _bulk_create(documents: list[GoalDocument], items: list[Pending]) -> None:
    GoalDocument.all_objects.bulk_create(documents)
    projects: list[Project] = []
    sources: list[core.Project] = []
    for row, p in zip(documents, items, strict=True):
        projects += mapping.project_rows(row, p.document.projects)
        sources += p.document.projects
    Project.objects.bulk_create(projects)
    indicators: list[Indicator] = []
    cells: list[SpendingPlanCell] = []
    for project, source in zip(projects, sources, strict=True):
        indicators += mapping.indicator_rows(project, source)
        cells += mapping.cell_rows(project, source)
    Indicator.objects.bulk_create(indicators)
    SpendingPlanCell.objects.bulk_create(cells)


def _copy(documents: list[GoalDocument], items: list[Pending]) -> None:
    """The same rows as `_bulk_create`, as plain values (no model instance per row)."""
    ids = copy_values(GoalDocument, [_as_fields(d) for d in documents])
    for row, pk in zip(documents, ids, strict=True):
        row.pk = pk
    projects: list[dict[str, Any]] = []
    sources: list[core.Project] = []
    for document_id, p in zip(ids, items, strict=True):
        for source in p.document.projects:
            fields = mapping.project_fields(source)
            fields["document_id"] = document_id
            projects.append(fields)
            sources.append(source)
    project_ids = copy_values(Project, projects)
    indicators: list[dict[str, Any]] = []
    cells: list[dict[str, Any]] = []
    for project_id, source in zip(project_ids, sources, strict=True):
        for fields in mapping.indicator_fields(source):
            fields["project_id"] = project_id
            indicators.append(fields)
        for fields in mapping.cell_fields(source):
            fields["project_id"] = project_id
            cells.append(fields)
    copy_values(Indicator, indicators)
    copy_values(SpendingPlanCell, cells)


def _as_fields(row: models.Model) -> dict[str, Any]:
    return {
        f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields if not f.primary_key
    }


#: Field types whose Python values (as the mapping gives them) psycopg writes as they are;
#: the others (exact decimals, JSON, time stamps…) go through the field's own conversion.
_PLAIN = (
    models.TextField,
    models.CharField,
    models.IntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def copy_values(
    model: type[models.Model], rows: list[dict[str, Any]], table: str | None = None
) -> list[int]:
    """COPY ``rows`` (field attname → Python value; missing fields get their default, time
    stamps the current time) into ``table`` (default: the model's), with ids reserved from
    the model's sequence; returns the ids in the order of ``rows``."""
    if not rows:
        return []
    meta = model._meta
    conn = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the thread-local proxy
    now = timezone.now()
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    plan = []
    for f in fields:
        stamped = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        default = now if stamped else (f.get_default() if f.has_default() else None)
        plain = type(f) in _PLAIN  # exact types: ExactDecimalField is a CharField
        plan.append((f.attname, default, None if plain else f.get_db_prep_save, stamped))
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        columns = ", ".join(
            conn.ops.quote_name(c) for c in [meta.pk.column] + [f.column for f in fields]
        )
        target = conn.ops.quote_name(table or meta.db_table)
        with cursor.cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                values = [pk]
                for name, default, prep, stamped in plan:
                    value = row.get(name, default)
                    if stamped and value is None:
                        value = now
                    values.append(value if prep is None else prep(value, conn))
                copy.write_row(values)
    return ids
