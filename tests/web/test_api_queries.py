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


def test_search_and_keyset_pagination_walk_every_project_once(api, users, seeded):
    alice = api(users.alice)
    found = alice.get("projects", q="工资").data
    assert found["count"] > 0 and all("工资" in r["name"] for r in found["results"])
    by_code = alice.get("projects", q=seeded.projects.get(seq=3).code).data
    assert [r["seq"] for r in by_code["results"]] == [3]
    seen, after = [], 0
    while after is not None:
        page = alice.get("projects", after=str(after), page_size="7").data
        assert "count" not in page
        seen += [r["id"] for r in page["results"]]
        after = page["next_after"]
    assert seen == sorted(seeded.projects.values_list("id", flat=True))
    assert len(seen) == 36
    # a project edited while walking is not skipped or repeated: keys are ids
    assert alice.get("projects", after="-1").status == 400
    assert alice.get("projects", after="9" * 30).status == 400
    empty = alice.get("projects", after=str(max(seen))).data
    assert empty["results"] == [] and empty["next_after"] is None
