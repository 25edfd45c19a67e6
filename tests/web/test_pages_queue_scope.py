"""The reviewer's queue and scope: each reviewer sees the submitted projects of exactly the
units of its regions and departments, however the scope is made up (regions, departments,
both), on the home page, in the list and through `permissions`."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_units(org, users, seed_doc):
    """The seed imported for units A, B and C; projects 1–3 of each submitted."""
    from jixiao.web.goals.imports import import_document
    from jixiao.web.goals.models import SUBMITTED

    docs = {
        "a": import_document(seed_doc, users.alice, org.unit_a),
        "b": import_document(seed_doc, users.eve, org.unit_b),
        "c": import_document(seed_doc, users.carol, org.unit_c),
    }
    for doc in docs.values():
        doc.projects.filter(seq__lte=3).update(status=SUBMITTED)
    return docs


def _reviewers(org, users, make_user):
    """name → (reviewer, the codes of the units it must see)."""
    return {
        "bob": (users.bob, {"314003", "315001"}),  # a region: both its departments
        "grace": (users.grace, {"314003"}),  # one department
        "frank": (users.frank, {"401001"}),  # the other region
        "heidi": (  # a department of one region and the whole other region
            make_user("heidi", "reviewer", departments=[org.dept_b], regions=[org.other_region]),
            {"315001", "401001"},
        ),
    }


def test_each_reviewer_sees_exactly_the_units_of_its_scope(org, users, make_user, three_units):
    from jixiao.web.goals.models import Project
    from jixiao.web.permissions import visible_projects, visible_units

    for name, (user, codes) in _reviewers(org, users, make_user).items():
        assert set(visible_units(user).values_list("code", flat=True)) == codes, name
        expected = Project.objects.filter(document__unit__code__in=codes)
        assert set(visible_projects(user).values_list("pk", flat=True)) == set(
            expected.values_list("pk", flat=True)
        ), name


def test_each_reviewers_home_queue_holds_the_submitted_projects_of_its_scope(
    client, org, users, make_user, three_units
):
    for name, (user, codes) in _reviewers(org, users, make_user).items():
        client.force_login(user)
        r = client.get("/")
        assert r.status_code == 200, name
        queue = r.context["queue"]
        assert {p.document.unit.code for p in queue} == codes, name
        assert len(queue) == 3 * len(codes) and all(p.status == "submitted" for p in queue)
        assert r.context["queue_count"].n == 3 * len(codes), name
        assert {u.code for u in r.context["units"]} == codes, name
        assert r.context["unit_count"].n == len(codes), name
        listed = client.get("/projects/", {"status": "submitted"})
        assert listed.context["count"].n == 3 * len(codes), name


def test_a_changed_scope_shows_at_once(org, users, three_units):
    from jixiao.web.accounts.services import update_user
    from jixiao.web.permissions import visible_units

    grace = users.grace
    assert set(visible_units(grace).values_list("code", flat=True)) == {"314003"}
    update_user(grace, regions=[org.other_region], departments=[org.dept_a], by=users.carol)
    assert set(visible_units(grace).values_list("code", flat=True)) == {"314003", "401001"}


def test_past_the_id_list_bound_the_scope_is_a_subquery(org, users, three_units, monkeypatch):
    from jixiao.web import permissions

    monkeypatch.setattr(permissions, "SCOPE_IDS", 1)
    bob = users.bob
    bob.profile.__dict__.pop("_scope_departments", None)
    scope = permissions.scope_departments(bob)
    assert not isinstance(scope, list)  # 2 departments > 1: left to the database
    assert set(permissions.visible_units(bob).values_list("code", flat=True)) == {
        "314003",
        "315001",
    }
