"""The project list's keyset pages: every project exactly once, in order, both ways."""

from __future__ import annotations

import copy
import html
import re

import pytest

pytestmark = pytest.mark.django_db

#: 70 projects at 20 a page: four pages, the last one short.
N = 70


def ids_on(response) -> list[int]:
    return [int(x) for x in re.findall(r'data-project="(\d+)"', response.content.decode())]


def link(response, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]*)" rel="{rel}">', response.content.decode())
    return "/projects/" + html.unescape(found.group(1)) if found else None


@pytest.fixture
def listed(client, org, users, seed_doc):
    """Unit A's document with `N` projects, all changed at the same instant (every tie in
    the default order is broken by id), and carol (admin) logged in."""
    from jixiao.web.goals.imports import import_document

    doc = copy.deepcopy(seed_doc)
    doc.projects = [copy.deepcopy(seed_doc.projects[k % 36]) for k in range(N)]
    for k, p in enumerate(doc.projects, 1):
        p.seq = k
    stored = import_document(doc, users.alice, org.unit_a)
    first = stored.projects.order_by("id").first()
    stored.projects.update(updated_at=first.updated_at)
    client.force_login(users.carol)
    return stored


def walk_forward(client, query: dict) -> tuple[list[list[int]], object]:
    pages, r = [], client.get("/projects/", {"per": 20, **query})
    pages.append(ids_on(r))
    while (nxt := link(r, "next")) is not None:
        r = client.get(nxt)
        assert r.status_code == 200
        pages.append(ids_on(r))
    return pages, r


def walk_back(client, last) -> list[list[int]]:
    pages, r = [], last
    while (prev := link(r, "prev")) is not None:
        r = client.get(prev)
        assert r.status_code == 200
        pages.append(ids_on(r))
    return pages


def expected(stored, sort: str) -> list[int]:
    """The list's order computed in Python: column then id, NULLs after every value."""
    from jixiao.web.front.listing import SORTS

    column, desc = ("updated_at", True) if not sort else (SORTS[sort.lstrip("-")][1], "-" in sort)
    rows = list(stored.projects.all())
    present = sorted(
        (p for p in rows if getattr(p, column) is not None),
        key=lambda p: (getattr(p, column), p.pk),
        reverse=desc,
    )
    nulls = sorted((p for p in rows if getattr(p, column) is None), key=lambda p: p.pk)
    nulls = nulls[::-1] if desc else nulls
    return [p.pk for p in (nulls + present if desc else present + nulls)]


@pytest.mark.parametrize("sort", ["", "code", "-code", "name", "-budget", "status"])
def test_walking_forward_and_back_sees_every_project_once_in_order(client, listed, sort):
    listed.projects.filter(seq__in=[3, 40, 41]).update(code=None)  # NULLs sort last
    listed.projects.filter(seq__lte=10).update(budget_amount=None)
    order = expected(listed, sort)
    forward, last = walk_forward(client, {"sort": sort} if sort else {})
    assert [len(p) for p in forward] == [20, 20, 20, 10]
    assert [pk for page in forward for pk in page] == order
    back = walk_back(client, last)
    assert back == forward[-2::-1]


def test_inserts_during_a_walk_neither_repeat_nor_skip_a_project(client, listed):
    from jixiao.web.goals.models import Project

    order = expected(listed, "code")
    pages, r = [], client.get("/projects/", {"per": 20, "sort": "code"})
    pages.append(ids_on(r))
    template = listed.projects.get(seq=1)
    for code in ("0" * 21, "9" * 21, "13021322P00000410179F"):  # before, after, in between
        template.pk = None
        template.code = code
        template.save()
    while (nxt := link(r, "next")) is not None:
        r = client.get(nxt)
        pages.append(ids_on(r))
    seen = [pk for page in pages for pk in page]
    assert len(seen) == len(set(seen))
    originals = [pk for pk in seen if pk in set(order)]
    assert originals == order
    new = set(Project.objects.filter(code__in=["9" * 21]).values_list("pk", flat=True))
    assert new <= set(seen)  # a project inserted ahead of the cursor is reached


def test_a_new_project_in_the_default_order_comes_first_and_shifts_nothing(client, listed):
    forward, _ = walk_forward(client, {})
    r = client.get("/projects/", {"per": 20})
    nxt = link(r, "next")
    template = listed.projects.get(seq=1)
    template.pk = None
    template.save()  # changed now: first in the default order
    assert ids_on(client.get(nxt)) == forward[1]
    assert ids_on(client.get("/projects/", {"per": 20}))[0] == template.pk


@pytest.mark.parametrize(
    "cursor", ["x", "!!!", "W10", "WzEsMl0", "WyJ4IiwxXQ", "WyIyMDIwIiwidHJ1ZSJd", "A" * 5000]
)
def test_a_cursor_that_does_not_decode_shows_the_first_page(client, listed, cursor):
    first = ids_on(client.get("/projects/", {"per": 20}))
    for key in ("after", "before"):
        r = client.get("/projects/", {"per": 20, key: cursor})
        assert r.status_code == 200 and ids_on(r) == first


def test_past_the_end_the_page_is_empty_and_offers_the_first_page(client, listed):
    from jixiao.web.front.keyset import Order, encode

    last = listed.projects.order_by("updated_at", "id").first()
    r = client.get("/projects/", {"after": encode(last, Order("updated_at", desc=True))})
    assert r.status_code == 200 and ids_on(r) == []


def test_a_count_past_the_bound_says_more_than(client, listed, monkeypatch):
    from jixiao.web.front import counts

    monkeypatch.setattr(counts, "COUNT_LIMIT", 50)
    monkeypatch.setattr(counts.bounded_count, "__defaults__", (50,))
    text = client.get("/projects/").content.decode()
    assert "超过 50 个" in text and f"共 {N} 个" not in text
    monkeypatch.setattr(counts.bounded_count, "__defaults__", (100,))
    assert f"共 {N} 个" in client.get("/projects/").content.decode()


def test_a_search_walks_its_matches_once_in_order_across_ties(client, listed):
    """Every project changed at the same instant: a search's pages are ordered by id alone,
    and walking them forward and back sees each match once."""
    from jixiao.web.goals.models import Project
    from jixiao.web.goals.search import search_projects

    matches = search_projects(Project.objects.all(), "经费").values_list("pk", flat=True)
    order = sorted(matches, reverse=True)  # updated_at (all equal) descending, then id
    assert len(order) > 20  # more than a page
    forward, last = walk_forward(client, {"q": "经费"})
    assert [pk for page in forward for pk in page] == order
    assert walk_back(client, last) == forward[-2::-1]
