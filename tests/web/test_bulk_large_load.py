"""`bulk.large_load`: around a large load on PostgreSQL the foreign keys among the goal tables
and their secondary indexes are dropped behind a guard that refuses other writers (a 503
"busy", never bad data), and restored and validated after, also after a killed run;
`jixiao generate --to db` stores, in worker processes' COPY text, documents that read back
equal to the generated ones, and resumes."""

from __future__ import annotations

import types

import pytest
from django.db import IntegrityError, OperationalError, connection

from jixiao.core.generate import GeneratorOptions
from jixiao.core.generate.documents import generate_unit
from jixiao.web.busy import is_busy
from jixiao.web.goals import bulk, mapping
from jixiao.web.goals.models import GoalDocument, Project
from jixiao.web.orgs.services import ensure_unit

POSTGRESQL = connection.vendor == "postgresql"


def _schema() -> set[tuple[str, str]]:
    """The keys and indexes `large_load` may drop, as (kind, name): foreign keys, the
    indicator and plan tables' primary keys (no foreign key refers to them), non-unique
    indexes."""
    with connection.cursor() as c:
        c.execute(
            "SELECT conname FROM pg_constraint WHERE contype = 'f' "
            "AND conrelid = ANY(%s::regclass[])",
            [list(bulk.REBUILT_TABLES)],
        )
        keys = {("key", name) for (name,) in c.fetchall()}
        c.execute(
            "SELECT conname FROM pg_constraint WHERE contype = 'p' "
            "AND conrelid = ANY(%s::regclass[])",
            [["goals_indicator", "goals_spendingplancell"]],
        )
        keys |= {("primary", name) for (name,) in c.fetchall()}
        c.execute(
            "SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisunique "
            "AND indrelid = ANY(%s::regclass[])",
            [list(bulk.REBUILT_TABLES)],
        )
        return keys | {("index", name) for (name,) in c.fetchall()}


def _guards() -> int:
    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM pg_trigger WHERE tgname = %s", [bulk.GUARD])
        return c.fetchone()[0]


def _pending(units: int, per_unit: int) -> list[bulk.Pending]:
    opts = GeneratorOptions(units, per_unit, seed=5)
    out = []
    for u in range(units):
        doc = generate_unit(opts, u)
        unit = ensure_unit(doc.unit.code or "", doc.unit.name, region_code="130213")
        out.append(bulk.Pending(doc, unit, f"{doc.unit.code}.txt"))
    return out


def _other_session_write() -> None:
    """A write by another session (a web request) to a guarded table."""
    import psycopg

    wanted = ("dbname", "user", "password", "host", "port")
    params = {k: v for k, v in connection.get_connection_params().items() if k in wanted}
    with psycopg.connect(**params) as other:
        other.execute("UPDATE goals_project SET name = name")


@pytest.mark.django_db(transaction=True)
def test_a_large_load_drops_keys_and_indexes_guards_the_tables_and_restores_them(settings):
    settings.JIXIAO_BULK_REBUILD_AT = 1
    items = _pending(3, 2)
    if not POSTGRESQL:
        with bulk.large_load(10**6) as dropped:
            assert dropped is False
            bulk.store_documents(items, None)
        assert Project.objects.count() == 6
        return
    import psycopg

    before = _schema()
    assert {kind for kind, _ in before} == {"key", "primary", "index"}
    with bulk.large_load(6) as dropped:
        assert dropped is True
        assert _schema() == set() and _guards() == len(bulk.GUARDED_TABLES)
        with pytest.raises(psycopg.errors.LockNotAvailable, match="bulk load in progress"):
            _other_session_write()
        bulk.store_documents(items, None)
        assert [p.error for p in items] == [None] * 3
    assert _schema() == before and _guards() == 0
    _other_session_write()  # allowed again
    assert Project.objects.count() == 6


@pytest.mark.django_db(transaction=True)
def test_what_a_killed_large_load_left_dropped_is_restored_by_the_next_load(settings):
    if not POSTGRESQL:
        assert bulk.drop_and_guard() == [] and bulk.restore() == []
        return
    before = _schema()
    bulk.drop_and_guard()  # the run is killed here: its session (and setting) are gone
    assert _schema() == set()
    with pytest.raises(OperationalError) as refused:  # nobody writes while the keys are away
        Project.objects.update(name="x")
    assert is_busy(refused.value)  # the web answers 503 "busy, retry", not 500
    with bulk.large_load(1) as dropped:  # a small load: restores first, drops nothing
        assert dropped is False
        assert _schema() == before and _guards() == 0
    Project.objects.update(name="x")


@pytest.mark.django_db(transaction=True)
def test_a_restore_killed_after_building_the_indexes_is_finished_by_the_next():
    if not POSTGRESQL:
        assert bulk.restore() == []
        return
    before = _schema()
    bulk.drop_and_guard()
    with connection.cursor() as c:
        c.execute(f"SELECT name, kind, tbl, definition FROM {bulk.DROPPED_TABLE}")
        waiting = c.fetchall()
    for item in waiting:  # the restore is killed once the indexes are built
        if item[1] != "key":
            bulk._build(*item)
    assert {kind for kind, _ in _schema()} == {"index"}  # built, not yet keys
    assert sorted(bulk.restore()) == sorted(name for name, *_ in waiting)
    assert _schema() == before and _guards() == 0


@pytest.mark.django_db(transaction=True)
def test_a_key_that_no_longer_holds_fails_the_restore_and_the_guard_stays():
    if not POSTGRESQL:
        return
    bulk.store_documents(_pending(1, 2), None)
    before = _schema()
    bulk.drop_and_guard()
    with connection.cursor() as c:  # the loading session writes an orphan while keys are away
        c.execute("SELECT set_config(%s, 'on', false)", [bulk.LOADING])
        c.execute(
            "INSERT INTO goals_indicator (project_id, position, target_text) "
            "SELECT max(id) + 1000, 0, '' FROM goals_project"
        )
        c.execute("SELECT set_config(%s, '', false)", [bulk.LOADING])
    with pytest.raises(IntegrityError):
        bulk.restore()
    assert _guards() == len(bulk.GUARDED_TABLES)  # still refused to other writers
    with pytest.raises(OperationalError):
        Project.objects.update(name="x")
    with connection.cursor() as c:
        c.execute("SELECT set_config(%s, 'on', false)", [bulk.LOADING])
        c.execute(
            "DELETE FROM goals_indicator WHERE project_id NOT IN (SELECT id FROM goals_project)"
        )
        c.execute("SELECT set_config(%s, '', false)", [bulk.LOADING])
    bulk.restore()  # the next restore finishes the job
    assert _schema() == before and _guards() == 0


@pytest.mark.django_db(transaction=True)
def test_a_large_load_is_only_as_large_as_what_is_stored(settings):
    settings.JIXIAO_BULK_REBUILD_AT = 1
    bulk.store_documents(_pending(4, 3), None)
    with connection.cursor() as c:
        if POSTGRESQL:
            c.execute("ANALYZE goals_project")
    with bulk.large_load(5) as dropped:  # fewer than the 12 stored: the indexes stay
        assert dropped is False


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("jobs", [1, 2])
def test_generate_to_db_stores_documents_that_read_back_as_generated_and_resumes(settings, jobs):
    from jixiao.cli import generate

    settings.JIXIAO_BULK_REBUILD_AT = 1
    settings.JIXIAO_BULK_BATCH = settings.JIXIAO_BULK_LARGE_BATCH = 6  # several batches
    opts = GeneratorOptions(5, 3, seed=9)
    bar = types.SimpleNamespace(update=lambda n: None)
    assert generate._to_db(opts, jobs, bar) == 15
    stored = {d.unit_code_text: d for d in GoalDocument.objects.all()}
    for u in range(opts.units):
        doc = generate_unit(opts, u)
        assert mapping.document_from_db(stored[doc.unit.code]) == doc
    assert generate._to_db(opts, jobs, bar) == 0  # everything stored already: resumed
    assert Project.objects.count() == 15
    if POSTGRESQL:
        assert _guards() == 0
