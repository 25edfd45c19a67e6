"""The project list and detail cost the same number of queries at 10 and 1,000 projects."""

from __future__ import annotations

import copy

import pytest

pytestmark = pytest.mark.django_db

MAX_QUERIES = 6


@pytest.fixture(params=[10, 1000])
def many(request, org, users, seed_doc):
    """A document for unit A with ``n`` projects (the seed's, repeated)."""
    from jixiao.web.goals.imports import import_document

    doc = copy.deepcopy(seed_doc)
    doc.projects = [copy.deepcopy(seed_doc.projects[k % 36]) for k in range(request.param)]
    for k, p in enumerate(doc.projects, 1):
        p.seq = k
    document = import_document(doc, users.alice, org.unit_a)
    assert document.projects.count() == request.param
    return document


@pytest.mark.parametrize("name", ["alice", "bob", "carol"])
def test_the_list_makes_a_bounded_number_of_queries(
    api, users, many, django_assert_max_num_queries, name
):
    client = api(getattr(users, name))
    client.get("projects")  # the token's first use records last_used once
    with django_assert_max_num_queries(MAX_QUERIES):
        r = client.get("projects", page_size=500)
    assert r.status == 200 and r.data["count"] == many.projects.count()
    assert len(r.data["results"]) == min(500, many.projects.count())


@pytest.mark.parametrize("name", ["alice", "bob", "carol"])
def test_the_detail_makes_a_bounded_number_of_queries(
    api, users, many, django_assert_max_num_queries, name
):
    client = api(getattr(users, name))
    last = many.projects.order_by("-seq").first()
    client.get("projects")
    with django_assert_max_num_queries(MAX_QUERIES):
        r = client.get(f"projects/{last.pk}")
    assert r.status == 200 and r.data["seq"] == many.projects.count()
