"""Hostile and oversized imports: refused with one Chinese line and HTTP 400, the preview
linear in the number of projects."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def stored() -> int:
    from jixiao.web.goals.models import Project

    return Project.objects.count()


def test_a_lying_size_zip_bomb_is_refused_with_400(client, users, hostile):
    client.force_login(users.alice)
    bomb = hostile.lying_bomb(inflated_mib=1024, claimed=1000)
    r = client.post("/import/", {"file": SimpleUploadedFile("炸弹.docx", bomb)})
    assert r.status_code == 400
    text = text_of(r)
    assert "炸弹.docx" in text and "已拒绝" in text and "Traceback" not in text
    assert stored() == 0


@pytest.mark.parametrize("make", ["unknown_method", "bad_deflate", "bad_crc"])
def test_a_damaged_zip_is_refused_with_400(client, users, hostile, make):
    client.force_login(users.alice)
    r = client.post("/import/", {"file": SimpleUploadedFile("坏.docx", getattr(hostile, make)())})
    assert r.status_code == 400
    assert "坏.docx" in text_of(r) and "已损坏" in text_of(r)


def test_a_document_over_the_project_cap_is_refused_at_preview(
    client, users, seed_path, monkeypatch
):
    monkeypatch.setenv("JIXIAO_MAX_IMPORT_PROJECTS", "10")  # the seed holds 36
    client.force_login(users.alice)
    r = client.post("/import/", {"file": SimpleUploadedFile("目标.txt", seed_path.read_bytes())})
    assert r.status_code == 400
    text = text_of(r)
    assert "目标.txt" in text and "一次导入的项目过多" in text and "10 个上限" in text
    assert stored() == 0


def test_a_file_over_the_size_limit_is_refused(client, users, seed_path, monkeypatch):
    monkeypatch.setenv("JIXIAO_MAX_FILE_MB", "1")
    client.force_login(users.alice)
    data = seed_path.read_bytes() + b"\n" * (1024 * 1024)
    r = client.post("/import/", {"file": SimpleUploadedFile("大.txt", data)})
    assert r.status_code == 400
    assert "文件过大" in text_of(r) and "上限 1 MB" in text_of(r)


class CountingFinding(dict):
    """A finding that counts how often its project is looked up."""

    reads = 0

    def get(self, key, default=None):
        if key == "project_seq":
            CountingFinding.reads += 1
        return super().get(key, default)

    def __getitem__(self, key):
        if key == "project_seq":
            CountingFinding.reads += 1
        return super().__getitem__(key)


@pytest.mark.parametrize("copies", [1, 4])
def test_the_preview_looks_at_each_finding_a_fixed_number_of_times(
    users, seed_doc, monkeypatch, copies
):
    import copy
    import importlib

    from jixiao.web.front.uploads import _preview_context
    from jixiao.web.goals import imports

    doc = copy.deepcopy(seed_doc)
    base = list(doc.projects)
    doc.projects = []
    for k in range(copies):
        for p in base:
            q = copy.deepcopy(p)
            q.seq = len(doc.projects) + 1
            q.code = f"{(p.code or 'X')[:9]}{k:03d}{q.seq:09d}"
            doc.projects.append(q)
    review_module = importlib.import_module("jixiao.core.review")
    runs = []
    real = review_module.review
    monkeypatch.setattr(review_module, "review", lambda d: runs.append(1) or real(d))
    monkeypatch.setattr(imports, "parse", lambda data, name: doc)
    preview = imports.preview(b"", "目标.txt", users.alice.profile.unit)
    preview.findings = [CountingFinding(f) for f in preview.findings]
    CountingFinding.reads = 0
    context = _preview_context(preview, "目标.txt", "token")
    assert len(context["rows"]) == 36 * copies
    assert runs == [1]  # the review runs once per preview
    # One pass over the findings, whatever the number of projects (it was findings × projects).
    assert CountingFinding.reads <= len(preview.findings)
