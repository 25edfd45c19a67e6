"""The department part through the typed API: GET and PATCH /api/v1/documents/{id}."""

from __future__ import annotations

import pytest

from jixiao.web.audit.models import AuditEntry
from jixiao.web.goals import department

pytestmark = pytest.mark.django_db

INDICATOR = {
    "level1": "产出指标",
    "level2": "数量指标",
    "name": "服务老人人数",
    "target": "≥1000人",
    "basis": "历史标准",
}


def _document(api, users):
    alice = api(users.alice)
    doc_id = alice.post("documents", {"unit": "314003", "year": 2023}).data["id"]
    alice.post(f"documents/{doc_id}/projects", {"name": "社区养老服务"})
    return alice, doc_id


def test_a_unit_changes_its_department_part(api, users, org):
    alice, doc_id = _document(api, users)
    before = alice.get(f"documents/{doc_id}").data
    assert before["version"] == 1 and before["department_status"] == "draft"
    assert before["indicators"] == [] and before["overall_goals"] == []
    r = alice.patch(
        f"documents/{doc_id}",
        {
            "version": 1,
            "overall_goals": ["提升为老服务水平", "  "],
            "project_summaries": [{"seq": 1, "text": "为辖区老人提供日间照料"}],
            "measures": ["加强组织领导"],
            "indicators": [INDICATOR],
        },
    )
    assert r.status == 200, r.data
    assert r.data["version"] == 2
    assert r.data["overall_goals"] == ["提升为老服务水平"]
    assert r.data["project_summaries"] == [
        {"seq": 1, "name": "社区养老服务", "text": "为辖区老人提供日间照料"}
    ]
    assert r.data["measures"] == ["加强组织领导"]
    assert r.data["indicators"][0]["name"] == "服务老人人数"
    assert r.data["indicators"][0]["target"] == {
        "text": "≥1000人",
        "comparator": ">=",
        "value": "1000",
        "unit": "人",
        "upper": None,
    }
    assert alice.get(f"documents/{doc_id}").data["indicators"] == r.data["indicators"]
    # A key left out stays as it is.
    r = alice.patch(f"documents/{doc_id}", {"version": 2, "measures": []})
    assert r.data["measures"] == [] and r.data["overall_goals"] == ["提升为老服务水平"]
    entry = AuditEntry.objects.filter(action="document.edit").order_by("-id").first()
    assert entry.old == {"measures": ["加强组织领导"]} and entry.new["version"] == 3


def test_a_stale_version_is_409_and_bad_input_is_400(api, users, org):
    alice, doc_id = _document(api, users)
    assert alice.patch(f"documents/{doc_id}", {"version": 1, "measures": ["a"]}).status == 200
    r = alice.patch(f"documents/{doc_id}", {"version": 1, "measures": ["b"]})
    assert r.status == 409 and "已被他人修改" in r.data["error"]
    assert alice.patch(f"documents/{doc_id}", {"measures": ["b"]}).status == 400  # no version
    r = alice.patch(f"documents/{doc_id}", {"version": 2, "indicators": [{"nom": "x"}]})
    assert r.status == 400 and "indicators[1].nom" in r.data["fields"]
    r = alice.patch(
        f"documents/{doc_id}", {"version": 2, "project_summaries": [{"seq": 9, "text": "x"}]}
    )
    assert r.status == 400 and "没有序号为 9 的项目" in r.data["error"]
    r = alice.patch(f"documents/{doc_id}", {"version": 2, "overall_goals": "不是列表"})
    assert r.status == 400


def test_only_the_unit_in_draft_may_patch(api, users, org):
    alice, doc_id = _document(api, users)
    for name in ("bob", "carol", "dave"):
        assert api(getattr(users, name)).patch(f"documents/{doc_id}", {"version": 1}).status == 403
    assert api(users.eve).patch(f"documents/{doc_id}", {"version": 1}).status == 404
    from jixiao.web.goals.models import GoalDocument

    GoalDocument.objects.filter(pk=doc_id).update(overall_goals=["提升服务水平"])
    department.submit(GoalDocument.objects.get(pk=doc_id), users.alice)
    r = alice.patch(f"documents/{doc_id}", {"version": 2, "measures": ["x"]})
    assert r.status == 403 and "已提交" in r.data["error"]
    assert alice.get(f"documents/{doc_id}").data["department_status"] == "submitted"
    # Submitted department parts keep the document from being deleted.
    assert (
        alice.client.delete(f"/api/v1/documents/{doc_id}", headers=alice.headers).status_code == 409
    )


def test_the_generated_schema_documents_the_document_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/documents/{pk}"]) == {"get", "patch", "delete"}
    assert "post" in paths["/api/v1/documents/{pk}/rollover"]
    detail = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["DocumentDetail"]
    assert {"overall_goals", "project_summaries", "measures", "indicators", "version"} <= set(
        detail["properties"]
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"measures": ["措" * 20001]}, "工作保障措施第 1 条：文字过长（20001 字，最多 20000 字）"),
        ({"overall_goals": ["目标"] * 1001}, "总体绩效目标（overall_goals）太长"),
        (
            {"indicators": [{**INDICATOR, "name": "名" * 301}]},
            "第 1 个指标的三级指标（indicators[1].name）：文字过长",
        ),
        ({"indicators": [{**INDICATOR, "weight": "5000"}]}, "超出范围"),
        ({"project_summaries": [{"seq": 1, "text": "分" * 20001}]}, "项目 1 的分项绩效目标"),
        ({"measures": [1, 2]}, "应为文本"),
    ],
)
def test_a_department_part_beyond_the_bounds_is_400_and_changes_nothing(
    api, users, org, change, message
):
    alice, doc_id = _document(api, users)
    r = alice.patch(f"documents/{doc_id}", {"version": 1, **change})
    assert r.status == 400 and message in r.data["error"], r.data
    after = alice.get(f"documents/{doc_id}").data
    assert after["version"] == 1 and after["measures"] == [] and after["indicators"] == []
    assert not AuditEntry.objects.filter(action="document.edit").exists()


def test_another_units_document_is_404_and_a_stale_version_409(api, users, org):
    alice, doc_id = _document(api, users)
    r = api(users.eve).patch(f"documents/{doc_id}", {"version": 1, "measures": ["x"]})
    assert r.status == 404
    assert alice.patch(f"documents/{doc_id}", {"version": 2**70, "measures": ["x"]}).status == 409
    assert alice.get(f"documents/{doc_id}").data["measures"] == []
