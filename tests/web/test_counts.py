"""Bounded counts (`front.counts`): exact up to the bound, "more than" past it, several in
one query."""

from __future__ import annotations

import pytest

from jixiao.web.front.counts import BoundedCount, bounded_count, bounded_counts

pytestmark = pytest.mark.django_db


def test_several_counts_in_one_query_agree_with_one_at_a_time(seeded, django_assert_num_queries):
    from jixiao.web.goals.models import Project

    seeded.projects.filter(seq__lte=3).update(status="submitted")
    querysets = {
        "all": Project.objects.all(),
        "submitted": Project.objects.filter(status="submitted"),
        "none": Project.objects.none(),
        "empty_in": Project.objects.filter(pk__in=[]),
        "draft": Project.objects.filter(status="draft"),
    }
    with django_assert_num_queries(1):
        found = bounded_counts(querysets, limit=10)
    assert list(found) == list(querysets)
    assert found == {
        "all": BoundedCount(10, True),
        "submitted": BoundedCount(3),
        "none": BoundedCount(0),
        "empty_in": BoundedCount(0),
        "draft": BoundedCount(10, True),
    }
    assert found == {k: bounded_count(qs, 10) for k, qs in querysets.items()}
    assert bounded_counts(querysets, limit=36)["all"] == BoundedCount(36)
    assert bounded_counts({"none": Project.objects.none()}) == {"none": BoundedCount(0)}


def test_the_home_page_says_more_than_past_the_bound(client, users, seeded, monkeypatch):
    from jixiao.web.front import counts

    seeded.projects.filter(seq__lte=12).update(status="submitted")
    monkeypatch.setattr(counts.bounded_counts, "__defaults__", (10,))
    monkeypatch.setattr(counts.bounded_count, "__defaults__", (10,))
    client.force_login(users.bob)
    r = client.get("/")
    assert r.context["queue_count"] == BoundedCount(10, True)
    assert "待审核（10+）" in r.content.decode()
