"""Stored texts a hostile user can put in (control characters through a form or a .txt or
JSON file, formula-looking text) never break a download or turn into a formula."""

from __future__ import annotations

import io
import zipfile

import pytest

pytestmark = pytest.mark.django_db

CONTROL = "残疾人\x01专职\x0b委员\x1f队伍建设"


def _store_name(project, name: str) -> None:
    from jixiao.web.goals.models import Project

    Project.objects.filter(pk=project.pk).update(name=name)


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_a_stored_control_character_does_not_break_the_export(client, users, project, fmt):
    _store_name(project, CONTROL)
    client.force_login(users.alice)
    r = client.get("/export/", {"project": project.pk, "format": fmt})
    assert r.status_code == 200
    if fmt == "docx":
        xml = zipfile.ZipFile(io.BytesIO(r.content)).read("word/document.xml").decode()
        assert "残疾人专职委员队伍建设" in xml
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(r.content))
        texts = {c for ws in book for row in ws.iter_rows(values_only=True) for c in row}
        assert "残疾人专职委员队伍建设" in texts


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_stored_control_character_does_not_break_the_self_evaluation_export(
    client, users, project, fmt
):
    _store_name(project, CONTROL)
    client.force_login(users.alice)
    r = client.get(f"/evaluation/projects/{project.pk}/export/{fmt}/")
    assert r.status_code == 200


def _audit_rows(client, users, org) -> list[tuple]:
    """The cells of the audit export: (value, data type) each."""
    import openpyxl

    client.force_login(users.dave)
    r = client.get("/audit/export.xlsx", {"unit": org.unit_a.pk, "action": "project.edit"})
    assert r.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    return [tuple((c.value, c.data_type) for c in row) for row in book.active.iter_rows()]


def test_an_edit_with_a_control_character_does_not_break_the_audit_export(
    client, users, org, project
):
    from jixiao.web.goals import workflow

    workflow.edit(project, users.alice, {"purpose": "新的\x01资金用途"}, version=project.version)
    rows = _audit_rows(client, users, org)
    assert any(row[5][0] == "资金用途" and row[7][0] == "新的资金用途" for row in rows[1:])


def test_a_formula_in_an_edit_stays_text_in_the_audit_export(client, users, org, project):
    from jixiao.web.goals import workflow

    payload = "=cmd|' /C calc'!A0"
    workflow.edit(project, users.alice, {"purpose": payload}, version=project.version)
    rows = _audit_rows(client, users, org)
    assert (payload, "s") in [row[7] for row in rows[1:]]  # text, not a formula ("f")
