"""The permission policy: every role × action on one project, in one table."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jixiao.web import permissions as perm

pytestmark = pytest.mark.django_db

ACTIONS = perm.PROJECT_ACTIONS

# What each user may do to a project of unit A: ok, 403 (sees it, role may not) or 404.
MATRIX = """
          view  edit  submit return approve resolve adjust rectify answer delete code
alice     ok    ok    ok     403    403     ok      ok     403     ok     ok     ok
eve       404   404   404    404    404     404     404    404     404    404    404
bob       ok    403   403    ok     ok      403     403    ok      403    403    ok
grace     ok    403   403    ok     ok      403     403    ok      403    403    ok
frank     404   404   404    404    404     404     404    404     404    404    404
carol     ok    403   403    403    403     403     403    403     403    ok     403
dave      ok    403   403    403    403     403     403    403     403    403    403
"""

# What each user may do to unit A's goal document (compose: add, copy, reorder projects,
# edit the department part; evaluate: fill in the department-wide self-evaluation;
# submit, return, approve: the department part's workflow).
DOCUMENT_MATRIX = """
          view  create compose delete rollover evaluate submit return approve
alice     ok    ok     ok      ok     ok       ok       ok     403    403
eve       404   404    404     404    404      404      404    404    404
bob       ok    403    403     403    403      403      403    ok     ok
grace     ok    403    403     403    403      403      403    ok     ok
frank     404   404    404     404    404      404      404    404    404
carol     ok    ok     403     ok     ok       403      403    403    403
dave      ok    403    403     403    403      403      403    403    403
"""

# What each user may do outside any project: manage (regions, departments, units, users),
# read the audit log, import for unit A, change their own password.
SITE_MATRIX = """
          manage audit import password
alice     403    403   ok     ok
eve       403    403   403    ok
bob       403    403   403    ok
carol     ok     ok    ok     ok
dave      403    ok    403    ok
"""


def parse_matrix(text: str, actions: tuple[str, ...] = ACTIONS) -> dict[tuple[str, str], str]:
    header, *rows = [line.split() for line in text.strip().splitlines()]
    assert tuple(header) == actions
    return {
        (row[0], action): cell for row in rows for action, cell in zip(header, row[1:], strict=True)
    }


def outcome(user, project, action: str) -> str:
    try:
        perm.get_project_or_404(user, project.pk, action)
    except Http404:
        return "404"
    except PermissionDenied:
        return "403"
    return "ok"


def test_every_role_and_action_matches_the_matrix(users, project):
    expected = parse_matrix(MATRIX)
    actual = {(name, a): outcome(getattr(users, name), project, a) for name, a in expected}
    assert actual == expected


def document_outcome(user, document, action: str) -> str:
    try:
        perm.get_document_or_404(user, document.pk, action)
    except Http404:
        return "404"
    except PermissionDenied:
        return "403"
    return "ok"


def test_every_role_and_document_action_matches_the_matrix(users, seeded):
    expected = parse_matrix(DOCUMENT_MATRIX, perm.DOCUMENT_ACTIONS)
    actual = {(name, a): document_outcome(getattr(users, name), seeded, a) for name, a in expected}
    assert actual == expected


def test_site_actions_match_the_matrix(users, org):
    checks = {
        "manage": perm.can_manage,
        "audit": perm.can_view_audit,
        "import": lambda u: perm.can_import(u, org.unit_a),
        "password": perm.can_change_own_password,
    }
    expected = parse_matrix(SITE_MATRIX, tuple(checks))
    actual = {(name, a): "ok" if checks[a](getattr(users, name)) else "403" for name, a in expected}
    assert actual == expected


def test_can_agrees_with_the_matrix(users, project):
    for (name, action), cell in parse_matrix(MATRIX).items():
        assert perm.can(getattr(users, name), action, project) is (cell == "ok"), (name, action)


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("alice", 36),
        ("eve", 0),
        ("bob", 36),
        ("grace", 36),
        ("frank", 0),
        ("carol", 36),
        ("dave", 36),
    ],
)
def test_list_and_detail_agree(users, seeded, name, count):
    user = getattr(users, name)
    visible = perm.visible_projects(user)
    assert visible.count() == count
    for p in seeded.projects.all()[:3]:
        assert (outcome(user, p, perm.VIEW) == "ok") == visible.filter(pk=p.pk).exists()


def test_a_reviewer_of_a_department_does_not_see_other_departments(users, org, make_user, seed_doc):
    from jixiao.web.goals.imports import import_document

    import_document(seed_doc, users.eve, org.unit_b)
    assert set(perm.visible_units(users.grace)) == {org.unit_a}
    assert set(perm.visible_units(users.bob)) == {org.unit_a, org.unit_b}
    assert perm.visible_projects(users.grace).filter(document__unit=org.unit_b).count() == 0


def test_anonymous_and_roleless_users_see_nothing(seeded, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    plain = django_user_model.objects.create_user("nobody", password="x")
    assert perm.visible_projects(AnonymousUser()).count() == 0
    assert perm.visible_projects(plain).count() == 0


def test_a_superuser_without_profile_is_an_admin(seeded, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="x")
    assert perm.role_of(root) == "admin"
    assert perm.visible_projects(root).count() == 36


@pytest.mark.parametrize(
    ("name", "imports_a", "imports_b", "audit"),
    [
        ("alice", True, False, False),
        ("bob", False, False, False),
        ("carol", True, True, True),
        ("dave", False, False, True),
    ],
)
def test_import_and_audit_log_rights(users, org, name, imports_a, imports_b, audit):
    user = getattr(users, name)
    assert perm.can_import(user, org.unit_a) is imports_a
    assert perm.can_import(user, org.unit_b) is imports_b
    assert perm.can_view_audit(user) is audit
