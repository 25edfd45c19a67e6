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
    assert "暂无可审核的内容" in page and "部门整体审核没有发现问题" not in page
    r = client.post(f"/documents/{document.pk}/department/submit/", follow=True)
    assert "部门整体绩效目标还没有填写" in r.content.decode()
    document.refresh_from_db()
    assert document.department_status == "draft"


def test_outsiders_get_404(client, users, seeded):
    client.force_login(users.eve)
    assert client.get(f"/documents/{seeded.pk}/department/").status_code == 404
    assert client.get("/documents/999999/department/").status_code == 404


def test_a_unit_writes_its_department_part_and_the_review_compares_it(client, users, org):
    from jixiao.web.audit.models import AuditEntry
    from jixiao.web.goals.drafting import add_project, create_document

    document = create_document(org.unit_a, 2023, "万元", users.alice)
    p = add_project(document, users.alice, "社区养老服务")
    p.budget_total = p.budget_amount = "12.50"
    p.save()
    client.force_login(users.alice)
    page = client.get(f"/documents/{document.pk}/department/").content.decode()
    assert 'id="department-edit"' in page
    r = client.post(
        f"/documents/{document.pk}/department/edit/",
        {
            "version": document.version,
            "overall_goals": "提升为老服务水平\n\n做好社区环境整治\n",
            "summary-1": "为辖区老人提供日间照料，共需资金20.00万元。",
            "measures": "加强组织领导",
        },
    )
    assert r.status_code == 302
    document.refresh_from_db()
    assert document.overall_goals == ["提升为老服务水平", "做好社区环境整治"]
    assert document.measures == ["加强组织领导"]
    assert document.project_summaries == [
        {"seq": 1, "name": "社区养老服务", "text": "为辖区老人提供日间照料，共需资金20.00万元。"}
    ]
    entry = AuditEntry.objects.get(action="document.edit")
    assert entry.new["version"] == 2 and entry.old["overall_goals"] == []
    page = client.get(f"/documents/{document.pk}/department/").content.decode()
    row = re.search(r'<tr data-seq="1" class="disagrees">(.*?)</tr>', page, re.S).group(1)
    assert "20.00万元" in row and "12.50万元 不一致" in row
    # A form read before that save is stale.
    r = client.post(
        f"/documents/{document.pk}/department/edit/",
        {"version": 1, "overall_goals": "x", "measures": ""},
    )
    assert r.status_code == 400 and "已被他人修改" in r.content.decode()


def test_the_department_part_is_fixed_once_submitted(client, users, seeded):
    from jixiao.web.goals import department

    client.force_login(users.alice)
    assert client.get(f"/documents/{seeded.pk}/department/edit/").status_code == 200
    department.submit(seeded, users.alice)
    r = client.post(
        f"/documents/{seeded.pk}/department/edit/",
        {"version": seeded.version, "overall_goals": "x", "measures": "y"},
    )
    assert r.status_code == 403
    seeded.refresh_from_db()
    assert len(seeded.overall_goals) == 9
    page = client.get(f"/documents/{seeded.pk}/department/").content.decode()
    assert 'id="department-edit"' not in page and 'id="department-submit"' not in page
    assert ">已提交<" in page


def test_submitted_returned_resubmitted_and_approved_like_a_project(client, users, seeded):
    from jixiao.web.audit.models import AuditEntry

    client.force_login(users.alice)
    page = client.get(f"/documents/{seeded.pk}/department/").content.decode()
    assert 'id="department-submit"' in page and 'id="department-approve"' not in page
    r = client.post(f"/documents/{seeded.pk}/department/submit/", {"version": seeded.version})
    assert r.status_code == 302
    seeded.refresh_from_db()
    assert seeded.department_status == "submitted"
    # The reviewer's home page lists it; the reviewer returns it with a remark.
    client.force_login(users.bob)
    home = client.get("/").content.decode()
    assert f'href="/documents/{seeded.pk}/department/"' in home
    assert "待审核的部门整体绩效目标（1）" in home
    page = client.get(f"/documents/{seeded.pk}/department/").content.decode()
    assert 'id="department-approve"' in page and 'id="department-return"' in page
    r = client.post(f"/documents/{seeded.pk}/department/return/", {"comment": ""})
    seeded.refresh_from_db()
    assert seeded.department_status == "submitted"  # a return needs a remark
    client.post(f"/documents/{seeded.pk}/department/return/", {"comment": "第3条目标没有项目承载"})
    seeded.refresh_from_db()
    assert seeded.department_status == "returned"
    # The unit sees the remark, edits and submits again; the reviewer approves.
    client.force_login(users.alice)
    page = client.get(f"/documents/{seeded.pk}/department/").content.decode()
    assert "第3条目标没有项目承载" in page and 'id="department-edit"' in page
    client.post(f"/documents/{seeded.pk}/department/submit/")
    client.force_login(users.bob)
    client.post(f"/documents/{seeded.pk}/department/approve/")
    seeded.refresh_from_db()
    assert seeded.department_status == "approved"
    actions = list(
        AuditEntry.objects.filter(action__startswith="document.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[-4:] == [
        "document.submit",
        "document.return",
        "document.submit",
        "document.approve",
    ]
    returned = AuditEntry.objects.get(action="document.return")
    assert returned.old == {"department_status": "submitted"}
    assert returned.new["comment"] == "第3条目标没有项目承载"


def test_an_illegal_move_is_refused_with_a_message(client, users, seeded):
    client.force_login(users.bob)
    r = client.post(f"/documents/{seeded.pk}/department/approve/", follow=True)
    assert "只有已提交状态才能审核通过" in r.content.decode()
    seeded.refresh_from_db()
    assert seeded.department_status == "draft"


@pytest.mark.parametrize(
    ("name", "action", "status"),
    [
        ("alice", "approve", 403),
        ("alice", "return", 403),
        ("bob", "submit", 403),
        ("carol", "submit", 403),
        ("dave", "approve", 403),
        ("eve", "submit", 404),
        ("frank", "approve", 404),
    ],
)
def test_each_role_moves_only_what_it_may(client, users, seeded, name, action, status):
    client.force_login(getattr(users, name))
    r = client.post(f"/documents/{seeded.pk}/department/{action}/", {"comment": "x"})
    assert r.status_code == status
    seeded.refresh_from_db()
    assert seeded.department_status == "draft"


def test_a_stale_version_is_refused(users, seeded):
    from jixiao.web.goals import department
    from jixiao.web.goals.workflow import StaleVersionError

    with pytest.raises(StaleVersionError):
        department.submit(seeded, users.alice, version=seeded.version + 1)


def test_the_department_level_review_is_shown(client, users, org):
    from jixiao.web.goals.drafting import add_project, create_document, edit_department

    document = create_document(org.unit_a, 2023, "万元", users.alice)
    add_project(document, users.alice, "社区养老服务")
    edit_department(
        document,
        users.alice,
        overall_goals=[
            "社区养老服务覆盖更多居民",
            "对各小区地下管网进行排查修缮，解决排污排水难题",
        ],
        version=None,
    )
    client.force_login(users.bob)
    page = client.get(f"/documents/{document.pk}/department/").content.decode()
    section = re.search(r'id="department-findings">(.*?)</section>', page, re.S).group(1)
    assert "第 2 条" in section and "没有任何项目承载" in section


def test_the_department_table_is_edited_and_exported_alone(client, users, org):
    from urllib.parse import unquote

    from jixiao.core import read_bytes
    from jixiao.web.goals.drafting import add_project, create_document

    document = create_document(org.unit_a, 2023, "万元", users.alice)
    add_project(document, users.alice, "社区养老服务")
    client.force_login(users.alice)
    form = client.get(f"/documents/{document.pk}/department/edit/").content.decode()
    assert 'name="ind-3-name"' in form  # blank rows for new indicators
    r = client.post(
        f"/documents/{document.pk}/department/edit/",
        {
            "version": document.version,
            "overall_goals": "提升为老服务水平",
            "measures": "加强组织领导",
            "ind-1-level1": "产出指标",
            "ind-1-level2": "数量指标",
            "ind-1-name": "服务老人人数",
            "ind-1-target": "≥1000人",
            "ind-1-basis": "历史标准",
            "ind-2-name": "",
        },
    )
    assert r.status_code == 302
    document.refresh_from_db()
    assert [i["name"] for i in document.department_indicators] == ["服务老人人数"]
    assert document.department_indicators[0]["target"]["text"] == "≥1000人"
    page = client.get(f"/documents/{document.pk}/department/").content.decode()
    assert "服务老人人数" in page and "部门整体绩效目标表（1 个指标）" in page
    for fmt in ("docx", "xlsx"):
        r = client.get(f"/documents/{document.pk}/department/export/?format={fmt}")
        assert r.status_code == 200
        assert f"部门整体绩效目标.{fmt}" in unquote(r["Content-Disposition"])
        back = read_bytes(r.content, f"x.{fmt}")
        assert back.overall_goals == ["提升为老服务水平"] and back.projects == []
        assert [i.name for i in back.department_indicators] == ["服务老人人数"]
    assert client.get(f"/documents/{document.pk}/department/export/?format=pdf").status_code == 400


@pytest.mark.parametrize("name", ["bob", "carol", "dave"])
def test_only_the_unit_edits_its_department_part(client, users, seeded, name):
    client.force_login(getattr(users, name))
    assert client.get(f"/documents/{seeded.pk}/department/edit/").status_code == 403
    assert client.post(f"/documents/{seeded.pk}/department/edit/").status_code == 403


def test_findings_on_the_department_table_rows_are_shown_where_findings_are(client, users, org):
    from jixiao.web.goals.drafting import add_project, create_document

    document = create_document(org.unit_a, 2023, "万元", users.alice)
    project = add_project(document, users.alice, "社区养老服务")
    client.force_login(users.alice)
    r = client.post(
        f"/documents/{document.pk}/department/edit/",
        {
            "version": document.version,
            "overall_goals": "丰富群众文化生活",
            "ind-1-level1": "产出指标",
            "ind-1-level2": "数量指标",
            "ind-1-name": "开展文艺活动场次",
            "ind-1-target": "20",
            "ind-1-basis": "计划标准",
        },
    )
    assert r.status_code == 302
    client.force_login(users.bob)
    page = client.get(f"/documents/{document.pk}/department/").content.decode()
    section = re.search(r'id="department-findings">(.*?)</section>', page, re.S).group(1)
    assert "部门整体绩效目标表第 1 个指标：指标值“20”没有指标性质" in section
    assert "部门整体绩效目标表第 1 个指标：指标值“20”没有计量单位" in section
    table = re.search(r'id="department-indicators">(.*?)</section>', page, re.S).group(1)
    row = re.search(r'<tr data-row="1" class="disagrees">(.*?)</tr>', table, re.S).group(1)
    assert "R021" in row and "R022" in row
    # The document page, the unit's list and the project page render; the rows' errors are
    # not given as the reason of the document's score, nor shown on a project.
    r = client.get(f"/documents/{document.pk}/")
    assert r.status_code == 200 and "部门整体绩效目标表第 1 个指标" not in r.content.decode()
    assert client.get("/").status_code == 200
    r = client.get(f"/projects/{project.pk}/")
    assert r.status_code == 200 and "部门整体绩效目标表第 1 个指标" not in r.content.decode()
