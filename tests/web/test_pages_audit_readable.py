"""The audit log reads as changes: Chinese field names with old → new, indicator rows
added/removed/changed, filters by unit, user, project, action and date, Excel export."""

from __future__ import annotations

import datetime
import io

import pytest

from jixiao.web.audit.models import AuditEntry
from jixiao.web.audit.present import changes

pytestmark = pytest.mark.django_db


def edit_indicators(project, user):
    from jixiao.core.formats.json_io import project_to_dict
    from jixiao.web.goals import workflow
    from jixiao.web.goals.mapping import project_from_db

    current = project_to_dict(project_from_db(project))
    indicators = current["indicators"]
    indicators[0] = {**indicators[0], "target": "≥200人"}  # changed
    del indicators[1]  # removed (the third moves up: it shows as changed)
    workflow.edit(project, user, {"indicators": indicators, "purpose": "新的资金用途"}, version=1)


def test_project_edit_lists_fields_by_chinese_name(users, project):
    edit_indicators(project, users.alice)
    e = AuditEntry.objects.get(action="project.edit")
    rows = changes(e.action, e.old, e.new)
    labels = [r.label for r in rows]
    assert "资金用途" in labels and "purpose" not in labels
    purpose = next(r for r in rows if r.label == "资金用途")
    assert purpose.new == "新的资金用途" and purpose.old != "（空）"
    target = next(r for r in rows if r.label == "第 1 个指标·指标值")
    assert (target.kind, target.new) == ("changed", "≥200人")
    removed = next(r for r in rows if r.label == "第 3 个指标")
    assert removed.kind == "removed" and removed.new == "（空）"
    assert next(r for r in rows if r.label == "版本").new == "2"


def test_the_page_shows_changes_not_json(client, users, project):
    edit_indicators(project, users.alice)
    client.force_login(users.dave)
    html = client.get("/audit/", {"action": "project.edit"}).content.decode()
    assert "<strong>资金用途</strong>：<del>" in html and "<ins>新的资金用途</ins>" in html
    assert "&quot;purpose&quot;" not in html and 'class="json"' not in html
    assert 'data-kind="removed"' in html and "删除" in html


def test_status_and_yes_no_are_shown_in_chinese(users, project):
    from jixiao.web.goals import workflow

    workflow.submit(project, users.alice)
    e = AuditEntry.objects.get(action="project.submit")
    status = next(r for r in changes(e.action, e.old, e.new) if r.field == "status")
    assert (status.label, status.old, status.new) == ("状态", "草稿", "已提交")
    rows = changes("deviation.create", None, {"correction_needed": False, "likelihood": "likely"})
    assert [(r.label, r.new) for r in rows] == [
        ("是否需要整改", "否"),
        ("完成目标可能性", "有可能完成"),
    ]


def test_evaluation_lines_are_rows_by_indicator():
    old = {
        "executed": "1",
        "lines": [{"indicator": 1, "actual": "80", "reason": "", "weight": None}],
    }
    new = {
        "executed": "2",
        "lines": [
            {"indicator": 1, "actual": "90", "reason": "", "weight": None},
            {"indicator": 2, "actual": "达成", "reason": "", "weight": None},
        ],
    }
    rows = [(r.label, r.old, r.new, r.kind) for r in changes("evaluation.save", old, new)]
    assert rows == [
        ("第 1 个指标·实际完成值", "80", "90", "changed"),
        ("第 2 个指标·实际完成值", "（空）", "达成", "added"),
        ("全年执行数", "1", "2", "changed"),
    ]


def test_filters_by_unit_user_project_action_and_date(client, users, org, project, seed_doc):
    from jixiao.web.goals import workflow

    workflow.submit(project, users.alice)
    client.force_login(users.carol)

    def actions(**params):
        import re

        html = client.get("/audit/", params).content.decode()
        return re.findall(r'data-action="([\w.]+)"', html)

    assert actions(unit=org.unit_a.pk) == ["project.submit", "document.import"]
    assert actions(unit=org.unit_b.pk) == []
    assert actions(user="alice", action="project.submit") == ["project.submit"]
    assert actions(project=project.code) == ["project.submit"]
    today = datetime.date.today()
    assert actions(since=today.isoformat(), unit=org.unit_a.pk) == [
        "project.submit",
        "document.import",
    ]
    assert actions(until=(today - datetime.timedelta(days=1)).isoformat()) == []
    html = client.get("/audit/", {"since": "2022/1/1"}).content.decode()
    assert "起始日期“2022/1/1”应为 YYYY-MM-DD" in html


def test_export_to_excel(client, users, org, project):
    import openpyxl

    edit_indicators(project, users.alice)
    client.force_login(users.dave)
    r = client.get("/audit/export.xlsx", {"unit": org.unit_a.pk, "action": "project.edit"})
    assert r.status_code == 200
    assert "314003" in r["Content-Disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("时间", "用户", "操作", "对象", "变更", "字段", "原值", "新值")
    assert any(row[5] == "资金用途" and row[7] == "新的资金用途" for row in rows[1:])
    assert {row[2] for row in rows[1:]} == {"修改项目"}


@pytest.mark.parametrize("name", ["alice", "bob"])
def test_only_admins_and_auditors_export(client, users, name):
    client.force_login(getattr(users, name))
    assert client.get("/audit/export.xlsx").status_code == 403


def test_an_import_appended_with_a_correction_reads_in_chinese():
    """An import's correction and an append to an existing document showed their keys
    (appended_to, first_seq, override, layout) in English."""
    new = {
        "file": "第二批.xlsx",
        "appended_to": 1,
        "first_seq": 2,
        "override": {"columns": {}, "money_unit": None, "year": 2021, "unit_code": None},
        "layout": "7fdb738f",
    }
    rows = changes("document.import", None, new)
    assert [r.label for r in rows] == [
        "文件",
        "追加到目标文档编号",
        "追加项目的起始序号",
        "读取方式的更正",
        "表格版式",
    ]
    override = next(r for r in rows if r.field == "override")
    assert "预算年度：2021" in override.new and "year" not in override.new
