"""`bulk_sessions.storing`: during a large load on PostgreSQL, batches stored by two database
sessions at once are the rows one session stores; each document still stands alone (a bad
one or a unit and year in two batches at once is reported, the others land); the audit
chain stays intact and every document has its roll-up. Elsewhere batches are stored at once
in this session."""

from __future__ import annotations

import dataclasses
import threading
from decimal import Decimal

import pytest
from django.db import connection

from jixiao.web.audit.log import verify_chain
from jixiao.web.goals import bulk
from jixiao.web.goals.bulk_sessions import storing
from jixiao.web.goals.models import GoalDocument, Project
from jixiao.web.rankings.models import UnitRollup

from .test_bulk_store import _pending, _snapshot

POSTGRESQL = connection.vendor == "postgresql"
pytestmark = pytest.mark.django_db(transaction=True)


def _store(items: list[bulk.Pending], jobs: int, per_batch: int = 2) -> set[int]:
    """``items`` stored in batches of ``per_batch`` documents by ``jobs`` sessions inside a
    large load; the threads that stored them."""
    threads = set()
    original = bulk.store_documents

    def spy(batch, user):  # type: ignore[no-untyped-def]
        threads.add(threading.get_ident())
        original(batch, user)

    bulk.store_documents = spy  # type: ignore[assignment]
    try:
        with bulk.large_load(10**6), storing(jobs) as store:
            for start in range(0, len(items), per_batch):
                store(items[start : start + per_batch], None)
    finally:
        bulk.store_documents = original  # type: ignore[assignment]
    return threads


def test_two_sessions_store_the_rows_one_session_stores(settings):
    settings.JIXIAO_BULK_REBUILD_AT = 1
    one = _pending(8, 2)
    assert _store(one, 1) == {threading.get_ident()}
    by_one = _snapshot()
    GoalDocument.all_objects.all().delete()
    two = _pending(8, 2)
    threads = _store(two, 2)
    assert [p.error for p in two] == [None] * 8
    assert _snapshot() == by_one
    if POSTGRESQL:  # stored by the sessions' threads, not this one
        assert threading.get_ident() not in threads
    assert verify_chain().intact
    rollups = dict(UnitRollup.objects.values_list("document_id", "projects"))
    assert rollups == {d.pk: 2 for d in GoalDocument.objects.all()}


def test_a_bad_document_in_a_concurrent_batch_is_reported_and_the_others_land(settings):
    settings.JIXIAO_BULK_REBUILD_AT = 1
    items = _pending(6, 2)
    bad = items[3]
    first = bad.document.projects[0]
    bad.document.projects[0] = dataclasses.replace(
        first, budget=dataclasses.replace(first.budget, total=Decimal("1e30"))
    )
    _store(items, 2)
    assert [p.error is None for p in items] == [True, True, True, False, True, True]
    assert GoalDocument.objects.count() == 5 and Project.objects.count() == 10


def test_a_unit_and_year_in_two_batches_at_once_is_stored_once(settings):
    settings.JIXIAO_BULK_REBUILD_AT = 1
    items = _pending(4, 2)
    twin = _pending(4, 2)[0]  # the first document again, in the second batch
    batches = [items[0], items[1], twin, items[2], items[3]]
    _store(batches, 2, per_batch=2)
    assert sum(p.error is not None for p in (items[0], twin)) == 1
    assert all(p.error is None for p in items[1:])
    assert GoalDocument.objects.count() == 4 and Project.objects.count() == 8
    assert verify_chain().intact
