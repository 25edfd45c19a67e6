"""The indicator library over the web: ranked suggestions, learning from approved projects,
the admin's curation, the page and its Excel export."""

from __future__ import annotations

import io

import pytest

from jixiao.web.goals import workflow

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_stale_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_suggestions_for_a_project(api, users, seeded):
    flood = seeded.projects.get(seq=6)  # 防汛
    reply = api(users.alice).get("library/indicators", project=str(flood.pk), limit="5")
    assert reply.status == 200, reply.data
    names = [r["name"] for r in reply.data["results"]]
    assert names[0] == "储备防汛物资数量"
    first = reply.data["results"][0]
    assert set(first) >= {
        "level1",
        "level2",
        "name",
        "description",
        "target",
        "basis",
        "uses",
        "source",
    }
    typed = api(users.alice).get("library/indicators", project=str(flood.pk), q="满意")
    assert typed.data["results"] and all("满意" in r["name"] for r in typed.data["results"])


def test_learned_from_approved_projects_with_counts(api, users, seeded):
    for p in seeded.projects.order_by("seq")[:5]:
        workflow.submit(p, users.alice)
        workflow.approve(p, users.bob)
    reply = api(users.alice).get("library/indicators", q="工资发放人数", limit="50")
    row = next(r for r in reply.data["results"] if r["name"] == "工资发放人数")
    assert row["uses"] == 2  # projects 1 and 2 of the seed (3–5 measure other things)
    template = api(users.alice).get("library/indicators", q="节约经费", limit="50").data["results"]
    assert template and template[0]["uses"] == 4 and template[0]["source"] == "本区域已审核项目"


def test_bad_parameters_and_scope(api, users, seeded):
    alice = api(users.alice)
    assert alice.get("library/indicators", limit="0").status == 400
    assert alice.get("library/indicators", limit="x").status == 400
    assert alice.get("library/indicators", project="9" * 30).status == 400
    p = seeded.projects.first()
    assert api(users.eve).get("library/indicators", project=str(p.pk)).status == 404
    assert api(None).get("library/indicators").status == 401


def test_admin_retires_an_entry(client, users, api):
    client.force_login(users.alice)
    assert (
        client.post("/library/", {"level2": "数量指标", "name": "工资发放人数"}).status_code == 403
    )
    client.force_login(users.carol)
    client.post("/library/", {"level2": "数量指标", "name": "工资发放人数"})
    names = [
        r["name"]
        for r in api(users.alice).get("library/indicators", q="工资", limit="50").data["results"]
    ]
    assert "工资发放人数" not in names
    page = client.get("/library/").content.decode()
    assert "已停用" in page
    client.post("/library/", {"level2": "数量指标", "name": "工资发放人数", "action": "restore"})
    names = [
        r["name"]
        for r in api(users.alice).get("library/indicators", q="工资", limit="50").data["results"]
    ]
    assert "工资发放人数" in names
    from jixiao.web.audit.models import AuditEntry

    assert list(
        AuditEntry.objects.filter(action__startswith="library.")
        .values_list("action", flat=True)
        .order_by("id")
    ) == [
        "library.retire",
        "library.restore",
    ]


def test_page_and_excel_export(client, users):
    client.force_login(users.alice)
    page = client.get("/library/", {"q": "防汛"}).content.decode()
    assert "储备防汛物资数量" in page
    xlsx = client.get("/library/", {"format": "xlsx"})
    assert xlsx.status_code == 200
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(xlsx.content)).active
    header = [c.value for c in ws[1]]
    assert header[:3] == ["一级指标", "二级指标", "三级指标"]
    targets = [row[4].value for row in ws.iter_rows(min_row=2)]
    assert "=100%" in targets  # text, not a formula


def test_editor_carries_the_library_hooks(client, users, seeded):
    client.force_login(users.alice)
    page = client.get(f"/projects/{seeded.projects.first().pk}/edit/").content.decode()
    assert 'data-library-url="/api/v1/library/indicators?project=' in page
    assert '<datalist id="taxonomy-level2"><option value="数量指标" label="产出指标">' in page
    assert "经济成本指标" in page  # both taxonomies
    assert "jixiao/library" in page and "library.js" in page
