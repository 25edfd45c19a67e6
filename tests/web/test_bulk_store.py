"""`bulk.store_documents`: many documents per transaction (COPY on PostgreSQL), the same rows
as the one-by-one ORM path, and each document atomic."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from django.db import DatabaseError

from jixiao.core.generate import GeneratorOptions, generate_documents
from jixiao.web.goals import bulk
from jixiao.web.goals.imports import import_document
from jixiao.web.goals.models import GoalDocument, Indicator, Project, SpendingPlanCell
from jixiao.web.orgs.services import ensure_unit

pytestmark = pytest.mark.django_db


def _pending(units: int = 5, per_unit: int = 4, seed: int = 7) -> list[bulk.Pending]:
    out = []
    for doc in generate_documents(GeneratorOptions(units, per_unit, seed=seed)):
        unit = ensure_unit(doc.unit.code or "", doc.unit.name, region_code="130213")
        out.append(bulk.Pending(doc, unit, f"{doc.unit.code}.txt"))
    return out


def _snapshot() -> dict[str, list[tuple]]:
    """Every stored row, without ids and time stamps, in a stable order."""

    def rows(model, order, skip=("id", "created_at", "updated_at")):
        names = [f.attname for f in model._meta.concrete_fields if f.attname not in skip]
        names = [n for n in names if not n.endswith("_id")]
        return (
            [tuple(r) for r in model.all_objects.order_by(*order).values_list(*names)]
            if (model is GoalDocument)
            else [tuple(r) for r in model.objects.order_by(*order).values_list(*names)]
        )

    return {
        "documents": rows(GoalDocument, ["unit__code"]),
        "projects": rows(Project, ["document__unit__code", "seq", "id"]),
        "indicators": rows(
            Indicator, ["project__document__unit__code", "project__seq", "position"]
        ),
        "cells": rows(
            SpendingPlanCell, ["project__document__unit__code", "project__seq", "position"]
        ),
    }


def test_the_bulk_path_stores_the_same_rows_as_the_orm_path(monkeypatch):
    items = _pending()
    for p in items:
        import_document(p.document, None, p.unit, source_name=p.source_name)
    by_orm = _snapshot()
    GoalDocument.all_objects.all().delete()

    def no_fallback(*args, **kwargs):
        raise AssertionError("the batch was not written in one go")

    monkeypatch.setattr(bulk, "import_document", no_fallback)
    bulk.store_documents(items, None)
    assert [p.error for p in items] == [None] * len(items)
    assert _snapshot() == by_orm
    assert sum(len(v) for v in by_orm.values()) > 20 * 4  # documents, projects and children


def test_each_stored_document_has_its_audit_entry_in_an_intact_chain():
    from jixiao.web.audit.log import record, verify_chain
    from jixiao.web.audit.models import AuditEntry

    items = _pending(4, 2)
    record("before", "document.import", items[0].unit, new={"x": 1})
    bulk.store_documents(items, "命令行（bench）")
    record("after", "document.import", items[0].unit, new={"x": 2})
    entries = AuditEntry.objects.filter(action="document.import", username="命令行（bench）")
    stored = GoalDocument.objects.order_by("id")
    assert sorted(e.object_id for e in entries) == sorted(str(d.pk) for d in stored)
    assert {e.new["projects"] for e in entries} == {2}
    assert verify_chain().intact


def test_a_bad_document_is_reported_and_the_others_land():
    items = _pending(4, 3)
    bad = items[2]
    first = bad.document.projects[0]
    huge = dataclasses.replace(first.budget, total=Decimal("1e30"))
    bad.document.projects[0] = dataclasses.replace(first, budget=huge)
    bulk.store_documents(items, None)
    assert bad.error and not bad.already_stored
    assert [p.error is None for p in items] == [True, True, False, True]
    assert GoalDocument.objects.filter(unit=bad.unit).count() == 0
    assert Project.objects.count() == 9


def test_a_failed_batch_is_stored_again_one_document_at_a_time(monkeypatch):
    items = _pending(3, 2)

    def broken(*args, **kwargs):
        raise DatabaseError("the COPY failed")

    monkeypatch.setattr(bulk, "_write", broken)
    bulk.store_documents(items, None)
    assert [p.error for p in items] == [None, None, None]
    assert Project.objects.count() == 6


def test_a_second_run_skips_what_the_first_stored():
    items = _pending(3, 2)
    bulk.store_documents(items[:2], None)
    again = _pending(3, 2)
    bulk.store_documents(again, None)
    assert [p.already_stored for p in again] == [True, True, False]
    assert [p.error is None for p in again] == [False, False, True]
    assert GoalDocument.objects.count() == 3 and Project.objects.count() == 6


def test_batches_hold_at_most_the_limit_unless_one_item_is_larger():
    sizes = [3, 3, 5, 9, 1]
    assert list(bulk.batches(sizes, lambda n: n, limit=6)) == [[3, 3], [5], [9], [1]]


def test_the_bulk_path_keeps_a_layouts_absent_parts_and_carried_over_funds(monkeypatch):
    from jixiao.web.goals.mapping import document_from_db

    items = _pending(units=2, per_unit=2)
    doc = items[0].document
    doc.absent = frozenset({"basis", "code"})
    b = doc.projects[0].budget
    doc.projects[0].budget = dataclasses.replace(b, carryover=Decimal("1.50"))
    monkeypatch.setattr(bulk, "import_document", None)  # the batch path only
    bulk.store_documents(items, None)
    assert [p.error for p in items] == [None, None]
    stored = GoalDocument.objects.get(unit=items[0].unit)
    back = document_from_db(stored)
    assert back.absent == {"basis", "code"}
    assert back.projects[0].budget.carryover == Decimal("1.50")
