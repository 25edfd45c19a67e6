"""Import pages: preview stores nothing, confirm stores the document, bad files are refused."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def counts() -> tuple[int, int]:
    from jixiao.web.goals.models import GoalDocument, Project

    return GoalDocument.objects.count(), Project.objects.count()


def seed_file(seed_doc, fmt: str, seed_path) -> SimpleUploadedFile:
    from jixiao.core.formats import to_bytes

    if fmt == "txt":
        return SimpleUploadedFile("目标.txt", seed_path.read_bytes())
    return SimpleUploadedFile(f"目标.{fmt}", to_bytes(seed_doc, fmt))


@pytest.mark.parametrize("fmt", ["txt", "docx", "xlsx", "pdf"])
def test_preview_then_confirm(client, users, org, seed_doc, seed_path, fmt):
    client.force_login(users.alice)
    r = client.post("/import/", {"file": seed_file(seed_doc, fmt, seed_path)})
    assert r.status_code == 200
    text = text_of(r)
    assert "36 个项目" in text and "788.92 万元" in text and "确认导入" in text
    assert "残疾人专职委员队伍建设" in text
    assert counts() == (0, 0)  # the preview stores nothing
    r = client.post("/import/confirm/", {"token": token_of(r), "confirm": "1"}, follow=True)
    assert "共 36 个项目" in text_of(r)
    assert "下一步：逐个打开项目，查看右侧的审核提示并修改，然后提交审核" in text_of(r)
    assert counts() == (1, 36)
    from jixiao.web.goals.models import GoalDocument

    doc = GoalDocument.objects.get()
    assert doc.unit == org.unit_a and doc.year == 2022 and doc.source_name == f"目标.{fmt}"


def test_the_stash_is_removed_after_confirming(client, users, seed_doc, seed_path):
    from jixiao.web.front.uploads import upload_dir

    client.force_login(users.alice)
    token = token_of(client.post("/import/", {"file": seed_file(seed_doc, "txt", seed_path)}))
    assert (upload_dir() / f"{token}.bin").exists()
    client.post("/import/confirm/", {"token": token})
    assert not (upload_dir() / f"{token}.bin").exists()
    # Confirming twice stores nothing more.
    r = client.post("/import/confirm/", {"token": token}, follow=True)
    assert "导入已过期或不存在" in text_of(r) and counts() == (1, 36)


def test_cancel_stores_nothing(client, users, seed_doc, seed_path):
    client.force_login(users.alice)
    token = token_of(client.post("/import/", {"file": seed_file(seed_doc, "txt", seed_path)}))
    r = client.post("/import/confirm/", {"token": token, "cancel": "1"}, follow=True)
    assert "没有保存任何内容" in text_of(r) and counts() == (0, 0)


def test_another_user_cannot_confirm_my_upload(client, users, make_user, org, seed_doc, seed_path):
    client.force_login(users.alice)
    token = token_of(client.post("/import/", {"file": seed_file(seed_doc, "txt", seed_path)}))
    other = make_user("alice2", "unit", unit=org.unit_a)
    client.force_login(other)
    r = client.post("/import/confirm/", {"token": token}, follow=True)
    assert "导入已过期或不存在" in text_of(r) and counts() == (0, 0)
    r = client.post("/import/confirm/", {"token": "../../etc/passwd"}, follow=True)
    assert "导入已过期或不存在" in text_of(r)


def _plain_docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("关于召开年度工作会议的通知")
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "会议通知.txt",
            "关于召开年度工作会议的通知\n请各单位准时参加。\n".encode(),
            "不是绩效目标文档",
        ),
        ("会议通知.docx", None, "会议通知.docx"),
        ("报表.pdf", b"%PDF-1.4\n%...", "PDF 文件已损坏"),
        ("旧表.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "另存为 .docx 或 .xlsx"),
        ("空.txt", b"", "空.txt"),
    ],
)
def test_a_file_that_is_not_a_goal_document_shows_a_message_and_stores_nothing(
    client, users, name, data, message
):
    client.force_login(users.alice)
    data = _plain_docx() if data is None else data
    r = client.post("/import/", {"file": SimpleUploadedFile(name, data)})
    assert r.status_code == 400
    text = text_of(r)
    assert "不能导入" in text and message in text and "没有保存任何内容" in text
    assert "Traceback" not in text
    assert counts() == (0, 0)


def test_a_document_with_errors_names_the_file_and_line(client, users, seed_path):
    client.force_login(users.alice)
    lines = seed_path.read_text(encoding="utf-8").splitlines(keepends=True)
    # Break one budget amount so that the reader refuses the file.
    k = next(i for i, line in enumerate(lines) if "2.28" in line)
    lines[k] = lines[k].replace("2.28", "两点二八", 1)
    r = client.post("/import/", {"file": SimpleUploadedFile("坏.txt", "".join(lines).encode())})
    assert r.status_code == 400
    assert "文件“坏.txt” 第 108 行：预算数：金额“两点二八”不是数字" in text_of(r)
    assert counts() == (0, 0)


def test_importing_the_same_year_twice_is_refused_at_preview(client, users, seeded, seed_path):
    client.force_login(users.alice)
    r = client.post("/import/", {"file": SimpleUploadedFile("again.txt", seed_path.read_bytes())})
    text = text_of(r)
    assert "已导入，不能重复导入" in text and 'name="confirm"' not in r.content.decode()
    # ... and says what to do instead: the existing document, where projects are added.
    assert f'href="/documents/{seeded.pk}/"' in r.content.decode()
    assert "已有的 2022 年度文档" in text and "新增项目" in text
    # The same file again: every project is already there, so nothing can be appended.
    assert 'name="append"' not in r.content.decode() and "不能追加" in text
    assert "与已有文档第 36 个项目“" in text and "的项目编码（" in text
    assert counts() == (1, 36)


def test_a_unit_imports_only_for_itself(client, users, org, seed_path):
    """Eve's unit is 315001: the seed names 314003, but it is stored for her own unit."""
    client.force_login(users.eve)
    r = client.post("/import/", {"file": SimpleUploadedFile("s.txt", seed_path.read_bytes())})
    assert "不一致" in text_of(r)
    client.post("/import/confirm/", {"token": token_of(r)})
    from jixiao.web.goals.models import GoalDocument

    assert GoalDocument.objects.get().unit == org.unit_b


def test_admin_imports_by_the_documents_unit_code(client, users, org, seed_path):
    client.force_login(users.carol)
    r = client.post("/import/", {"file": SimpleUploadedFile("s.txt", seed_path.read_bytes())})
    assert "导入到 314003" in text_of(r)
    client.post("/import/confirm/", {"token": token_of(r)})
    from jixiao.web.goals.models import GoalDocument

    assert GoalDocument.objects.get().unit == org.unit_a


@pytest.mark.parametrize("name", ["bob", "dave"])
def test_reviewers_and_auditors_may_not_import(client, users, name, seed_path):
    client.force_login(getattr(users, name))
    assert client.get("/import/").status_code == 403
    r = client.post("/import/", {"file": SimpleUploadedFile("s.txt", seed_path.read_bytes())})
    assert r.status_code == 403 and counts() == (0, 0)


def test_a_model_from_another_province_becomes_the_units_own(client, users, org):
    """A newcomer imports another province's table (no unit code, another unit's name) as a
    model: the preview says whose it becomes, and the project page and export say so."""
    from jixiao.core.formats import read_bytes
    from jixiao.web.goals.models import GoalDocument
    from tests.corpus.build import build
    from tests.corpus.cases_provinces import chongqing_fengjie as case

    client.force_login(users.alice)
    data = build(case.fmt, case.blocks)
    r = client.post("/import/", {"file": SimpleUploadedFile("奉节.docx", data)})
    assert "与所选单位（314003 唐山市曹妃甸区希望路街道办事处）不一致" in text_of(r)
    client.post("/import/confirm/", {"token": token_of(r), "confirm": "1"})
    doc = GoalDocument.objects.get()
    assert (doc.unit_code_text, doc.unit_name_text) == ("314003", org.unit_a.name)
    page = text_of(client.get(f"/projects/{doc.projects.get().pk}/"))
    assert f"{org.unit_a.name}（314003）" in page and "奉节县" not in page.split("项目名称")[0]
    exported = client.get(f"/export/?unit={org.unit_a.pk}&year={doc.year}&format=docx")
    again = read_bytes(
        b"".join(exported.streaming_content) if exported.streaming else exported.content, "x.docx"
    )
    assert (again.unit.code, again.unit.name) == ("314003", org.unit_a.name)


def test_a_file_naming_the_unit_it_goes_to_keeps_its_own_wording(client, users, org, seed_doc):
    from jixiao.web.goals.models import GoalDocument

    client.force_login(users.alice)
    r = client.post("/import/", {"file": seed_file(seed_doc, "docx", None)})
    assert "不一致" not in text_of(r)
    client.post("/import/confirm/", {"token": token_of(r), "confirm": "1"})
    doc = GoalDocument.objects.get()
    assert (doc.unit_code_text, doc.unit_name_text) == (seed_doc.unit.code, seed_doc.unit.name)


def _second_file(seed_doc, names: dict[int, str], codes: dict[int, str | None]):
    """Projects 1 and 2 of the seed as another file of the same unit and year, renamed."""
    import dataclasses

    from jixiao.core.formats import to_bytes

    projects = [
        dataclasses.replace(seed_doc.projects[k], name=names[k], code=codes[k]) for k in (0, 1)
    ]
    doc = dataclasses.replace(seed_doc, projects=projects)
    return SimpleUploadedFile("第二批项目.xlsx", to_bytes(doc, "xlsx"))


def test_a_second_file_of_the_year_is_appended_to_the_existing_document(
    client, users, seeded, seed_doc
):
    """A unit whose projects are split over two files adds the second to its document:
    the new projects are drafts numbered after the last, nothing else changes."""
    from jixiao.web.audit.models import AuditEntry
    from jixiao.web.goals.models import Project

    before = list(seeded.projects.order_by("seq").values_list("seq", "name", "version"))
    client.force_login(users.alice)
    upload = _second_file(
        seed_doc, {0: "社区养老补充项目", 1: "社区文化补充项目"}, {0: None, 1: "13021322P0000X"}
    )
    r = client.post("/import/", {"file": upload})
    html = r.content.decode()
    assert 'name="confirm"' not in html and 'name="append"' in html
    assert "不能作为新文档导入" in text_of(r) and "已有文档共 36 个项目" in text_of(r)
    r = client.post("/import/confirm/", {"token": token_of(r), "append": "1"}, follow=True)
    text = text_of(r)
    assert "已把 第二批项目.xlsx 中的 2 个项目追加到" in text and "第 37–38 个项目" in text
    assert counts() == (1, 38)
    added = list(Project.objects.filter(document=seeded, seq__gt=36).order_by("seq"))
    assert [(p.seq, p.name, p.status) for p in added] == [
        (37, "社区养老补充项目", "draft"),
        (38, "社区文化补充项目", "draft"),
    ]
    assert added[0].indicators.count() == len(seed_doc.projects[0].indicators)
    assert before == list(
        seeded.projects.filter(seq__lte=36).order_by("seq").values_list("seq", "name", "version")
    )
    seeded.refresh_from_db()
    assert seeded.source_name == "seed.txt、第二批项目.xlsx"  # the page names both files
    entry = AuditEntry.objects.filter(action="document.import").latest("id")
    assert entry.new["appended_to"] == seeded.pk and entry.new["first_seq"] == 37


def test_appending_a_project_already_there_is_refused_whole(client, users, seeded, seed_doc):
    """Same name or same code as a stored project: listed as conflicts, nothing stored."""
    first = seed_doc.projects[0]
    client.force_login(users.alice)
    upload = _second_file(seed_doc, {0: "全新的项目", 1: first.name}, {0: first.code, 1: None})
    r = client.post("/import/", {"file": upload})
    text = text_of(r)
    assert 'name="append"' not in r.content.decode()
    assert "其中的项目也与已有文档冲突，不能追加" in text
    assert f"文件中的项目“全新的项目”与已有文档第 1 个项目“{first.name}”的项目编码" in text
    assert f"文件中的项目“{first.name}”与已有文档第 1 个项目同名" in text
    # A forged append is refused the same way, whole.
    r = client.post("/import/confirm/", {"token": token_of(r), "append": "1"}, follow=True)
    assert "未导入" in text_of(r) and "未追加任何项目" in text_of(r) and "共 2 处冲突" in text_of(r)
    assert counts() == (1, 36)


def test_appending_in_another_money_unit_is_refused(users, seeded, seed_doc):
    import dataclasses

    from jixiao.web.goals.imports import ImportRefused, append_document

    project = dataclasses.replace(seed_doc.projects[0], name="另一个项目", code=None)
    doc = dataclasses.replace(seed_doc, projects=[project], money_unit="元")
    with pytest.raises(ImportRefused, match="文件的金额单位为元，已有文档为万元"):
        append_document(doc, users.alice, seeded)
    with pytest.raises(ImportRefused, match="不能为其他单位导入"):
        append_document(dataclasses.replace(doc, money_unit="万元"), users.eve, seeded)
    assert counts() == (1, 36)
