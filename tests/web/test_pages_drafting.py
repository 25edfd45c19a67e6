"""Writing from scratch through the pages: new document, projects added, filled in on the
existing edit page, copied, reordered and deleted while in draft; documents deleted."""

from __future__ import annotations

import html
import re

import pytest

from jixiao.web.audit.models import AuditEntry
from jixiao.web.goals import workflow
from jixiao.web.goals.models import GoalDocument, Project

pytestmark = pytest.mark.django_db


def edit_data(client, project) -> dict[str, str]:
    """The edit form as the page renders it: every input's current value."""
    page = client.get(f"/projects/{project.pk}/edit/").content.decode()
    data: dict[str, str] = {}
    for m in re.finditer(r"<input([^>]*)>", page):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m.group(1)))
        if (
            "name" in attrs
            and "__prefix__" not in attrs["name"]
            and attrs.get("type") != "checkbox"
        ):
            data[attrs["name"]] = html.unescape(attrs.get("value", ""))
    for m in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        if "__prefix__" not in m.group(1):
            data[m.group(1)] = html.unescape(m.group(2).removeprefix("\n"))
    return data


def new_document(client, unit, year=2023) -> GoalDocument:
    r = client.post("/documents/new/", {"unit": unit.pk, "year": year, "money_unit": "万元"})
    assert r.status_code == 302, r.content.decode()
    return GoalDocument.objects.get(unit=unit, year=year)


def add_project(client, document, name="社区养老服务") -> Project:
    r = client.post(f"/documents/{document.pk}/projects/add/", {"name": name})
    project = document.projects.order_by("-id").first()
    assert r.status_code == 302 and r["Location"] == f"/projects/{project.pk}/edit/"
    return project


def fill(client, project, **extra: str):
    data = edit_data(client, project)
    data.update(
        {
            "code": "13021323P00000410001A",
            "budget_total": "12.50",
            "budget_fiscal": "12.50",
            "purpose": "为辖区老人提供日间照料",
            "plan-0-text": "25%",
            "plan-1-text": "50%",
            "plan-2-text": "80%",
            "plan-3-text": "100%",
            "goals-0-text": "完成日间照料服务",
            "ind-0-level1": "产出指标",
            "ind-0-level2": "数量指标",
            "ind-0-name": "服务老人人次",
            "ind-0-description": "全年服务老人人次",
            "ind-0-target": "≥1000人次",
            "ind-0-basis": "计划标准",
            "ind-0-ORDER": "1",
            **extra,
        }
    )
    return client.post(f"/projects/{project.pk}/edit/", data)


def test_a_unit_writes_a_document_from_scratch(client, users, org):
    client.force_login(users.alice)
    home = client.get("/").content.decode()
    assert 'href="/documents/new/"' in home
    document = new_document(client, org.unit_a)
    assert document.unit_code_text == "314003" and document.projects.count() == 0
    project = add_project(client, document)
    assert project.status == "draft" and project.seq == 1 and project.name == "社区养老服务"
    r = fill(client, project)
    assert r.status_code == 302, r.content.decode()
    project.refresh_from_db()
    stored = project.indicators.get()
    assert (stored.level1, stored.target_comparator, stored.target_unit) == (
        "产出指标",
        ">=",
        "人次",
    )
    assert [c.text for c in project.plan_cells.order_by("position")] == [
        "25%",
        "50%",
        "80%",
        "100%",
    ]
    assert str(project.budget_total) == "12.50" and project.goals == ["完成日间照料服务"]
    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert "社区养老服务" in page and "13021323P00000410001A" in page
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions[-3:] == ["document.create", "project.create", "project.edit"]


def test_the_edit_pages_checks_apply_to_a_new_project(client, users, org):
    client.force_login(users.alice)
    project = add_project(client, new_document(client, org.unit_a))
    r = fill(client, project, **{"plan-1-text": "五成"})
    assert r.status_code == 400
    assert "第 2 个支出计划时点的累计支出比例" in r.content.decode()


def test_a_second_document_for_the_same_year_and_bad_years_are_refused(client, users, org):
    client.force_login(users.alice)
    new_document(client, org.unit_a)
    r = client.post("/documents/new/", {"unit": org.unit_a.pk, "year": 2023, "money_unit": "万元"})
    assert r.status_code == 400 and "2023 年度已有绩效目标文档" in r.content.decode()
    r = client.post("/documents/new/", {"unit": org.unit_a.pk, "year": 1989, "money_unit": "万元"})
    assert r.status_code == 400
    r = client.post("/documents/new/", {"unit": org.unit_b.pk, "year": 2024, "money_unit": "万元"})
    assert r.status_code == 400  # another unit is not a choice
    assert GoalDocument.objects.count() == 1


def test_reviewers_and_auditors_cannot_write(client, users, org, seeded):
    for name in ("bob", "dave"):
        client.force_login(getattr(users, name))
        assert client.get("/documents/new/").status_code == 403
        assert client.post(f"/documents/{seeded.pk}/projects/add/").status_code == 403
        assert client.post(f"/documents/{seeded.pk}/delete/").status_code == 403
    client.force_login(users.eve)
    assert client.post(f"/documents/{seeded.pk}/projects/add/").status_code == 404
    assert seeded.projects.count() == 36


def test_projects_are_copied_reordered_and_deleted_in_draft(client, users, org):
    client.force_login(users.alice)
    document = new_document(client, org.unit_a)
    first = add_project(client, document, "甲项目")
    fill(client, first)
    second = add_project(client, document, "乙项目")
    client.post(f"/projects/{first.pk}/copy/")
    copy = document.projects.get(seq=3)
    assert copy.name == "甲项目（副本）" and copy.code is None
    assert copy.indicators.count() == 1 and str(copy.budget_total) == "12.50"
    client.post(f"/projects/{copy.pk}/move/", {"direction": "up"})
    order = list(document.projects.order_by("seq").values_list("name", flat=True))
    assert order == ["甲项目", "甲项目（副本）", "乙项目"]
    r = client.post(f"/projects/{first.pk}/move/", {"direction": "up"}, follow=True)
    assert "已经是第一个项目" in r.content.decode()
    client.post(f"/projects/{copy.pk}/delete/")
    assert list(document.projects.order_by("seq").values_list("name", "seq")) == [
        ("甲项目", 1),
        ("乙项目", 2),
    ]
    entry = AuditEntry.objects.get(action="project.delete")
    assert entry.old["name"] == "甲项目（副本）" and entry.old["budget_total"] == "12.50"
    assert {"project.copy", "project.move"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )
    assert second.pk in document.projects.values_list("pk", flat=True)


def test_a_submitted_project_is_neither_deleted_nor_moved(client, users, org):
    client.force_login(users.alice)
    document = new_document(client, org.unit_a)
    a, b = add_project(client, document, "甲"), add_project(client, document, "乙")
    workflow.submit(a, users.alice)
    client.post(f"/projects/{a.pk}/delete/")
    client.post(f"/projects/{b.pk}/move/", {"direction": "up"})
    assert list(document.projects.order_by("seq").values_list("name", flat=True)) == ["甲", "乙"]
    r = client.post(f"/documents/{document.pk}/delete/", follow=True)
    assert "已有 1 个项目提交过审核，不能删除整份文档" in r.content.decode()
    assert GoalDocument.objects.filter(pk=document.pk).exists()
    page = client.get(f"/projects/{a.pk}/").content.decode()
    assert "删除项目" not in page


def test_the_admin_deletes_a_draft_document_and_a_draft_project(client, users, seeded):
    client.force_login(users.carol)
    p = seeded.projects.get(seq=36)
    assert client.post(f"/projects/{p.pk}/delete/").status_code == 302
    assert seeded.projects.count() == 35
    assert client.post(f"/documents/{seeded.pk}/delete/").status_code == 302
    assert not GoalDocument.objects.filter(pk=seeded.pk).exists()
    entry = AuditEntry.objects.get(action="document.delete")
    assert entry.username == "carol" and entry.old["projects"] == 35


def test_a_new_empty_document_says_why_its_score_is_0(client, users, org):
    client.force_login(users.alice)
    document = new_document(client, org.unit_a)
    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert "质量得分说明：文档没有任何项目绩效目标表" in page
    home = client.get("/").content.decode()
    assert 'class="muted score-note" title="文档没有任何项目绩效目标表' in home
    project = add_project(client, document)
    assert fill(client, project).status_code == 302
    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert "质量得分说明：文档没有任何项目绩效目标表" not in page


def test_a_units_only_unit_is_chosen_already(client, users, org):
    client.force_login(users.alice)
    page = client.get("/documents/new/").content.decode()
    assert "---------" not in page
    assert f'<option value="{org.unit_a.pk}" selected>' in page
