"""The admin curates the indicator library: merge, approve learned entries, import and export
as Excel with a template; every change audited, imports all or nothing."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from jixiao.web.audit.models import AuditEntry
from jixiao.web.goals import workflow
from jixiao.web.library.models import CuratedEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_stale_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _search(api, user, q):
    return {
        r["name"]: r for r in api(user).get("library/indicators", q=q, limit="50").data["results"]
    }


def _sheet(
    *rows,
    header=("一级指标", "二级指标", "三级指标", "绩效指标描述", "典型指标值", "指标值确定依据"),
):
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    out.name = "指标库.xlsx"
    out.seek(0)
    return out


def test_merging_adds_the_uses_and_hides_the_merged_entry(client, users, api, seeded):
    for p in seeded.projects.order_by("seq")[:5]:
        workflow.submit(p, users.alice)
        workflow.approve(p, users.bob)
    template = _search(api, users.alice, "节约经费")
    learned = next(n for n in template if n.startswith("节约经费"))
    uses = template[learned]["uses"]
    level2 = template[learned]["level2"]
    before = _search(api, users.alice, "工资发放人数")["工资发放人数"]["uses"]
    client.force_login(users.carol)
    r = client.post(
        "/library/",
        {
            "action": "merge",
            "level2": level2,
            "name": learned,
            "into_level2": "数量指标",
            "into_name": "工资发放人数",
        },
        follow=True,
    )
    assert "已将" in r.content.decode()
    assert learned not in _search(api, users.alice, "节约经费")
    assert _search(api, users.alice, "工资发放人数")["工资发放人数"]["uses"] == before + uses
    entry = AuditEntry.objects.get(action="library.merge")
    assert entry.old["name"] == learned and entry.new["uses"] == before + uses
    # Merging into nothing is refused with a message, and nothing changes.
    r = client.post(
        "/library/",
        {
            "action": "merge",
            "level2": "数量指标",
            "name": "工资发放人数",
            "into_level2": "数量指标",
            "into_name": "没有这条",
        },
        follow=True,
    )
    assert "指标库中没有“数量指标/没有这条”" in r.content.decode()
    assert AuditEntry.objects.filter(action="library.merge").count() == 1


def test_an_admin_approves_a_learned_entry(client, users, api, seeded):
    for p in seeded.projects.order_by("seq")[:5]:
        workflow.submit(p, users.alice)
        workflow.approve(p, users.bob)
    learned = next(
        r
        for r in _search(api, users.alice, "节约经费").values()
        if r["source"] == "本区域已审核项目"
    )
    client.force_login(users.carol)
    page = client.get("/library/", {"q": "节约经费"}).content.decode()
    assert 'value="approve">认可</button>' in page
    client.post(
        "/library/", {"action": "approve", "level2": learned["level2"], "name": learned["name"]}
    )
    row = _search(api, users.alice, "节约经费")[learned["name"]]
    assert row["source"] == "本区域已审核项目（管理员认可）" and row["uses"] == learned["uses"]
    assert CuratedEntry.objects.get(name=learned["name"]).origin == "approved"
    assert AuditEntry.objects.filter(action="library.approve").count() == 1
    # A shipped entry needs no approval.
    r = client.post(
        "/library/",
        {"action": "approve", "level2": "数量指标", "name": "工资发放人数"},
        follow=True,
    )
    assert "无需认可" in r.content.decode()


def test_import_adds_entries_and_a_bad_sheet_changes_nothing(client, users, api):
    client.force_login(users.carol)
    good = _sheet(
        ("", "数量指标", "培训学员人数", "参加培训的人数", "≥200人", "计划标准"),
        ("产出指标", "质量指标", "培训考核合格率", "", "≥95%", "行业标准"),
    )
    r = client.post("/library/", {"action": "import", "file": good}, follow=True)
    assert "已导入 2 条指标库条目" in r.content.decode()
    row = _search(api, users.alice, "培训学员人数")["培训学员人数"]
    assert row["level1"] == "产出指标" and row["target"] == "≥200人"
    assert row["source"] == "管理员导入"
    bad = _sheet(
        ("", "数量指标", "新指标甲", "", "", ""),
        ("", "数量指标", "", "", "", ""),
        ("效益指标", "质量指标", "新指标乙", "", "", ""),
        ("", "很好指标", "新指标丙", "", "", ""),
    )
    page = client.post("/library/", {"action": "import", "file": bad}, follow=True).content.decode()
    assert "第 3 行 C 列（三级指标）：不能为空" in page
    assert "第 4 行 A 列（一级指标）：“效益指标”与二级指标“质量指标”不符" in page
    assert "第 5 行 B 列（二级指标）：“很好指标”不是二级指标" in page
    assert "第 2 行" not in page
    assert "新指标甲" not in _search(api, users.alice, "新指标甲")  # atomic: nothing imported
    assert CuratedEntry.objects.count() == 2
    assert AuditEntry.objects.filter(action="library.import").count() == 1
    broken = io.BytesIO(b"PK\x03\x04 not really a workbook")
    broken.name = "x.xlsx"
    page = client.post("/library/", {"action": "import", "file": broken}, follow=True)
    assert page.status_code == 200 and CuratedEntry.objects.count() == 2


def test_the_template_and_the_export_import_back(client, users):
    client.force_login(users.alice)
    template = client.get("/library/", {"format": "template"})
    assert template.status_code == 200
    ws = load_workbook(io.BytesIO(template.content)).active
    assert [c.value for c in ws[1]][:6] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "绩效指标描述",
        "典型指标值",
        "指标值确定依据",
    ]
    assert ws.max_row == 1
    exported = client.get("/library/", {"format": "xlsx", "q": "防汛"})
    client.force_login(users.carol)
    upload = io.BytesIO(exported.content)
    upload.name = "指标库.xlsx"
    r = client.post("/library/", {"action": "import", "file": upload}, follow=True)
    assert (
        "已导入" in r.content.decode()
        and CuratedEntry.objects.filter(name="储备防汛物资数量").exists()
    )


@pytest.mark.parametrize("name", ["alice", "bob", "dave"])
def test_only_the_admin_curates(client, users, name):
    client.force_login(getattr(users, name))
    upload = _sheet(("", "数量指标", "x", "", "", ""))
    assert client.post("/library/", {"action": "import", "file": upload}).status_code == 403
    assert (
        client.post("/library/", {"action": "merge", "level2": "a", "name": "b"}).status_code == 403
    )
    assert not CuratedEntry.objects.exists()
    assert "library-curation" not in client.get("/library/").content.decode()


def test_a_large_import_is_set_based_and_replaces_entries_in_place(
    users, django_assert_max_num_queries
):
    from jixiao.web.library.services import import_sheet

    first = _sheet(*[("", "数量指标", f"指标{k}", "", "≥1人", "计划标准") for k in range(300)])
    with django_assert_max_num_queries(12):
        assert import_sheet(users.carol, first.getvalue(), "指标库.xlsx") == 300
    assert CuratedEntry.objects.count() == 300
    again = _sheet(
        ("", "数量指标", "指标7", "新的描述", "≥2人", "历史标准"),
        ("", "质量指标", "新指标", "", "≥95%", "行业标准"),
    )
    assert import_sheet(users.carol, again.getvalue(), "指标库.xlsx") == 2
    assert CuratedEntry.objects.count() == 301
    seven = CuratedEntry.objects.get(level2="数量指标", name="指标7")
    assert (seven.description, seven.target, seven.basis) == ("新的描述", "≥2人", "历史标准")
    assert seven.origin == CuratedEntry.IMPORTED and seven.added_by == users.carol
