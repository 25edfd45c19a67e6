"""The project list page: scope, search, filters, sorting, pagination, query bounds."""

from __future__ import annotations

import copy
import re

import pytest

pytestmark = pytest.mark.django_db


def ids_on(response) -> list[int]:
    return [int(x) for x in re.findall(r'data-project="(\d+)"', response.content.decode())]


@pytest.fixture
def alice_client(client, users, seeded):
    client.force_login(users.alice)
    return client


def test_a_unit_sees_its_36_projects_and_another_unit_none(client, users, seeded):
    client.force_login(users.alice)
    r = client.get("/projects/")
    assert r.status_code == 200 and "共 36 个" in r.content.decode()
    assert len(ids_on(r)) == 36
    client.force_login(users.eve)
    r = client.get("/projects/")
    assert ids_on(r) == [] and "共 0 个" in r.content.decode()


@pytest.mark.parametrize(
    ("name", "visible"),
    [("bob", 36), ("grace", 36), ("frank", 0), ("carol", 36), ("dave", 36)],
)
def test_reviewers_admins_and_auditors_see_their_scope(client, users, seeded, name, visible):
    client.force_login(getattr(users, name))
    assert len(ids_on(client.get("/projects/"))) == visible


def test_search_by_name_and_by_code(alice_client, seeded):
    p = seeded.projects.get(seq=6)  # 防汛
    assert ids_on(alice_client.get("/projects/", {"q": "防汛"})) == [p.pk]
    assert ids_on(alice_client.get("/projects/", {"q": p.code[-6:]})) == [p.pk]
    assert ids_on(alice_client.get("/projects/", {"q": "没有这个项目"})) == []


def test_filters_status_unit_year(alice_client, seeded, org):
    from jixiao.web.goals.models import SUBMITTED

    first = seeded.projects.get(seq=1)
    first.status = SUBMITTED
    first.save(update_fields=["status"])
    assert ids_on(alice_client.get("/projects/", {"status": "submitted"})) == [first.pk]
    assert len(ids_on(alice_client.get("/projects/", {"status": "draft"}))) == 35
    assert len(ids_on(alice_client.get("/projects/", {"unit": org.unit_a.pk}))) == 36
    assert ids_on(alice_client.get("/projects/", {"unit": org.unit_b.pk})) == []
    assert len(ids_on(alice_client.get("/projects/", {"year": 2022}))) == 36
    assert ids_on(alice_client.get("/projects/", {"year": 2021})) == []
    # Bad values are ignored rather than failing the page.
    assert len(ids_on(alice_client.get("/projects/", {"status": "x", "year": "abc"}))) == 36


def scores_of(seeded) -> dict[int, int]:
    from jixiao.core.review import review
    from jixiao.web.goals.mapping import document_from_db

    report = review(document_from_db(seeded))
    by_seq = {s.seq: s.score for s in report.projects}
    return {p.pk: by_seq[p.seq] for p in seeded.projects.all()}


def test_score_range_filter_matches_the_review_engine(alice_client, seeded):
    scores = scores_of(seeded)
    low, high = 50, 58
    expected = {pk for pk, s in scores.items() if low <= s <= high}
    assert 0 < len(expected) < 36
    got = ids_on(alice_client.get("/projects/", {"score_min": low, "score_max": high}))
    assert set(got) == expected


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("code", lambda p, s: p.code),
        ("-budget", lambda p, s: -p.budget_amount),
        ("budget", lambda p, s: p.budget_amount),
        ("score", lambda p, s: s[p.pk]),
        ("-score", lambda p, s: -s[p.pk]),
    ],
)
def test_sorting(alice_client, seeded, sort, key):
    scores = scores_of(seeded)
    projects = {p.pk: p for p in seeded.projects.all()}
    got = ids_on(alice_client.get("/projects/", {"sort": sort}))
    assert len(got) == 36
    values = [key(projects[pk], scores) for pk in got]
    assert values == sorted(values)


def test_pagination_by_score_is_numbered(alice_client, seeded):
    # Sorted by score, every match is scored anyway: numbered pages (keyset pages of the
    # other sorts: test_pages_keyset.py).
    first = ids_on(alice_client.get("/projects/", {"per": 20, "sort": "score"}))
    second = ids_on(alice_client.get("/projects/", {"per": 20, "sort": "score", "page": 2}))
    assert len(first) == 20 and len(second) == 16 and not set(first) & set(second)
    r = alice_client.get("/projects/", {"per": 20, "sort": "score", "page": 99})  # last page
    assert ids_on(r) == second
    assert "第 2 / 2 页" in r.content.decode()


@pytest.fixture(params=[10, 1000])
def many(request, org, users, seed_doc):
    """A document for unit A with ``n`` projects (the seed's, repeated)."""
    from jixiao.web.goals.imports import import_document

    doc = copy.deepcopy(seed_doc)
    doc.projects = [copy.deepcopy(seed_doc.projects[k % 36]) for k in range(request.param)]
    for k, p in enumerate(doc.projects, 1):
        p.seq = k
    return import_document(doc, users.alice, org.unit_a)


#: Session, user, profile and the page's own queries, with a cold review cache (measured: 12;
#: the project page 16 for a reviewer), the same at 10 and at 1,000 projects.
MAX_QUERIES = 12


@pytest.mark.parametrize("name", ["alice", "bob", "carol"])
@pytest.mark.parametrize(
    "query",
    [{}, {"sort": "-score"}, {"score_min": 40, "score_max": 60}, {"q": "经费", "sort": "name"}],
)
def test_the_list_page_makes_a_bounded_number_of_queries(
    client, users, many, django_assert_max_num_queries, name, query
):
    from django.core.cache import cache

    cache.clear()  # the cold case: every document reviewed during the request
    client.force_login(getattr(users, name))
    # +1: the year filter's choices take one index lookup per year, and one to find no more;
    # +1: a keyset page reads its ids in order, then those rows (`keyset._rows`);
    # +1 for a reviewer: its scope, read once (`permissions.scope_departments`).
    with django_assert_max_num_queries(MAX_QUERIES + (3 if name == "bob" else 2)):
        r = client.get("/projects/", query)
    assert r.status_code == 200 and len(ids_on(r)) > 0


@pytest.mark.parametrize("name", ["alice", "bob", "carol", "dave"])
def test_the_home_page_makes_a_bounded_number_of_queries(
    client, users, many, django_assert_max_num_queries, name
):
    from django.core.cache import cache

    from jixiao.web.goals.models import RETURNED, SUBMITTED

    many.projects.filter(seq__lte=300).update(status=SUBMITTED)
    many.projects.filter(seq__lte=5).update(status=RETURNED)
    cache.clear()
    client.force_login(getattr(users, name))
    # +1: the home page of a unit or reviewer also lists its open rectification items;
    # +1 for a reviewer: the department parts (部门整体绩效目标) waiting for review;
    # +1: how many units the reviewer has (a keyset page of `HOME_UNITS` is listed);
    # +1: the counts by status are first counted up to `COUNT_LIMIT` (past it, one per status);
    # +1 for a reviewer: its scope, read once (`permissions.scope_departments`).
    with django_assert_max_num_queries(MAX_QUERIES + (5 if name == "bob" else 2)):
        r = client.get("/")
    assert r.status_code == 200


@pytest.mark.parametrize("name", ["alice", "bob", "carol"])
def test_the_project_page_makes_a_bounded_number_of_queries(
    client, users, many, django_assert_max_num_queries, name
):
    from django.core.cache import cache

    last = many.projects.order_by("-seq").first()
    cache.clear()
    client.force_login(getattr(users, name))
    # +1 for a reviewer: its scope, read once (`permissions.scope_departments`).
    with django_assert_max_num_queries(MAX_QUERIES + (5 if name == "bob" else 4)):
        r = client.get(f"/projects/{last.pk}/")
    assert r.status_code == 200 and last.name in r.content.decode()


def test_the_edit_page_makes_a_bounded_number_of_queries(
    client, users, many, django_assert_max_num_queries
):
    from django.core.cache import cache

    last = many.projects.order_by("-seq").first()
    cache.clear()
    client.force_login(users.alice)
    with django_assert_max_num_queries(MAX_QUERIES + 4):
        r = client.get(f"/projects/{last.pk}/edit/")
    assert r.status_code == 200 and 'name="ind-0-target"' in r.content.decode()


def test_past_the_unit_cap_the_unit_filter_is_a_code_box(client, users, seeded, org, monkeypatch):
    """A province's tens of thousands of units are not put on every list page: past
    `UNIT_CHOICES` the page asks for a unit code, which filters like picking the unit."""
    from jixiao.web.front import listing

    client.force_login(users.carol)
    body = client.get("/projects/").content.decode()
    assert '<select name="unit">' in body and 'name="unit_code"' not in body
    monkeypatch.setattr(listing, "UNIT_CHOICES", 1)
    body = client.get("/projects/").content.decode()
    assert '<select name="unit">' not in body and 'name="unit_code"' in body
    assert len(ids_on(client.get("/projects/", {"unit_code": org.unit_a.code}))) == 36
    assert ids_on(client.get("/projects/", {"unit_code": org.unit_b.code})) == []
    assert ids_on(client.get("/projects/", {"unit_code": "nope"})) == []


def test_the_reviewers_home_lists_its_units_a_page_at_a_time(client, users, seeded, monkeypatch):
    """A page of `HOME_UNITS` units by code, the rest one "下一页" away (keyset), so the home
    page of a province's reviewer costs what a county's does."""
    import re
    from html import unescape

    from jixiao.web.front import views

    client.force_login(users.bob)
    body = client.get("/").content.decode()
    assert "负责的单位（2）" in body and 'id="units-shown"' not in body
    assert body.count("/projects/?unit=") == 2 and "units_after=" not in body
    monkeypatch.setattr(views, "HOME_UNITS", 1)
    first = client.get("/")
    body = first.content.decode()
    assert "负责的单位（2）" in body and 'id="units-shown"' in body
    assert body.count("/projects/?unit=") == 1 and "units_before=" not in body
    nxt = unescape(re.search(r'href="\?(units_after=[^"#]+)#units" rel="next"', body).group(1))
    second = client.get("/?" + nxt)
    body = second.content.decode()
    assert body.count("/projects/?unit=") == 1 and "units_before=" in body
    assert 'rel="next"' not in body.split('id="units"')[1]
    shown = [*first.context["units"], *second.context["units"]]
    assert [u.code for u in shown] == sorted(u.code for u in views.visible_units(users.bob))
    # A cursor that does not decode is the first page, never an error.
    assert client.get("/", {"units_after": "garbage"}).context["units"] == first.context["units"]
