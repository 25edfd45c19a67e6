"""The audit log page: admins and auditors read it; everybody else gets 403."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["carol", "dave"])
def test_admins_and_auditors_read_every_write(client, users, project, name):
    from jixiao.web.goals import workflow

    workflow.edit(project, users.alice, {"purpose": "新的资金用途"}, version=1)
    workflow.submit(project, users.alice)
    client.force_login(getattr(users, name))
    r = client.get("/audit/")
    assert r.status_code == 200
    html = r.content.decode()
    actions = re.findall(r'data-action="([\w.]+)"', html)
    assert actions[0] == "login"  # the page's reader logging in is itself audited
    assert actions[1:4] == ["project.submit", "project.edit", "document.import"]
    assert "新的资金用途" in html and "残疾人专职委员工资" in html  # new and old values
    r = client.get("/audit/", {"action": "project.edit"})
    assert re.findall(r'data-action="([\w.]+)"', r.content.decode()) == ["project.edit"]


@pytest.mark.parametrize("name", ["alice", "bob"])
def test_others_get_403(client, users, name):
    client.force_login(getattr(users, name))
    assert client.get("/audit/").status_code == 403
