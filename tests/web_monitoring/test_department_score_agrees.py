"""A document WITH a 部门整体绩效目标表: the review scores the table as one more part of the
document's score (`engine._department_rows`, docs/review.md). The score the unit's home and
the document page show is the one `jixiao review` gives, in every output format, on the
document exported from the web (docx and xlsx), and it follows an edit of the table at once.

The test never recomputes a rule: it reads what each surface shows and compares.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from django.urls import reverse


def _table(seed_doc):
    """A department table made of the seed's first project's rows, one target blanked:
    rows the indicator rules find fault with."""
    from jixiao.core.targets import parse_target

    rows = [copy.deepcopy(i) for i in seed_doc.projects[0].indicators[:4]]
    rows[0].target = parse_target("")
    return rows


@pytest.fixture
def with_table(org, users, seed_doc):
    from jixiao.core.review import review
    from jixiao.web.goals.imports import import_document

    doc = copy.deepcopy(seed_doc)
    doc.department_indicators = _table(seed_doc)
    if not doc.overall_goals:
        doc.overall_goals = ["保障街道各项工作正常运转。"]
    assert review(doc).score != review(seed_doc).score  # the table counts in the score
    return import_document(doc, users.alice, org.unit_a, source_name="seed.txt")


def _cli_scores(capsys, path: Path) -> tuple[int, int, int]:
    from jixiao.cli import main

    out = []
    for fmt in ("json", "text", "html"):
        capsys.readouterr()
        assert main(["review", str(path), "--format", fmt]) in (0, 1)
        out.append(capsys.readouterr().out)
    as_json = json.loads(out[0])["documents"][0]["score"]
    as_text = int(re.search(r"质量分 (\d+)/100", out[1]).group(1))
    as_html = int(re.search(r'质量分 <span class="score [a-z]+">(\d+)</span>', out[2]).group(1))
    return as_json, as_text, as_html


def test_document_score_with_a_department_table_agrees(login, users, with_table, capsys, tmp_path):
    document = with_table
    alice = login(users.alice)
    home = alice.get(reverse("home")).context
    on_home = next(d for d in home["documents"] if d.pk == document.pk).score
    on_page = alice.get(reverse("document", args=[document.pk])).context["score"]
    api = alice.get(f"/api/v1/documents/{document.pk}").json()
    assert on_home == on_page == api["score"]
    for fmt in ("xlsx", "docx", "pdf"):
        r = alice.get(reverse("export"), {"unit": document.unit_id, "year": 2022, "format": fmt})
        assert r.status_code == 200, fmt
        path = tmp_path / f"doc.{fmt}"
        path.write_bytes(r.content)
        assert _cli_scores(capsys, path) == (on_page,) * 3, fmt


def test_editing_the_department_table_changes_the_score_at_once(login, users, with_table):
    from jixiao.web.goals.drafting import edit_department

    document = with_table
    alice = login(users.alice)
    before = alice.get(reverse("document", args=[document.pk])).context["score"]
    edit_department(document, users.alice, indicators=[], version=document.version)
    after = alice.get(reverse("document", args=[document.pk])).context["score"]
    on_home = next(d for d in alice.get(reverse("home")).context["documents"]).score
    api = alice.get(f"/api/v1/documents/{document.pk}").json()["score"]
    assert after == on_home == api != before


def test_a_department_only_document_rescored_after_an_edit(login, users, org, seed_doc):
    """No project: the cache key must still follow the document's own version."""
    from jixiao.web.goals.drafting import edit_department
    from jixiao.web.goals.imports import import_document

    doc = copy.deepcopy(seed_doc)
    doc.projects = []
    doc.project_summaries = []
    doc.department_indicators = _table(seed_doc)
    if not doc.overall_goals:
        doc.overall_goals = ["保障街道各项工作正常运转。"]
    document = import_document(doc, users.alice, org.unit_a, source_name="dept.txt")
    alice = login(users.alice)
    home = lambda: next(d for d in alice.get(reverse("home")).context["documents"]).score  # noqa: E731
    before = home()
    fixed = [copy.deepcopy(i) for i in seed_doc.projects[0].indicators[:4]]
    from jixiao.web.goals.mapping import indicator_to_dict

    edit_department(
        document,
        users.alice,
        indicators=[indicator_to_dict(i) for i in fixed],
        version=document.version,
    )
    assert home() != before


@pytest.mark.parametrize(
    "case_id",
    ["c55_chongqing_banan_department_weight_sense_columns", "c10_hubei_guangshui_department"],
)
def test_a_real_department_table_scores_the_same_stored(
    case_id, login, users, org, capsys, tmp_path
):
    """Real layouts (a 部门整体绩效目标表 without 一级/二级 columns, say): stored, the
    document's pages and API give the score `jixiao review` gives the file."""
    from jixiao.core.formats import read
    from jixiao.web.goals.imports import import_document
    from tests.corpus.cases import CASES

    case = next(c for c in CASES if c.id == case_id)
    path = tmp_path / case.filename
    path.write_bytes(case.data())
    doc = read(path)
    assert doc.department_indicators
    document = import_document(doc, users.alice, org.unit_a, source_name=case.filename)
    alice = login(users.alice)
    on_page = alice.get(reverse("document", args=[document.pk])).context["score"]
    on_home = next(d for d in alice.get(reverse("home")).context["documents"]).score
    api = alice.get(f"/api/v1/documents/{document.pk}").json()["score"]
    assert (on_page, on_home, api) == _cli_scores(capsys, path)
