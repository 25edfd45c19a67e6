"""Every changed field on the audit page is named in Chinese, whatever wrote the entry."""

from __future__ import annotations

import datetime
import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_audit_page_names_every_field_in_chinese(client, users, seeded, password):
    from jixiao.web.adjustments.services import request_adjustment
    from jixiao.web.goals import drafting, workflow
    from jixiao.web.rectification import services as rectification

    client.post("/login/", {"username": "eve", "password": "Wrong-passw0rd"})  # login.failed
    client.post("/login/", {"username": "alice", "password": password})  # login
    client.get("/audit/")  # access.denied
    client.get("/export/", {"project": seeded.projects.get(seq=1).pk, "format": "xlsx"})  # export
    added = drafting.add_project(seeded, users.alice)  # project.create
    drafting.move_project(added, users.alice, -1)  # project.move
    project = seeded.projects.get(seq=2)
    due = datetime.date(2023, 6, 30)
    rectification.create(project, users.bob, "review", "补充满意度指标", due)
    approved = seeded.projects.get(seq=3)
    workflow.submit(approved, users.alice)
    workflow.approve(approved, users.bob)
    request_adjustment(approved, users.alice, "追加预算", {"purpose": "新的资金用途"})
    client.force_login(users.dave)
    html = client.get("/audit/", {"page_size": 100}).content.decode()
    names = set(
        re.findall(r'<li data-field="[^"]*" data-kind="\w+"><strong>([^<]*)</strong>', html)
    )
    assert names, "the page lists changed fields"
    assert {n for n in names if re.fullmatch(r"[\x00-\x7f]+", n)} == set()
    values = re.findall(r"<ins>([^<]*)</ins>", html)
    assert "审核发现问题" in values and "资金用途" in values  # not review, purpose
