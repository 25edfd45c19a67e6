"""The API for setting up and writing from scratch: regions, units, users, documents,
new and deleted projects, roll-over."""

from __future__ import annotations

import pytest

from jixiao.web.audit.models import AuditEntry
from jixiao.web.goals import workflow
from jixiao.web.goals.models import GoalDocument, Project

pytestmark = pytest.mark.django_db


def test_the_admin_creates_a_region_a_unit_and_users(api, users, org):
    admin = api(users.carol)
    r = admin.post("regions", {"code": "130299", "name": "某新区", "parent": "130213"})
    assert r.status == 201 and r.data["parent"] == "130213"
    r = admin.post(
        "units", {"code": "314010", "name": "新单位", "region": "130213", "department": "314"}
    )
    assert r.status == 201 and r.data == {
        "id": r.data["id"],
        "code": "314010",
        "name": "新单位",
        "region": "130213",
        "department": "314",
    }
    r = admin.post(
        "users",
        {"username": "zhao", "password": "A-long-passw0rd", "role": "unit", "unit": "314010"},
    )
    assert r.status == 201 and r.data["unit"] == "314010"
    r = admin.post(
        "users",
        {"username": "qian", "password": "A-long-passw0rd", "role": "reviewer", "region": "130299"},
    )
    assert r.status == 201 and r.data["region"] == ["130299"]
    created = {e.action for e in AuditEntry.objects.filter(username="carol")}
    assert {"region.create", "unit.create", "user.create"} <= created


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("regions", {"code": "130213", "name": "x"}, "区划编码“130213”已存在"),
        ("regions", {"code": "1", "name": "x", "parent": "nope"}, "财政区划“nope”不存在"),
        (
            "units",
            {"code": "9", "name": "x", "region": "130213", "department": "401"},
            "没有主管部门编码“401”",
        ),
        (
            "units",
            {"code": "314003", "name": "x", "region": "130213", "department": "314"},
            "已存在",
        ),
        ("units", {"code": "9", "name": "x"}, "请提供 区划（region）"),
        (
            "users",
            {"username": "u", "password": "A-long-passw0rd", "role": "unit"},
            "填报人必须指定所属单位",
        ),
        ("users", {"username": "u", "password": "short", "role": "auditor"}, "密码不合要求"),
        (
            "users",
            {"username": "u", "password": "A-long-passw0rd", "role": "boss"},
            "角色“boss”不存在",
        ),
    ],
)
def test_bad_setup_requests_are_400_with_a_chinese_message(api, users, path, data, message):
    r = api(users.carol).post(path, data)
    assert r.status == 400 and message in r.data["error"]


@pytest.mark.parametrize("name", ["alice", "bob", "dave"])
def test_only_the_admin_sets_up(api, users, name):
    client = api(getattr(users, name))
    assert client.post("regions", {"code": "1", "name": "x"}).status == 403
    assert (
        client.post(
            "units", {"code": "1", "name": "x", "region": "130213", "department": "314"}
        ).status
        == 403
    )
    assert client.post("users", {"username": "u", "password": "p", "role": "admin"}).status == 403


def test_a_unit_writes_a_document_and_projects_through_the_api(api, users, org, client):
    alice = api(users.alice)
    r = alice.post("documents", {"unit": "314003", "year": 2023, "money_unit": "万元"})
    assert r.status == 201 and r.data["year"] == 2023 and r.data["projects"] == 0
    doc_id = r.data["id"]
    assert alice.post("documents", {"unit": "314003", "year": 2023}).status == 409
    assert alice.post("documents", {"unit": "315001", "year": 2023}).status == 400  # not visible
    body = {
        "name": "社区养老服务",
        "code": "13021323P00000410001A",
        "budget": {"total": "12.50", "fiscal": "12.50"},
        "purpose": "日间照料",
        "spending_plan": [{"month": 6, "text": "50%"}, {"month": 12, "text": "100%"}],
        "goals": ["完成日间照料服务"],
        "indicators": [
            {
                "level1": "产出指标",
                "level2": "数量指标",
                "name": "服务人次",
                "target": "≥1000人次",
                "basis": "计划标准",
            }
        ],
        "id": 999,
        "status": "approved",  # read-only keys are ignored
    }
    r = alice.post(f"documents/{doc_id}/projects", body)
    assert r.status == 201, r.data
    assert r.data["status"] == "draft" and r.data["seq"] == 1 and r.data["id"] != 999
    assert r.data["indicators"][0]["target"]["comparator"] == ">="
    project_id = r.data["id"]
    again = alice.get(f"projects/{project_id}").data
    second = alice.post(f"documents/{doc_id}/projects", again)  # a GET result posts as is
    assert second.status == 201 and second.data["seq"] == 2
    bad = alice.post(f"documents/{doc_id}/projects", {"name": "x", "budget": {"total": "abc"}})
    assert bad.status == 400 and "budget.total" in bad.data["fields"]
    assert alice.post(f"documents/{doc_id}/projects", {}).status == 400
    listing = alice.get("documents", year=2023)
    assert listing.data["count"] == 1 and listing.data["results"][0]["projects"] == 2
    detail = alice.get(f"documents/{doc_id}")
    assert [p["name"] for p in detail.data["project_list"]] == ["社区养老服务", "社区养老服务"]
    assert api(users.eve).get(f"documents/{doc_id}").status == 404
    assert api(users.eve).get("documents").data["count"] == 0
    assert api(users.bob).post(f"documents/{doc_id}/projects", body).status == 403


def test_deleting_is_204_in_draft_and_409_after_submission(api, users, org):
    alice = api(users.alice)
    doc_id = alice.post("documents", {"unit": "314003", "year": 2023}).data["id"]
    a = alice.post(f"documents/{doc_id}/projects", {"name": "甲"}).data["id"]
    b = alice.post(f"documents/{doc_id}/projects", {"name": "乙"}).data["id"]
    assert alice.client.delete(f"/api/v1/projects/{b}", headers=alice.headers).status_code == 204
    assert not Project.objects.filter(pk=b).exists()
    workflow.submit(Project.objects.get(pk=a), users.alice)
    r = alice.client.delete(f"/api/v1/projects/{a}", headers=alice.headers)
    assert r.status_code == 409 and "只有草稿才能删除" in r.json()["error"]
    r = alice.client.delete(f"/api/v1/documents/{doc_id}", headers=alice.headers)
    assert r.status_code == 409
    bob = api(users.bob)
    assert bob.client.delete(f"/api/v1/documents/{doc_id}", headers=bob.headers).status_code == 403


def test_a_draft_document_is_deleted(api, users, seeded):
    carol = api(users.carol)
    r = carol.client.delete(f"/api/v1/documents/{seeded.pk}", headers=carol.headers)
    assert r.status_code == 204 and not GoalDocument.objects.exists()
    r = carol.client.delete(f"/api/v1/documents/{seeded.pk}", headers=carol.headers)
    assert r.status_code == 404 and r.json()["error"] == "文档不存在"


def test_rollover_through_the_api(api, users, seeded):
    alice = api(users.alice)
    r = alice.post(f"documents/{seeded.pk}/rollover", {"year": 2023, "renumber": True})
    assert r.status == 201
    assert len(r.data["projects"]) == 36
    first = r.data["projects"][0]
    assert first["old_code"] == "13021322P00000410179E"
    assert first["code"] == "13021323P00000410179E"
    assert first["budget_to_confirm"] is True and first["status"] == "draft"
    assert r.data["report"][0].startswith("已从 2022 年度复制到 2023 年度：36 个项目")
    assert alice.get(f"projects/{first['id']}").data["budget_to_confirm"] is True
    assert alice.post(f"documents/{seeded.pk}/rollover", {"year": 2023}).status == 409
    bad = alice.post(f"documents/{seeded.pk}/rollover", {"year": "next"})
    assert bad.status == 400 and "预算年度应为" in bad.data["error"]
    assert api(users.dave).post(f"documents/{seeded.pk}/rollover", {"year": 2024}).status == 403
