"""The department part page (部门整体绩效目标) on the seed."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_seed_shows_nine_goals_36_summaries_five_measures_and_the_disagreements(
    client, users, seeded
):
    client.force_login(users.bob)
    r = client.get(f"/documents/{seeded.pk}/department/")
    assert r.status_code == 200
    page = r.content.decode()
    goals = re.search(r'id="overall-goals">(.*?)</section>', page, re.S).group(1)
    measures = re.search(r'id="measures">(.*?)</section>', page, re.S).group(1)
    assert goals.count("<li>") == 9 and measures.count("<li>") == 5
    rows = re.findall(r'<tr data-seq="(\d+)"( class="disagrees")?>', page)
    assert [int(seq) for seq, _ in rows] == list(range(1, 37))
    disagreeing = [int(seq) for seq, mark in rows if mark]
    assert disagreeing  # the seed's narrative states an amount its table does not
    assert f"其中 {len(disagreeing)} 条与项目表不一致" in page
    for seq in disagreeing:
        row = re.search(rf'<tr data-seq="{seq}" class="disagrees">(.*?)</tr>', page, re.S).group(1)
        assert "不一致" in row or "不对应" in row
    p1 = seeded.projects.get(seq=1)
    assert f'href="/projects/{p1.pk}/"' in page


def test_a_document_without_a_department_part_says_so(client, users, org):
    from jixiao.web.goals.drafting import create_document

    document = create_document(org.unit_a, 2023, "万元", users.alice)
    client.force_login(users.alice)
    page = client.get(f"/documents/{document.pk}/department/").content.decode()
    assert "没有总体绩效目标" in page and "没有工作保障措施" in page


def test_outsiders_get_404(client, users, seeded):
    client.force_login(users.eve)
    assert client.get(f"/documents/{seeded.pk}/department/").status_code == 404
    assert client.get("/documents/999999/department/").status_code == 404


def test_a_unit_writes_its_department_part_and_the_review_compares_it(client, users, org):
    from jixiao.web.audit.models import AuditEntry
    from jixiao.web.goals.drafting import add_project, create_document

    document = create_document(org.unit_a, 2023, "万元", users.alice)
    p = add_project(document, users.alice, "社区养老服务")
    p.budget_total = p.budget_amount = "12.50"
    p.save()
    client.force_login(users.alice)
    page = client.get(f"/documents/{document.pk}/department/").content.decode()
    assert 'id="department-edit"' in page
    r = client.post(
        f"/documents/{document.pk}/department/edit/",
        {
            "version": document.version,
            "overall_goals": "提升为老服务水平\n\n做好社区环境整治\n",
            "summary-1": "为辖区老人提供日间照料，共需资金20.00万元。",
            "measures": "加强组织领导",
        },
    )
    assert r.status_code == 302
    document.refresh_from_db()
    assert document.overall_goals == ["提升为老服务水平", "做好社区环境整治"]
    assert document.measures == ["加强组织领导"]
    assert document.project_summaries == [
        {"seq": 1, "name": "社区养老服务", "text": "为辖区老人提供日间照料，共需资金20.00万元。"}
    ]
    entry = AuditEntry.objects.get(action="document.edit")
    assert entry.new["version"] == 2 and entry.old["overall_goals"] == []
    page = client.get(f"/documents/{document.pk}/department/").content.decode()
    row = re.search(r'<tr data-seq="1" class="disagrees">(.*?)</tr>', page, re.S).group(1)
    assert "20.00万元" in row and "12.50万元 不一致" in row
    # A form read before that save is stale.
    r = client.post(
        f"/documents/{document.pk}/department/edit/",
        {"version": 1, "overall_goals": "x", "measures": ""},
    )
    assert r.status_code == 400 and "已被他人修改" in r.content.decode()


def test_the_department_part_is_fixed_once_a_project_is_submitted(client, users, seeded):
    from jixiao.web.goals import workflow

    client.force_login(users.alice)
    assert client.get(f"/documents/{seeded.pk}/department/edit/").status_code == 200
    workflow.submit(seeded.projects.get(seq=2), users.alice)
    r = client.post(
        f"/documents/{seeded.pk}/department/edit/",
        {"version": seeded.version, "overall_goals": "x", "measures": "y"},
    )
    assert r.status_code == 400 and "部门整体绩效目标不能再修改" in r.content.decode()
    seeded.refresh_from_db()
    assert len(seeded.overall_goals) == 9
    page = client.get(f"/documents/{seeded.pk}/department/").content.decode()
    assert 'id="department-edit"' not in page


@pytest.mark.parametrize("name", ["bob", "carol", "dave"])
def test_only_the_unit_edits_its_department_part(client, users, seeded, name):
    client.force_login(getattr(users, name))
    assert client.get(f"/documents/{seeded.pk}/department/edit/").status_code == 403
    assert client.post(f"/documents/{seeded.pk}/department/edit/").status_code == 403
