"""Export of a project, a unit or a selection to docx/xlsx/pdf, within the user's scope."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import unquote

import pytest

pytestmark = pytest.mark.django_db

MAGIC = {"docx": b"PK\x03\x04", "xlsx": b"PK\x03\x04", "pdf": b"%PDF"}


def filename(response) -> str:
    header = response["Content-Disposition"]
    return unquote(header.split("filename*=utf-8''")[-1]) if "filename*" in header else header


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_export_one_project_reads_back(client, users, project, fmt):
    client.force_login(users.alice)
    r = client.get("/export/", {"project": project.pk, "format": fmt})
    assert r.status_code == 200 and r.content.startswith(MAGIC[fmt])
    assert filename(r) == (
        f"314003-唐山市曹妃甸区希望路街道办事处-2022年度-1.残疾人专职委员队伍建设-项目绩效目标表.{fmt}"
    )
    if fmt != "pdf":
        from jixiao.core.formats import read_bytes

        doc = read_bytes(r.content, f"x.{fmt}")
        assert [p.name for p in doc.projects] == [project.name]
        # That project only: no department part.
        assert (doc.overall_goals, doc.project_summaries, doc.measures) == ([], [], [])
        assert doc.projects[0].indicators[0].target.text == "≥100"


def test_export_a_unit_gives_the_whole_document(client, users, seeded, org):
    from jixiao.core.formats import read_bytes

    client.force_login(users.bob)
    r = client.get("/export/", {"unit": org.unit_a.pk, "year": 2022, "format": "xlsx"})
    assert r.status_code == 200
    doc = read_bytes(r.content, "x.xlsx")
    assert len(doc.projects) == 36 and str(doc.budget_total) == "788.92"
    assert (
        filename(r) == "314003-唐山市曹妃甸区希望路街道办事处-2022年度-部门整体及项目绩效目标.xlsx"
    )


def test_export_a_selection(client, users, seeded):
    from jixiao.core.formats import read_bytes

    picked = list(seeded.projects.filter(seq__in=[2, 5, 9]).order_by("seq"))
    client.force_login(users.alice)
    r = client.get("/export/", {"project": [p.pk for p in picked], "format": "docx"})
    doc = read_bytes(r.content, "x.docx")
    assert [p.seq for p in doc.projects] == [2, 5, 9]
    assert filename(r).endswith("-2022年度-3个项目绩效目标表.docx")


def test_a_selection_across_documents_is_a_zip(client, users, seeded, org, seed_doc):
    import copy

    from jixiao.web.goals.imports import import_document

    other = copy.deepcopy(seed_doc)
    other.year = 2023
    second = import_document(other, users.alice, org.unit_a)
    ids = [seeded.projects.get(seq=1).pk, second.projects.get(seq=1).pk]
    client.force_login(users.alice)
    r = client.get("/export/", {"project": ids, "format": "pdf"})
    assert r.status_code == 200 and r["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert sorted(names) == [
        "314003-唐山市曹妃甸区希望路街道办事处-2022年度-1.残疾人专职委员队伍建设-项目绩效目标表.pdf",
        "314003-唐山市曹妃甸区希望路街道办事处-2023年度-1.残疾人专职委员队伍建设-项目绩效目标表.pdf",
    ]


def test_nothing_outside_the_scope_is_exported(client, users, seeded, org):
    p = seeded.projects.get(seq=1)
    client.force_login(users.eve)
    assert client.get("/export/", {"project": p.pk, "format": "docx"}).status_code == 404
    assert client.get("/export/", {"unit": org.unit_a.pk, "format": "docx"}).status_code == 404
    client.force_login(users.frank)
    assert client.get("/export/", {"project": p.pk, "format": "docx"}).status_code == 404


def test_a_bad_format_is_refused(client, users, project):
    client.force_login(users.alice)
    r = client.get("/export/", {"project": project.pk, "format": "exe"})
    assert r.status_code == 400 and "不支持的导出格式" in r.content.decode()


def test_a_pdf_of_one_project_starts_with_that_project(client, users, project):
    from pypdf import PdfReader

    client.force_login(users.alice)
    r = client.get("/export/", {"project": project.pk, "format": "pdf"})
    text = PdfReader(io.BytesIO(r.content)).pages[0].extract_text()
    assert "部门整体绩效目标" not in text and "残疾人专职委员队伍建设" in text


def test_file_names_are_sanitised():
    from jixiao.core.files import safe_filename

    assert safe_filename("314/003", "单位:名称*", "2022年度", None, "a?b", ext="pdf") == (
        "314_003-单位_名称-2022年度-a_b.pdf"
    )
    assert safe_filename("", "  ", ext="xlsx") == "导出.xlsx"
    assert len(safe_filename("长" * 400, ext="docx")) == 80  # 240 bytes: fits every file system
