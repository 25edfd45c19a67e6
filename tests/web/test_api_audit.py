"""The audit log over the API: admins and auditors read it, nobody else."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "status"),
    [("alice", 403), ("eve", 403), ("bob", 403), ("frank", 403), ("carol", 200), ("dave", 200)],
)
def test_audit_log_by_role(api, users, project, name, status):
    assert (
        api(users.alice).patch(f"projects/{project.pk}", {"purpose": "新用途", "version": 1}).status
        == 200
    )
    r = api(getattr(users, name)).get("audit", object_type="project", object_id=str(project.pk))
    assert r.status == status
    if status == 200:
        assert r.data["count"] == 1
        (entry,) = r.data["results"]
        assert entry["action"] == "project.edit" and entry["username"] == "alice"
        assert entry["old"] == {"purpose": "残疾人专职委员工资"}
        assert entry["new"] == {"purpose": "新用途", "version": 2}


def test_the_auditor_changes_nothing(api, users, project):
    dave = api(users.dave)
    assert dave.patch(f"projects/{project.pk}", {"purpose": "x", "version": 1}).status == 403
    assert dave.post(f"projects/{project.pk}/submit").status == 403
    assert dave.post(f"projects/{project.pk}/approve").status == 403
    assert dave.post(f"projects/{project.pk}/return", {"comments": ["x"]}).status == 403
