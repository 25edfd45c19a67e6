"""A busy database answers 503 "busy, retry" with Retry-After, never 500; a bulk import
commits in short batches so that other writers get their turn, and stays all or nothing."""

from __future__ import annotations

import copy
import sqlite3
import threading
from collections import Counter
from contextlib import contextmanager

import pytest
from django.db import connection

SQLITE = connection.vendor == "sqlite"


@contextmanager
def lock_timeout(seconds: float):
    """New connections of this process wait ``seconds`` for SQLite's write lock."""
    if not SQLITE:  # PostgreSQL locks rows, not the database: writers do not queue here
        yield
        return
    options = connection.settings_dict["OPTIONS"]
    saved = options.get("timeout")
    options["timeout"] = seconds
    connection.close()
    try:
        yield
    finally:
        options["timeout"] = saved
        connection.close()


@contextmanager
def database_locked(monkeypatch):
    """Writes fail as on a locked database: for real on SQLite (another connection holds
    the write lock), simulated on PostgreSQL (its lock-timeout error from the workflow)."""
    if not SQLITE:
        from django.db import OperationalError

        from jixiao.web.goals import workflow

        def locked(*args, **kwargs):
            raise OperationalError("canceling statement due to lock timeout")

        monkeypatch.setattr(workflow, "edit", locked)
        monkeypatch.setattr(workflow, "submit", locked)
        yield
        return
    with lock_timeout(0.2):
        locker = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        locker.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        try:
            yield
        finally:
            locker.execute("ROLLBACK")
            locker.close()


def bulk_document(seed_doc, copies: int, year: int):
    doc = copy.deepcopy(seed_doc)
    doc.year = year
    doc.projects = []
    for k in range(copies):
        for p in seed_doc.projects:
            q = copy.deepcopy(p)
            q.seq = len(doc.projects) + 1
            q.code = f"{(p.code or 'X')[:9]}{k:03d}{q.seq:09d}"
            doc.projects.append(q)
    return doc


@pytest.mark.django_db(transaction=True)
def test_a_locked_database_answers_503_with_retry_after(client, api, users, project, monkeypatch):
    alice = api(users.alice)
    client.force_login(users.alice)
    with database_locked(monkeypatch):
        r = alice.client.patch(
            f"/api/v1/projects/{project.pk}",
            '{"purpose": "甲", "version": 1}',
            content_type="application/json",
            headers=alice.headers,
        )
        page = client.post(f"/projects/{project.pk}/submit/")
    assert r.status_code == 503 and r["Retry-After"] == "2"
    assert "请稍后重试" in r.json()["error"]
    assert page.status_code == 503 and "请稍后重试" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_web_writes_during_a_bulk_import_succeed_or_get_503_never_500(
    api, users, org, project, seed_doc, settings
):
    from jixiao.web.goals.imports import import_document
    from jixiao.web.goals.models import GoalDocument

    settings.JIXIAO_IMPORT_BATCH = 12
    doc = bulk_document(seed_doc, copies=12, year=2023)  # 432 projects, 36 batches
    alice = api(users.alice)
    statuses: Counter[int] = Counter()
    done = threading.Event()
    failures: list[BaseException] = []

    def importer() -> None:
        try:
            import_document(doc, users.carol, org.unit_a, source_name="big.txt")
        except BaseException as e:  # pragma: no cover - reported below
            failures.append(e)
        finally:
            done.set()
            connection.close()

    def writer() -> None:
        version = 1
        try:
            while not done.is_set() or sum(statuses.values()) < 3:
                r = alice.patch(f"projects/{project.pk}", {"purpose": "写入", "version": version})
                statuses[r.status] += 1
                if r.status == 200:
                    version = r.data["version"]
        except BaseException as e:  # a 500 raises in the test client
            failures.append(e)
        finally:
            connection.close()

    with lock_timeout(0.5):
        threads = [threading.Thread(target=importer), threading.Thread(target=writer)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    assert failures == []
    assert set(statuses) <= {200, 503} and statuses[500] == 0
    assert statuses[200] >= 1
    stored = GoalDocument.objects.get(unit=org.unit_a, year=2023)
    assert stored.projects.count() == 432


@pytest.mark.django_db(transaction=True)
def test_a_failing_batch_leaves_nothing_behind(users, org, seed_doc, settings, monkeypatch):
    from jixiao.web.goals import mapping
    from jixiao.web.goals.imports import import_document
    from jixiao.web.goals.models import GoalDocument, Project

    settings.JIXIAO_IMPORT_BATCH = 10
    real = mapping.projects_to_db
    calls = []

    def fail_third(document, projects):
        calls.append(len(projects))
        if len(calls) == 3:
            raise RuntimeError("disk full")
        real(document, projects)

    monkeypatch.setattr(mapping, "projects_to_db", fail_third)
    with pytest.raises(RuntimeError):
        import_document(seed_doc, users.alice, org.unit_a, source_name="seed.txt")
    assert calls == [10, 10, 10]
    assert GoalDocument.all_objects.count() == 0 and Project.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_an_unfinished_import_is_hidden_and_blocks_a_second_one(
    api, users, org, seed_doc, settings, monkeypatch
):
    from jixiao.web.goals import mapping
    from jixiao.web.goals.imports import ImportRefused, import_document
    from jixiao.web.goals.models import GoalDocument

    # An import killed after its first batch: the document row stays, incomplete.
    unfinished = mapping.new_document(seed_doc, org.unit_a, users.alice, "seed.txt", complete=False)
    mapping.projects_to_db(unfinished, seed_doc.projects[:5])
    assert GoalDocument.objects.count() == 0
    assert api(users.carol).get("projects").data["count"] == 0
    with pytest.raises(ImportRefused, match="正在导入"):
        import_document(seed_doc, users.alice, org.unit_a, source_name="seed.txt")
    # Once stale, the next import removes it and stores the whole document.
    GoalDocument.all_objects.filter(pk=unfinished.pk).update(created_at="2000-01-01T00:00:00Z")
    document = import_document(seed_doc, users.alice, org.unit_a, source_name="seed.txt")
    assert document.projects.count() == 36
    assert GoalDocument.all_objects.count() == 1
