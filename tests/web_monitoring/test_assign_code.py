"""An approved project without a 项目编码 (a layout with no code column) gets the code the
finance system assigned, once, from its page or the API; the payments import then matches
it, and until then says which projects have no code."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jixiao.web.audit.models import AuditEntry
from jixiao.web.audit.present import field_label
from jixiao.web.goals.models import Project
from jixiao.web.monitoring.models import Payment

from .test_monitoring_pages import confirm, upload

P1, P2 = "13021322P00000410179E", "13021322P000004101777"  # projects 1 and 2 of the seed
NEW = "13021322P00000499999X"
CSV = f"日期,项目编码,金额,摘要\n2022-03-15,{NEW},3000,发放 1 季度工资\n"


@pytest.fixture
def uncoded(project):
    """Project 1, approved, its code blank (as read from a layout without a code column)."""
    Project.objects.filter(pk=project.pk).update(code=None, status="approved")
    project.refresh_from_db()
    return project


def post_code(client, project, code, version=None):
    data = {"code": code, "version": version or project.version}
    return client.post(reverse("project_code", args=[project.pk]), data, follow=True)


def test_the_unit_records_the_code_and_payments_then_match(login, users, org, uncoded):
    client = login(users.alice)
    page = client.get(reverse("project", args=[uncoded.pk])).content.decode()
    assert 'id="code-form"' in page and "补录项目编码" in page
    r = post_code(client, uncoded, f" {NEW}\u200b ")  # pasted with blanks and a zero-width
    uncoded.refresh_from_db()
    assert uncoded.code == NEW and uncoded.status == "approved"
    assert f"已补录项目编码“{NEW}”" in r.content.decode()
    assert 'id="code-form"' not in r.content.decode()
    entry = AuditEntry.objects.get(action="project.code")
    assert (entry.username, entry.old, entry.new) == ("alice", {"code": None}, {"code": NEW})
    assert entry.get_action_display() == "补录项目编码"
    assert field_label("project.code", "code") == "项目编码"
    confirm(client, org.unit_a, upload(client, org.unit_a, CSV))
    assert list(Payment.objects.values_list("project_id", flat=True)) == [uncoded.pk]


def test_full_width_code_is_stored_in_ascii(login, users, uncoded):
    post_code(login(users.alice), uncoded, "１３０２１３２２Ｐ０００００４９９９９９Ｘ")
    uncoded.refresh_from_db()
    assert uncoded.code == NEW


def test_the_reviewer_may_record_it(login, users, uncoded):
    post_code(login(users.bob), uncoded, NEW)
    uncoded.refresh_from_db()
    assert uncoded.code == NEW


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (P2, f"项目编码“{P2}”与项目 2“"),  # project 2's code: unique within the unit's year
        (P2.lower(), f"项目编码“{P2}”与项目 2“"),  # a look-alike of project 2's code
        (NEW + "7", "有 22 位，应为 21 位"),
        ("13021322P0000049999", "有 19 位，应为 21 位"),
        ("13021323P00000499999X", "晚于文档年度 2022"),
        ("1302 1322P0000049999X", "中有空格"),
        ("   ", "项目编码不能为空"),
    ],
)
def test_a_bad_code_is_refused_in_chinese(login, users, uncoded, code, message):
    r = post_code(login(users.alice), uncoded, code)
    assert message in r.content.decode()
    uncoded.refresh_from_db()
    assert uncoded.code is None
    assert not AuditEntry.objects.filter(action="project.code").exists()


def test_a_code_is_never_replaced(login, users, uncoded):
    Project.objects.filter(pk=uncoded.pk).update(code=P1)
    r = post_code(login(users.alice), uncoded, NEW)
    assert "已有项目编码" in r.content.decode()
    uncoded.refresh_from_db()
    assert uncoded.code == P1


def test_only_approved_projects(login, users, project):
    Project.objects.filter(pk=project.pk).update(code="")
    r = post_code(login(users.alice), project, NEW)
    assert "只有已审核状态才能补录项目编码" in r.content.decode()


@pytest.mark.parametrize(("who", "status"), [("carol", 403), ("dave", 403), ("eve", 404)])
def test_others_may_not(login, users, uncoded, who, status):
    client = login(getattr(users, who))
    r = client.post(reverse("project_code", args=[uncoded.pk]), {"code": NEW})
    assert r.status_code == status
    uncoded.refresh_from_db()
    assert uncoded.code is None


def test_reader_sees_whom_to_ask(login, users, uncoded):
    page = login(users.dave).get(reverse("project", args=[uncoded.pk])).content.decode()
    assert 'id="code-missing"' in page and 'id="code-form"' not in page


def test_payments_preview_names_the_projects_without_a_code(login, users, org, uncoded):
    client = login(users.alice)
    r = upload(client, org.unit_a, CSV)
    assert len(r.context["preview"].unmatched) == 1
    body = r.content.decode()
    assert 'id="uncoded-hint"' in body and uncoded.name in body
    assert reverse("project", args=[uncoded.pk]) in body
    # Confirming with nothing matched refuses with the same hint.
    r = client.post(
        reverse("monitoring:payments_confirm", args=[org.unit_a.pk]),
        {"token": r.context["token"], "year": "2022"},
        follow=True,
    )
    assert "1 个项目没有项目编码" in r.content.decode()
    assert Payment.objects.count() == 0


def test_api_records_the_code(login, users, uncoded):
    client = login(users.alice)
    url = f"/api/v1/projects/{uncoded.pk}/code"
    r = client.post(url, {"code": P2}, content_type="application/json")
    assert r.status_code == 400 and "重复" in r.json()["error"]
    r = client.post(url, {"code": NEW}, content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["code"] == NEW
    r = client.post(url, {"code": NEW}, content_type="application/json")
    assert r.status_code == 409 and "已有项目编码" in r.json()["error"]


def test_api_payments_hint(login, users, uncoded):
    client = login(users.alice)
    data = {"file": _file(CSV)}
    r = client.post("/api/v1/payments", data)
    assert r.status_code == 200, r.content
    (row,) = r.json()["refused"]
    assert "没有项目编码" in row["reason"]


def _file(text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("p.csv", text.encode(), content_type="text/csv")


def test_a_pending_adjustment_keeps_the_code_and_stays_approvable(users, uncoded):
    from jixiao.web.adjustments.services import approve_adjustment, request_adjustment
    from jixiao.web.goals import workflow

    adj = request_adjustment(uncoded, users.alice, "追加预算", {"budget": {"total": "3.00"}})
    workflow.assign_code(uncoded, users.alice, NEW)
    approve_adjustment(adj, users.bob)
    uncoded.refresh_from_db()
    assert uncoded.code == NEW and uncoded.budget_amount == 3
