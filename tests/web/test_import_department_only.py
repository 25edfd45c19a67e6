"""A file holding only the 部门整体绩效目标表 (no project table): imported as the year's
document without projects, or replacing the department part of the year's document."""

from __future__ import annotations

import dataclasses
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.web.test_pages_import import counts, text_of, token_of

pytestmark = pytest.mark.django_db


def _guangshui() -> SimpleUploadedFile:
    from tests.corpus.build import build
    from tests.corpus.cases_goals import hubei_guangshui_department as case

    return SimpleUploadedFile("广水部门整体.xlsx", build(case.fmt, case.blocks))


def _department_file(seed_doc, **changes) -> SimpleUploadedFile:
    """The seed's unit and year, with only a department part (as another unit publishes it)."""
    from jixiao.core import model as core
    from jixiao.core.formats import to_bytes

    indicators = [
        core.Indicator(
            level1="产出指标",
            level2="数量指标",
            name="服务居民人次",
            description=None,
            target=core.Target(text="≥5000人次", comparator=">=", value=None, unit="人次"),
            basis=None,
        ),
        core.Indicator(
            level1="满意度指标",
            level2="服务对象满意度指标",
            name="居民满意度",
            description=None,
            target=core.Target(text="≥90%", comparator=">=", value=None, unit="%"),
            basis=None,
        ),
    ]
    parts = {
        "projects": [],
        "project_summaries": [],
        "measures": [],
        "overall_goals": ["全面完成街道年度重点工作任务。"],
        "department_indicators": indicators,
    }
    doc = dataclasses.replace(seed_doc, **{**parts, **changes})
    return SimpleUploadedFile("部门整体绩效目标.xlsx", to_bytes(doc, "xlsx"))


def test_a_department_only_file_becomes_the_years_document(client, users, org):
    """c10 (广水 部门整体支出绩效目标申报表): previewed with its department indicators and the
    review's findings, stored as a document without projects, then every page renders."""
    from jixiao.web.goals.mapping import department_indicators
    from jixiao.web.goals.models import GoalDocument

    client.force_login(users.alice)
    r = client.post("/import/", {"file": _guangshui()})
    assert r.status_code == 200
    text = text_of(r)
    assert "没有任何项目绩效目标表" not in text
    assert "这个文件只有部门整体绩效目标（没有项目表）" in text and "没有项目表" in text
    assert "预算合计" not in text  # no project budget to add up
    assert "部门整体绩效指标 5 个" in text and "公文办理差错率" in text
    assert "对整个文档的审核提示" in text  # the review's department findings are shown
    assert counts() == (0, 0)
    r = client.post("/import/confirm/", {"token": token_of(r), "confirm": "1"}, follow=True)
    assert "已导入" in text_of(r) and "部门整体绩效目标" in text_of(r)
    assert counts() == (1, 0)
    doc = GoalDocument.objects.get()
    assert doc.unit == org.unit_a and doc.year == 2021
    assert [i.name for i in department_indicators(doc)][:2] == [
        "起草市政府工作报告等文稿",
        "公文办理差错率",
    ]
    assert doc.overall_goals == ["保障市政府机关正常运转，完成各项服务保障任务。"]
    _walk(client, users, doc)


def _walk(client, users, doc) -> None:
    """Every page that shows a document, for its unit, a reviewer and an admin."""
    unit = doc.unit_id
    pages = [
        "/",
        f"/documents/{doc.pk}/",
        f"/documents/{doc.pk}/department/",
        f"/documents/{doc.pk}/department/export/",
        f"/projects/?unit={unit}&year={doc.year}",
        "/monitoring/",
        f"/monitoring/?year={doc.year}",
        f"/monitoring/units/{unit}/",
        f"/monitoring/units/{unit}/?year={doc.year}",
        "/evaluation/",
        f"/evaluation/?year={doc.year}",
        f"/evaluation/units/{unit}/",
        f"/evaluation/documents/{doc.pk}/department/",
        "/publications/",
        "/public/",
        f"/public/?year={doc.year}",
    ]
    for who in ("alice", "bob", "carol"):
        client.force_login(getattr(users, who))
        for url in pages:
            r = client.get(url)  # an exception in a view fails the test here
            assert r.status_code in (200, 302, 403), (who, url, r.status_code)
    client.force_login(users.alice)
    for url in pages[:3]:
        r = client.get(url)
        assert r.status_code == 200 and doc.unit.name in r.content.decode(), url


def test_a_department_only_file_updates_the_existing_documents_department_part(
    client, users, seeded, seed_doc
):
    """The unit already has the year's document: the preview lists what changes, the confirm
    replaces overall goals and indicators only, in one audited step; projects untouched."""
    from jixiao.web.audit.models import AuditEntry
    from jixiao.web.goals.mapping import department_indicators

    before = list(seeded.projects.order_by("seq").values_list("seq", "name", "version"))
    summaries, measures = seeded.project_summaries, seeded.measures
    client.force_login(users.alice)
    r = client.post("/import/", {"file": _department_file(seed_doc)})
    html, text = r.content.decode(), text_of(r)
    assert 'name="confirm"' not in html and 'name="append"' not in html
    assert 'name="department"' in html
    assert "这个文件只有部门整体绩效目标" in text and "以文件为准（替换）" in text
    assert "文件中没有，保留已有" in text  # measures: the file has none
    token = token_of(r)
    # A forged "append" of this file adds nothing (and does not consume the upload's meaning).
    forged = client.post("/import/confirm/", {"token": token, "append": "1"}, follow=True)
    assert "未追加任何项目：文件中没有项目绩效目标表" in text_of(forged) and counts() == (1, 36)
    r = client.post("/import/", {"file": _department_file(seed_doc)})
    r = client.post("/import/confirm/", {"token": token_of(r), "department": "1"}, follow=True)
    assert "更新" in text_of(r) and "项目未改动" in text_of(r), text_of(r)[:500]
    assert counts() == (1, 36)
    seeded.refresh_from_db()
    assert seeded.overall_goals == ["全面完成街道年度重点工作任务。"]
    assert [i.name for i in department_indicators(seeded)] == ["服务居民人次", "居民满意度"]
    assert seeded.project_summaries == summaries and seeded.measures == measures
    assert seeded.source_name == "seed.txt、部门整体绩效目标.xlsx"
    assert before == list(seeded.projects.order_by("seq").values_list("seq", "name", "version"))
    entry = AuditEntry.objects.filter(action="document.import").latest("id")
    assert entry.new["department_of"] == seeded.pk and "department_indicators" in entry.new
    assert entry.old["overall_goals"] != seeded.overall_goals
    _walk(client, users, seeded)
    client.force_login(users.carol)
    assert "部门整体绩效目标.xlsx" in client.get("/audit/").content.decode()


def test_a_conflicting_money_unit_is_refused_in_one_line(client, users, seeded, seed_doc):
    original = (seeded.overall_goals, seeded.department_indicators, seeded.version)
    client.force_login(users.alice)
    r = client.post("/import/", {"file": _department_file(seed_doc, money_unit="元")})
    assert 'name="department"' not in r.content.decode()
    assert "文件的金额单位为元，已有文档为万元" in text_of(r)
    # A forged confirm is refused the same way, nothing stored.
    r = client.post("/import/confirm/", {"token": token_of(r), "department": "1"}, follow=True)
    assert "未更新部门整体绩效目标：文件的金额单位为元，已有文档为万元" in text_of(r)
    seeded.refresh_from_db()
    assert (seeded.overall_goals, seeded.department_indicators, seeded.version) == original


def test_a_department_part_under_review_is_not_replaced(users, seeded, seed_doc):
    from jixiao.core.formats import read_bytes
    from jixiao.web.goals.imports import ImportRefused, replace_department
    from jixiao.web.goals.models import SUBMITTED, GoalDocument

    GoalDocument.objects.filter(pk=seeded.pk).update(department_status=SUBMITTED)
    seeded.refresh_from_db()
    doc = read_bytes(_department_file(seed_doc).read(), "d.xlsx")
    with pytest.raises(ImportRefused, match="当前状态为“已提交”，只有草稿或已退回状态才能更新"):
        replace_department(doc, users.alice, seeded)
    with pytest.raises(ImportRefused, match="不能为其他单位导入"):
        replace_department(doc, users.eve, seeded)
    # A file with projects is appended, not taken as a department part.
    with pytest.raises(ImportRefused, match="请用“追加到已有文档”"):
        replace_department(seed_doc, "cli", seeded)


def test_a_file_with_neither_projects_nor_a_department_part_is_refused(client, users, seed_doc):
    from jixiao.core.formats import to_bytes

    client.force_login(users.alice)
    empty = dataclasses.replace(seed_doc, projects=[], project_summaries=[], overall_goals=[])
    upload = SimpleUploadedFile("空.json", to_bytes(empty, "json"))
    r = client.post("/import/", {"file": upload})
    assert r.status_code == 400
    assert "没有任何项目绩效目标表或部门整体绩效目标表" in text_of(r) and counts() == (0, 0)


def test_the_cli_imports_and_updates_a_department_part(tmp_path, users, org, seed_doc, capsys):
    from jixiao.cli import main
    from jixiao.web.goals.models import GoalDocument

    path = tmp_path / "部门整体.xlsx"
    path.write_bytes(_department_file(seed_doc).read())
    assert main(["import", str(path), "--unit", org.unit_a.code]) == 0
    out = capsys.readouterr().out
    assert "部门整体绩效指标 2 个" in out and "0 个项目" in out
    document = GoalDocument.objects.get()
    assert document.overall_goals == ["全面完成街道年度重点工作任务。"]
    again = tmp_path / "部门整体2.xlsx"
    upload = _department_file(seed_doc, overall_goals=["第二版总体目标。"])
    again.write_bytes(upload.read())
    assert main(["import", str(again), "--unit", org.unit_a.code]) == 2
    assert "--append" in capsys.readouterr().err
    assert main(["import", str(again), "--unit", org.unit_a.code, "--append"]) == 0
    assert "已更新部门整体绩效目标" in capsys.readouterr().out
    document.refresh_from_db()
    assert document.overall_goals == ["第二版总体目标。"] and counts() == (1, 0)
    assert json.dumps(document.department_indicators, ensure_ascii=False).count("居民满意度") == 1


def test_a_department_self_evaluation_file_is_refused_with_where_to_enter_it(client, users):
    """c20 (重庆 部门整体支出绩效自评表) is no goal document: one line saying what it is."""
    from tests.corpus.build import build
    from tests.corpus.cases_chongqing import CHONGQING_CASES

    case = next(c for c in CHONGQING_CASES if c.id.startswith("c20_"))
    client.force_login(users.alice)
    upload = SimpleUploadedFile("部门自评.xlsx", build(case.fmt, case.blocks))
    r = client.post("/import/", {"file": upload})
    assert r.status_code == 400 and counts() == (0, 0)
    assert "部门自评.xlsx" in text_of(r) and "这是部门整体支出绩效自评表" in text_of(r)


def test_the_review_of_a_document_without_projects_follows_its_department_edits(users, org):
    """The cached review is keyed by the document's version too: a department-only document
    edited after import is reviewed again (it was cached as 'empty' for good)."""
    from jixiao.web.front.quality import reviews
    from jixiao.web.goals.drafting import create_document, edit_department

    document = create_document(org.unit_a, 2023, "万元", users.alice)
    assert reviews([document.pk], findings=True)[document.pk].department_part is False
    edit_department(
        document, users.alice, overall_goals=["完成年度重点工作。"], version=document.version
    )
    assert reviews([document.pk], findings=True)[document.pk].department_part is True
