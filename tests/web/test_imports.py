"""Importing documents: preview first, then all or nothing."""

from __future__ import annotations

import pytest

from jixiao.core.errors import ReadError
from jixiao.web.audit.models import AuditEntry
from jixiao.web.goals.imports import ImportRefused, import_bytes, preview
from jixiao.web.goals.models import GoalDocument, Indicator, Project

pytestmark = pytest.mark.django_db


def stored() -> tuple[int, int, int]:
    return GoalDocument.objects.count(), Project.objects.count(), Indicator.objects.count()


NOT_GOAL_DOCUMENTS = [
    ("notes.txt", "会议纪要\n今天讨论了预算。\n".encode(), "不是绩效目标文档"),
    ("empty.txt", b"", "文件为空"),
    ("image.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "二进制文件"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "旧版 Office 文件"),
    ("data.json", b'{"a": 1}', "不是绩效目标文档"),
    ("broken.json", b'{"projects": [', "不是有效的 JSON"),
]


@pytest.mark.parametrize(("name", "data", "message"), NOT_GOAL_DOCUMENTS)
def test_a_file_that_is_not_a_goal_document_stores_nothing(users, org, name, data, message):
    with pytest.raises(ReadError, match=message) as e:
        import_bytes(data, name, users.alice, org.unit_a)
    assert name in str(e.value)
    assert stored() == (0, 0, 0)
    assert not AuditEntry.objects.filter(action="document.import").exists()


def test_preview_stores_nothing_and_shows_projects_and_findings(users, org, seed_path):
    p = preview(seed_path.read_bytes(), seed_path.name, org.unit_a)
    assert stored() == (0, 0, 0)
    assert len(p.projects) == 36
    assert str(p.budget_total) == "788.92"
    assert p.unit == org.unit_a and p.problems() == [] and not p.unit_mismatch
    assert p.review_available and p.findings
    assert all(f["project_seq"] == 1 for f in p.findings_for(1))


def test_import_stores_the_whole_document_once(users, org, seed_path):
    document = import_bytes(seed_path.read_bytes(), seed_path.name, users.alice, org.unit_a)
    assert document.projects.count() == 36
    assert {p.status for p in document.projects.all()} == {"draft"}
    entry = AuditEntry.objects.get(action="document.import")
    assert entry.user == users.alice
    assert entry.new["projects"] == 36 and entry.new["budget_total"] == "788.92"
    with pytest.raises(ImportRefused, match="已导入，不能重复导入"):
        import_bytes(seed_path.read_bytes(), seed_path.name, users.alice, org.unit_a)
    assert stored()[0] == 1
    assert preview(seed_path.read_bytes(), seed_path.name, org.unit_a).problems() == [
        "唐山市曹妃甸区希望路街道办事处 2022年度的绩效目标已导入，不能重复导入"
    ]


def test_without_a_unit_the_documents_unit_code_is_used(users, org, seed_path):
    document = import_bytes(seed_path.read_bytes(), seed_path.name, users.carol)
    assert document.unit == org.unit_a


def test_an_unknown_unit_is_refused(db, seed_path):
    with pytest.raises(ImportRefused, match="单位编码“314003”不存在"):
        import_bytes(seed_path.read_bytes(), seed_path.name, None)
    assert stored() == (0, 0, 0)


def test_a_failure_halfway_leaves_nothing_behind(users, org, seed_path, monkeypatch):
    from jixiao.web.goals import mapping

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(mapping.SpendingPlanCell.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        import_bytes(seed_path.read_bytes(), seed_path.name, users.alice, org.unit_a)
    assert stored() == (0, 0, 0)


def test_importing_for_another_unit_is_flagged_in_the_preview(users, org, seed_path):
    p = preview(seed_path.read_bytes(), seed_path.name, org.unit_b)
    assert p.unit_mismatch


def test_a_draft_document_can_be_deleted_by_its_unit_and_is_audited(users, seeded):
    from django.core.exceptions import PermissionDenied

    from jixiao.web.goals.imports import delete_document

    for outsider in (users.eve, users.bob, users.dave):
        with pytest.raises(PermissionDenied):
            delete_document(seeded, outsider)
    delete_document(seeded, users.alice)
    assert stored() == (0, 0, 0)
    entry = AuditEntry.objects.get(action="document.delete")
    assert entry.old == {"unit": "314003", "year": 2022, "file": "seed.txt", "projects": 36}


def test_a_document_with_a_submitted_project_cannot_be_deleted(users, seeded):
    from jixiao.web.goals import workflow
    from jixiao.web.goals.imports import delete_document

    workflow.submit(seeded.projects.get(seq=5), users.alice)
    with pytest.raises(workflow.WorkflowError, match="已有 1 个项目提交过审核"):
        delete_document(seeded, users.alice)
    assert stored()[1] == 36


def test_preview_works_without_the_review_engine(org, seed_path, monkeypatch):
    from jixiao.web.goals import review

    monkeypatch.setattr(review, "_engine", lambda: None)
    p = preview(seed_path.read_bytes(), seed_path.name, org.unit_a)
    assert len(p.projects) == 36
    assert (p.findings, p.review_available) == ([], False)


def test_a_budget_part_under_an_unknown_label_stays_unread_in_the_database(users, org, seed_path):
    """The reader marks the budget (`Budget.parts_unread`); the database keeps the mark, so
    reviewing the stored project does not report 预算数 ≠ the parts it read; saving the
    parts on the project page clears it."""
    from jixiao.core.review import review
    from jixiao.web.goals import mapping, workflow

    data = seed_path.read_bytes().replace(
        "其中：财政    资金".encode(), "其中：一般公共预算拨款".encode(), 1
    )
    document = import_bytes(data, seed_path.name, users.alice, org.unit_a)
    row = document.projects.get(seq=1)
    assert row.budget_parts_unread
    core_doc = mapping.document_from_db(document)
    first = [f for f in review(core_doc).findings if f.rule == "R071"]
    assert all(f.project_seq != 1 for f in first)
    workflow.edit(row, users.alice, {"budget": {"fiscal": "52.00"}}, version=row.version)
    row.refresh_from_db()
    assert not row.budget_parts_unread
