"""The JSON API: every endpoint for every role, 401/403/404/409 and validation."""

from __future__ import annotations

import json

import pytest

from jixiao.core.formats.json_io import project_to_dict
from jixiao.web.audit.models import AuditEntry
from jixiao.web.goals import workflow
from jixiao.web.goals.models import APPROVED, RETURNED, SUBMITTED, Project

pytestmark = pytest.mark.django_db


def fresh(project):
    return Project.objects.get(pk=project.pk)


def to_status(project, status):
    Project.objects.filter(pk=project.pk).update(status=status)


# -- token and authentication -----------------------------------------------------------


def test_it_issues_a_token_for_a_good_password_and_stores_only_its_hash(client, users, password):
    from jixiao.web.accounts.models import ApiToken

    r = client.post(
        "/api/v1/token",
        json.dumps({"username": "alice", "password": password}),
        content_type="application/json",
    )
    assert r.status_code == 201
    token = r.json()["token"]
    row = ApiToken.objects.get(user=users.alice)
    assert row.key_hash != token and len(row.key_hash) == 64
    listing = client.get("/api/v1/projects", headers={"Authorization": f"Bearer {token}"})
    assert listing.status_code == 200
    assert AuditEntry.objects.filter(action="token.create", user=users.alice).count() == 1


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"username": "alice", "password": "wrong"}, 401, "用户名或密码不正确"),
        ({"username": "alice"}, 400, "请提供 username 和 password"),
        ("not json", 400, "不是有效的 JSON"),
    ],
)
def test_it_refuses_bad_credentials(client, users, body, status, message):
    data = body if isinstance(body, str) else json.dumps(body)
    r = client.post("/api/v1/token", data, content_type="application/json")
    assert r.status_code == status
    assert message in r.json()["error"]


def test_token_endpoint_only_accepts_post_and_delete(client):
    r = client.get("/api/v1/token")
    assert r.status_code == 405 and r["Allow"] == "POST, DELETE"


PATHS = [
    ("get", "projects"),
    ("get", "projects/{id}"),
    ("patch", "projects/{id}"),
    ("post", "projects/{id}/submit"),
    ("post", "projects/{id}/return"),
    ("post", "projects/{id}/approve"),
    ("get", "projects/{id}/findings"),
    ("get", "projects/{id}/comments"),
    ("get", "projects/{id}/versions"),
]


@pytest.mark.parametrize(("method", "path"), PATHS)
def test_anonymous_requests_get_401_json(api, project, method, path):
    client = api(None)
    call = getattr(client, method)
    r = (
        call(path.format(id=project.pk), {})
        if method != "get"
        else call(path.format(id=project.pk))
    )
    assert r.status == 401
    assert "Authorization: Bearer" in r.data["error"]
    assert fresh(project).version == 1


def test_a_wrong_token_gets_401(client, project):
    r = client.get("/api/v1/projects", headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401 and "令牌无效" in r.json()["error"]


def test_a_disabled_users_token_gets_401(api, users, project):
    alice = api(users.alice)
    users.alice.is_active = False
    users.alice.save()
    assert alice.get("projects").status == 401


def test_a_logged_in_browser_session_may_read_but_must_pass_csrf_to_write(users, project):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users.alice)
    assert browser.get(f"/api/v1/projects/{project.pk}").status_code == 200
    r = browser.patch(
        f"/api/v1/projects/{project.pk}",
        json.dumps({"purpose": "x", "version": 1}),
        content_type="application/json",
    )
    assert r.status_code == 403 and "CSRF" in r.json()["error"]
    assert fresh(project).purpose == "残疾人专职委员工资"


# -- list -------------------------------------------------------------------------------


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
def test_the_list_shows_each_role_its_own_scope(api, users, seeded, name, count):
    r = api(getattr(users, name)).get("projects")
    assert r.status == 200
    assert r.data["count"] == count
    assert len(r.data["results"]) == min(count, 50)


def test_the_list_is_paginated_and_filtered(api, users, seeded):
    to_status(seeded.projects.get(seq=2), SUBMITTED)
    alice = api(users.alice)
    page2 = alice.get("projects", page=2, page_size=10)
    assert page2.data["count"] == 36
    assert [p["seq"] for p in page2.data["results"]] == list(range(11, 21))
    first = alice.get("projects", page_size=1).data["results"][0]
    assert first["unit"] == {"code": "314003", "name": "唐山市曹妃甸区希望路街道办事处"}
    assert first["budget_total"] == "2.28" and first["year"] == 2022
    assert alice.get("projects", status="submitted").data["count"] == 1
    assert alice.get("projects", year=2022, unit="314003").data["count"] == 36
    assert alice.get("projects", year=2021).data["count"] == 0
    assert alice.get("projects", unit="315001").data["count"] == 0


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "二〇二二"}, "应为整数"),
        ({"status": "done"}, "status=“done”无效"),
        ({"page_size": 0}, "page_size"),
        ({"page": -1}, "page"),
    ],
)
def test_bad_list_parameters_get_400(api, users, seeded, params, message):
    r = api(users.alice).get("projects", **params)
    assert r.status == 400 and message in r.data["error"]


# -- detail -----------------------------------------------------------------------------


DETAIL = {
    "alice": 200,
    "eve": 404,
    "bob": 200,
    "grace": 200,
    "frank": 404,
    "carol": 200,
    "dave": 200,
}


@pytest.mark.parametrize(("name", "status"), DETAIL.items())
def test_the_detail_is_the_read_shape_plus_id_status_version(
    api, users, project, seed_doc, name, status
):
    r = api(getattr(users, name)).get(f"projects/{project.pk}")
    assert r.status == status
    if status == 200:
        expected = project_to_dict(seed_doc.projects[0]) | {
            "id": project.pk,
            "status": "draft",
            "version": 1,
            "budget_to_confirm": False,
        }
        assert r.data == expected
    else:
        assert r.data == {"error": "项目不存在"}


def test_an_unknown_project_is_404(api, users, seeded):
    assert api(users.carol).get("projects/999999").status == 404


# -- PATCH ------------------------------------------------------------------------------

PATCH = {
    "alice": 200,
    "eve": 404,
    "bob": 403,
    "grace": 403,
    "frank": 404,
    "carol": 403,
    "dave": 403,
}


@pytest.mark.parametrize(("name", "status"), PATCH.items())
def test_patch_by_role(api, users, project, name, status):
    r = api(getattr(users, name)).patch(
        f"projects/{project.pk}", {"purpose": "新的资金用途", "version": 1}
    )
    assert r.status == status
    stored = fresh(project)
    if status == 200:
        assert r.data["purpose"] == "新的资金用途" and r.data["version"] == 2
        assert stored.purpose == "新的资金用途"
    else:
        assert stored.purpose == "残疾人专职委员工资" and stored.version == 1


def test_a_stale_version_gets_409_and_overwrites_nothing(api, users, project):
    alice = api(users.alice)
    assert alice.patch(f"projects/{project.pk}", {"purpose": "甲", "version": 1}).status == 200
    r = alice.patch(f"projects/{project.pk}", {"purpose": "乙", "version": 1})
    assert r.status == 409
    assert "已被他人修改" in r.data["error"]
    assert fresh(project).purpose == "甲"


def test_patch_without_version_is_400(api, users, project):
    r = api(users.alice).patch(f"projects/{project.pk}", {"purpose": "x"})
    assert r.status == 400 and "version" in r.data["error"]


def test_patch_reports_bad_fields_in_chinese(api, users, project):
    r = api(users.alice).patch(
        f"projects/{project.pk}",
        {"version": 1, "name": "", "budget": {"total": "-1"}, "indicators": [{"target": 5}]},
    )
    assert r.status == 400
    assert r.data["error"].startswith(
        "修改内容有误：名称（name）：不能为空；预算（budget）预算数（total）："
    )
    assert "绩效指标（indicators）第 1 项 指标值（target）：应为文字" in r.data["error"]
    assert r.data["fields"] == {
        "name": "不能为空",
        "budget.total": "金额“-1”不能为负数",
        "indicators[1].target": "应为文字",
    }
    assert fresh(project).version == 1


def test_a_plan_cell_that_is_not_a_percentage_is_400_not_500(api, users, project):
    plan = [{"month": 3, "text": "四分之一"}, {"month": 12, "text": "100%"}]
    r = api(users.alice).patch(f"projects/{project.pk}", {"spending_plan": plan, "version": 1})
    assert r.status == 400
    assert r.data["fields"] == {"spending_plan[1].text": "“四分之一”不是百分比"}
    assert fresh(project).version == 1


def test_patch_in_submitted_status_is_409(api, users, project):
    to_status(project, SUBMITTED)
    r = api(users.alice).patch(f"projects/{project.pk}", {"purpose": "x", "version": 1})
    assert r.status == 409 and "只有草稿或已退回状态才能修改" in r.data["error"]


def test_patch_of_the_spending_plan_keeps_the_written_cells(api, users, project):
    plan = [
        {"month": 3, "text": ""},
        {"month": 6, "text": "40%"},
        {"month": 10, "text": ""},
        {"month": 12, "text": "100%"},
    ]
    r = api(users.alice).patch(f"projects/{project.pk}", {"spending_plan": plan, "version": 1})
    assert r.status == 200
    assert [c["text"] for c in r.data["spending_plan"]] == [None, "40%", None, "100%"]
    assert [c["percent"] for c in r.data["spending_curve"]] == ["0", "40", "40", "100"]


# -- transitions ------------------------------------------------------------------------

SUBMIT = {
    "alice": 200,
    "eve": 404,
    "bob": 403,
    "grace": 403,
    "frank": 404,
    "carol": 403,
    "dave": 403,
}
REVIEW = {
    "alice": 403,
    "eve": 404,
    "bob": 200,
    "grace": 200,
    "frank": 404,
    "carol": 403,
    "dave": 403,
}


@pytest.mark.parametrize(("name", "status"), SUBMIT.items())
def test_submit_by_role(api, users, project, name, status):
    r = api(getattr(users, name)).post(f"projects/{project.pk}/submit")
    assert r.status == status
    assert fresh(project).status == (SUBMITTED if status == 200 else "draft")
    if status == 200:
        assert r.data["status"] == SUBMITTED and r.data["version"] == 2


@pytest.mark.parametrize(("name", "status"), REVIEW.items())
def test_return_by_role(api, users, project, name, status):
    to_status(project, SUBMITTED)
    body = {"comments": [{"field": "purpose", "text": "资金用途过于笼统"}]}
    r = api(getattr(users, name)).post(f"projects/{project.pk}/return", body)
    assert r.status == status
    assert fresh(project).status == (RETURNED if status == 200 else SUBMITTED)
    assert fresh(project).comments.count() == (1 if status == 200 else 0)


@pytest.mark.parametrize(("name", "status"), REVIEW.items())
def test_approve_by_role(api, users, project, name, status):
    to_status(project, SUBMITTED)
    r = api(getattr(users, name)).post(f"projects/{project.pk}/approve")
    assert r.status == status
    assert fresh(project).status == (APPROVED if status == 200 else SUBMITTED)


def test_approving_a_draft_is_409(api, users, project):
    r = api(users.bob).post(f"projects/{project.pk}/approve")
    assert r.status == 409 and "只有已提交状态才能审核通过" in r.data["error"]


def test_a_transition_with_a_stale_version_is_409(api, users, project):
    r = api(users.alice).post(f"projects/{project.pk}/submit", {"version": 7})
    assert r.status == 409 and fresh(project).status == "draft"


def test_return_needs_comments(api, users, project):
    to_status(project, SUBMITTED)
    r = api(users.bob).post(f"projects/{project.pk}/return", {})
    assert r.status == 400 and "comments" in r.data["error"]
    r = api(users.bob).post(
        f"projects/{project.pk}/return", {"comments": [{"field": "nope", "text": "x"}]}
    )
    assert r.status == 409 and "字段“nope”不存在" in r.data["error"]


def test_the_full_cycle_through_the_api(api, users, project):
    alice, bob = api(users.alice), api(users.bob)
    pid = project.pk
    assert alice.post(f"projects/{pid}/submit").status == 200
    body = {"comments": [{"field": "indicator.target", "indicator": 1, "text": "目标值缺少单位"}]}
    assert bob.post(f"projects/{pid}/return", body).status == 200
    comments = alice.get(f"projects/{pid}/comments").data["comments"]
    assert [
        (c["field"], c["indicator"], c["text"], c["author"], c["submission"]) for c in comments
    ] == [("indicator.target", 1, "目标值缺少单位", "bob", 1)]
    current = alice.get(f"projects/{pid}").data
    indicators = current["indicators"]
    indicators[0]["target"] = "≥8人"
    r = alice.patch(f"projects/{pid}", {"indicators": indicators, "version": current["version"]})
    assert r.status == 200
    assert alice.post(f"projects/{pid}/submit").status == 200
    versions = bob.get(f"projects/{pid}/versions").data["versions"]
    assert [v["number"] for v in versions] == [1, 2]
    assert versions[1]["changes"] == [
        {"field": "indicator.target", "indicator": 1, "old": "≥100", "new": "≥8人"}
    ]
    assert bob.post(f"projects/{pid}/approve").data["status"] == APPROVED
    assert api(users.eve).get(f"projects/{pid}/versions").status == 404


# -- findings ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "status"), DETAIL.items())
def test_findings_by_role(api, users, project, name, status):
    r = api(getattr(users, name)).get(f"projects/{project.pk}/findings")
    assert r.status == status
    if status == 200:
        assert r.data["id"] == project.pk
        assert r.data["available"] is True
        assert r.data["findings"], "the seed's project 1 has known weaknesses"
        assert {f["project_seq"] for f in r.data["findings"]} <= {1, None}
        assert all(f["message"] for f in r.data["findings"])


def test_findings_of_a_project_match_the_review_of_the_document(api, users, project, seed_doc):
    from jixiao.core.review import review

    expected = [f.to_dict() for f in review(seed_doc).findings if f.project_seq == 1]
    got = [
        f
        for f in api(users.bob).get(f"projects/{project.pk}/findings").data["findings"]
        if f["project_seq"] == 1
    ]
    assert got == expected


def test_workflow_helpers_still_work_for_the_page_layer(users, project):
    workflow.submit(project, users.alice)
    assert fresh(project).submissions.count() == 1


def test_the_carryover_is_read_and_patched(api, users, project):
    alice = api(users.alice)
    r = alice.patch(f"projects/{project.pk}", {"version": 1, "budget": {"carryover": "0.28"}})
    assert r.status == 200, r.data
    assert r.data["budget"]["carryover"] == "0.28"
    assert alice.get(f"projects/{project.pk}").data["budget"]["carryover"] == "0.28"
    assert str(fresh(project).budget_carryover) == "0.28"
