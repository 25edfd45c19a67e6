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
