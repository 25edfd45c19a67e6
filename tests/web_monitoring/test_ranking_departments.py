"""The ranking's sums per department and year (`rankings.DepartmentRollup`) follow the writes
that move figures between departments and years — a unit moved to another department, a
document's year changed, a document deleted, an import read half-way — and the ranking of
whole departments reads one page of unit rows, never all of them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jixiao.web import permissions
from jixiao.web.goals import imports, mapping
from jixiao.web.goals.drafting import delete_document
from jixiao.web.goals.imports import import_document
from jixiao.web.goals.models import GoalDocument
from jixiao.web.orgs.models import Unit
from jixiao.web.orgs.services import update_unit
from jixiao.web.rankings.models import DepartmentRollup, UnitRollup

from .test_ranking_rollups import YEAR, _bulk_load, _check, _check_department_rows, _evaluate

API = "/api/v1/evaluation"


@pytest.mark.django_db
def test_a_unit_moved_to_another_department_takes_its_figures(
    seeded, users, org, login, monkeypatch
):
    admin = login(users.carol)
    _bulk_load(seed=11)
    _check(admin, monkeypatch)
    d314, d315 = org.unit_a.department, org.unit_b.department
    # Its roll-up row is missing when it moves (deleted by the evaluation, not read yet).
    _evaluate(seeded.projects.get(seq=1), users.alice)
    assert not UnitRollup.objects.filter(document=seeded).exists()
    update_unit(org.unit_a, org.unit_a.name, d315, by=users.carol)
    _check(admin, monkeypatch)
    assert "314" not in [d["code"] for d in admin.get(API).json()["departments"]]
    # And back, with its row in place.
    assert UnitRollup.objects.get(document=seeded).department == d315
    update_unit(org.unit_a, org.unit_a.name, d314, by=users.carol)
    assert UnitRollup.objects.get(document=seeded).department == d314
    _check(admin, monkeypatch)
    assert "314" in [d["code"] for d in admin.get(API).json()["departments"]]


@pytest.mark.django_db
def test_a_document_moved_to_another_year_leaves_the_first(seeded, users, login):
    admin = login(users.carol)
    _bulk_load(seed=12)
    before = admin.get(API, {"year": YEAR}).json()
    seeded.year = YEAR + 1
    seeded.save(update_fields=["year"])
    after = admin.get(API, {"year": YEAR}).json()
    assert after["years"] == [YEAR + 1, YEAR]
    assert after["count"] == before["count"] - 1
    assert after["total"]["projects"] == before["total"]["projects"] - 36
    assert "314" not in [d["code"] for d in after["departments"]]
    moved = admin.get(API, {"year": YEAR + 1}).json()
    assert (moved["count"], moved["total"]["projects"]) == (1, 36)
    assert [d["code"] for d in moved["departments"]] == ["314"]
    _check_department_rows()


@pytest.mark.django_db
def test_a_deleted_document_leaves_its_department(seeded, users, org, login, monkeypatch):
    admin = login(users.carol)
    _bulk_load(seed=13)
    _check(admin, monkeypatch)
    delete_document(seeded, users.alice)
    _check(admin, monkeypatch)
    assert not DepartmentRollup.objects.filter(department=org.unit_a.department).exists()


@pytest.mark.django_db
def test_a_ranking_read_during_an_import_counts_the_unit_once_it_completes(
    seeded, users, org, seed_doc, login, monkeypatch
):
    admin = login(users.carol)
    reads = []
    write_batch = mapping.projects_to_db

    def batch_then_read(document, projects):
        write_batch(document, projects)
        reads.append(admin.get(API, {"year": YEAR}).json()["count"])  # the import's not shown

    monkeypatch.setattr(imports, "_batch_size", lambda: 10)
    monkeypatch.setattr(mapping, "projects_to_db", batch_then_read)
    import_document(seed_doc, users.eve, org.unit_b, source_name="b.txt")
    assert reads == [1, 1, 1, 1]
    assert admin.get(API, {"year": YEAR}).json()["count"] == 2
    _check(admin, monkeypatch)


@pytest.mark.django_db
def test_the_ranking_of_whole_departments_reads_one_page_of_unit_rows(seeded, users, login):
    _bulk_load(seed=14)
    for user in (users.carol, users.bob):
        client = login(user)
        client.get(API)  # computes what is out of date
        with CaptureQueriesContext(connection) as page:
            assert client.get(API, {"page_size": 2}).json()["count"] >= 1
        with CaptureQueriesContext(connection) as html:
            client.get("/evaluation/")
        for q in [*page.captured_queries, *html.captured_queries]:
            if UnitRollup._meta.db_table in q["sql"]:
                assert "LIMIT" in q["sql"], q["sql"]  # a page by the index, not a sum


@pytest.mark.django_db
def test_visible_departments_hold_exactly_the_visible_units(users, org):
    for user in (users.carol, users.dave, users.bob, users.frank):
        departments = permissions.visible_departments(user)
        assert departments is not None
        assert set(Unit.objects.filter(department__in=departments)) == set(
            permissions.visible_units(user)
        )
    assert permissions.visible_departments(users.alice) is None
    assert GoalDocument.objects.count() == 0
