"""The API's project list at scale: a count that stops at a bound (with ``count_exact``) and
pages in id order, the same order as the keyset walk (``after``), with and without ``q``."""

from __future__ import annotations

import pytest

from jixiao.web.front import counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def bound(monkeypatch):
    """Counts stop at 10 (a province's 1,000, at the seed's size)."""
    monkeypatch.setattr(counts, "COUNT_LIMIT", 10)
    monkeypatch.setattr(counts.bounded_count, "__defaults__", (10,))


def test_past_the_bound_the_count_says_it_is_not_exact(api, users, seeded, bound):
    r = api(users.carol).get("projects", page_size=5)
    assert r.status == 200
    assert r.data["count"] == 10 and r.data["count_exact"] is False
    assert len(r.data["results"]) == 5


def test_within_the_bound_the_count_is_exact(api, users, seeded, bound):
    alice = api(users.alice)
    found = alice.get("projects", q="计生").data
    assert 0 < found["count"] <= 10 and found["count_exact"] is True
    assert found["count"] == len(found["results"])
    none = alice.get("projects", q="不存在的项目名称").data
    assert none["count"] == 0 and none["count_exact"] is True and none["results"] == []


def test_the_default_bound_counts_the_seed_exactly(api, users, seeded):
    r = api(users.alice).get("projects")
    assert r.data["count"] == 36 and r.data["count_exact"] is True


def test_a_search_counts_to_its_own_lower_bound(api, users, seeded, monkeypatch):
    """With ``q`` the count stops at `SEARCH_COUNT_LIMIT` (a frequent word's matches at a
    million projects), without it at `COUNT_LIMIT`; the pages go on past either."""
    monkeypatch.setattr(counts, "SEARCH_COUNT_LIMIT", 3)
    alice = api(users.alice)
    everything = alice.get("projects").data
    assert everything["count"] == 36 and everything["count_exact"] is True
    found = alice.get("projects", q="经费", page_size=2).data
    assert found["count"] == 3 and found["count_exact"] is False
    assert len(_numbered(alice, q="经费")) > 3
    none = alice.get("projects", q="不存在的项目名称").data
    assert none["count"] == 0 and none["count_exact"] is True


def test_a_keyset_page_has_no_count(api, users, seeded, bound):
    page = api(users.alice).get("projects", after="0", q="经费").data
    assert "count" not in page and "count_exact" not in page


def _numbered(client, **params) -> list[int]:
    seen, page = [], 1
    while True:
        data = client.get("projects", page=str(page), page_size="4", **params).data
        if not data["results"]:
            return seen
        seen += [r["id"] for r in data["results"]]
        page += 1


def _keyset(client, **params) -> list[int]:
    seen, after = [], 0
    while after is not None:
        data = client.get("projects", after=str(after), page_size="4", **params).data
        seen += [r["id"] for r in data["results"]]
        after = data["next_after"]
    return seen


@pytest.mark.parametrize("q", ["", "经费", "13021322P0000041017", "410179E"])
def test_numbered_and_keyset_pages_walk_the_same_matches_in_id_order(api, users, seeded, q):
    from django.db.models import Q

    from jixiao.web.goals.models import Project

    alice = api(users.alice)
    matches = Project.objects.filter(Q(name__icontains=q) | Q(code__icontains=q))
    expected = sorted(matches.values_list("pk", flat=True))
    assert expected  # every query finds something in the seed
    assert _numbered(alice, q=q) == expected
    assert _keyset(alice, q=q) == expected


def test_a_match_past_the_bound_is_still_reached_by_walking(api, users, seeded, bound):
    """The count stops at 10; the pages still go on to the last of the 36 projects."""
    carol = api(users.carol)
    assert len(_numbered(carol)) == 36 and len(_keyset(carol)) == 36
