"""The project page, the edit form and the workflow buttons, through the Django client."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def edit_data(client, project) -> dict[str, str]:
    """The edit form as the page renders it: every input's current value."""
    html = client.get(f"/projects/{project.pk}/edit/").content.decode()
    data: dict[str, str] = {}
    for m in re.finditer(r"<input([^>]*)>", html):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m.group(1)))
        if "name" not in attrs or "__prefix__" in attrs["name"]:
            continue
        if attrs.get("type") == "checkbox":
            if "checked" in m.group(1):
                data[attrs["name"]] = "on"
            continue
        data[attrs["name"]] = _unescape(attrs.get("value", ""))
    for m in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        if "__prefix__" not in m.group(1):
            data[m.group(1)] = _unescape(m.group(2).removeprefix("\n"))
    return data


def _unescape(s: str) -> str:
    import html

    return html.unescape(s)


def test_the_page_shows_every_field_of_the_official_table(client, users, project):
    client.force_login(users.alice)
    r = client.get(f"/projects/{project.pk}/")
    assert r.status_code == 200
    text = text_of(r)
    for label in (
        "项目编码",
        "项目名称",
        "预算数",
        "财政资金",
        "其他资金",
        "资金用途",
        "资金支出计划",
        "绩效目标",
        "一级指标",
        "二级指标",
        "三级指标",
        "绩效指标描述",
        "指标值",
        "指标值确定依据",
    ):
        assert label in text
    for value in (
        project.code,
        project.name,
        "2.28",
        "残疾人专职委员工资",
        "3月",
        "25%",
        "12月",
        "100%",
        "工资发放完成率",
        "工资发放人数",
        "年底实际情况",
        "草稿",
    ):
        assert value in text, value


def test_findings_sit_beside_the_field_they_concern(client, users, project):
    client.force_login(users.alice)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    row = re.search(r'<tr id="ind-1".*?</tr>', html, re.S).group(0)
    assert "没有计量单位" in row  # R0xx: "≥100" has no unit, on indicator 1
    goals = re.search(r'<tr id="f-goals".*?</tr>\s*(?=</tbody>)', html, re.S).group(0)
    assert "没有对应的绩效指标" in goals
    purpose = re.search(r'<tr id="f-purpose".*?</tr>', html, re.S).group(0)
    assert "没有计量单位" not in purpose


@pytest.mark.parametrize("path", ["", "edit/"])
def test_another_unit_gets_404(client, users, project, path):
    client.force_login(users.eve)
    assert client.get(f"/projects/{project.pk}/{path}").status_code == 404


@pytest.mark.parametrize("name", ["bob", "carol", "dave"])
def test_read_only_roles_get_403_on_edit_and_submit(client, users, project, name):
    client.force_login(getattr(users, name))
    assert client.get(f"/projects/{project.pk}/").status_code == 200
    assert client.get(f"/projects/{project.pk}/edit/").status_code == 403
    assert client.post(f"/projects/{project.pk}/submit/").status_code == 403
    project.refresh_from_db()
    assert project.status == "draft"


@pytest.mark.parametrize("name", ["alice", "carol", "dave"])
def test_only_reviewers_return_and_approve(client, users, project, name):
    from jixiao.web.goals import workflow

    workflow.submit(project, users.alice)
    client.force_login(getattr(users, name))
    assert client.post(f"/projects/{project.pk}/approve/").status_code == 403
    assert client.post(f"/projects/{project.pk}/return/", {"c-TOTAL_FORMS": "0"}).status_code == 403
    project.refresh_from_db()
    assert project.status == "submitted"


def test_anonymous_users_are_sent_to_log_in(client, project):
    for path in ("/", "/projects/", f"/projects/{project.pk}/", "/import/", "/audit/"):
        r = client.get(path)
        assert r.status_code == 302 and r["Location"].startswith("/login/"), path


def test_edit_an_indicator_reorder_add_and_remove(client, users, project):
    client.force_login(users.alice)
    data = edit_data(client, project)
    assert data["ind-0-target"] == "≥100" and data["ind-TOTAL_FORMS"] == "4"
    data["ind-0-target"] = "=8人"
    data["ind-2-DELETE"] = "on"  # remove the 满意度 indicator
    data["ind-0-ORDER"], data["ind-1-ORDER"] = "2", "1"  # swap the first two
    data.update(
        {
            "ind-3-level1": "产出指标",
            "ind-3-level2": "时效指标",
            "ind-3-name": "工资发放及时率",
            "ind-3-target": "=100%",
            "ind-3-ORDER": "3",
        }
    )
    r = client.post(f"/projects/{project.pk}/edit/", data)
    assert r.status_code == 302, text_of(r)[:2000]
    rows = list(project.indicators.order_by("position"))
    assert [(i.name, i.target_text) for i in rows] == [
        ("树立良好形象", "≥100"),
        ("工资发放人数", "=8人"),
        ("工资发放及时率", "=100%"),
    ]
    assert rows[1].target_value == 8 and rows[1].target_unit == "人"
    project.refresh_from_db()
    assert project.version == 2
    # Nothing else moved: purpose, budget and plan are as before.
    assert project.purpose == "残疾人专职委员工资" and str(project.budget_total) == "2.28"
    assert [c.text for c in project.plan_cells.order_by("position")] == [
        "25%",
        "50%",
        "75%",
        "100%",
    ]


def test_saving_the_form_unchanged_changes_nothing(client, users, project):
    from jixiao.web.audit.models import AuditEntry

    client.force_login(users.alice)
    before = AuditEntry.objects.count()
    r = client.post(f"/projects/{project.pk}/edit/", edit_data(client, project))
    assert r.status_code == 302
    project.refresh_from_db()
    assert project.version == 1 and AuditEntry.objects.count() == before


def test_goals_and_plan_are_edited(client, users, project):
    client.force_login(users.alice)
    data = edit_data(client, project)
    data["goals-1-DELETE"] = "on"
    data["goals-3-text"] = "按月足额发放 8 名专职委员工资"
    data["plan-2-DELETE"] = "on"
    data["plan-1-text"] = "60%"
    r = client.post(f"/projects/{project.pk}/edit/", data)
    assert r.status_code == 302
    project.refresh_from_db()
    assert project.goals == [
        "完成社区残疾人各项保障做",
        "工作人员满意度",
        "按月足额发放 8 名专职委员工资",
    ]
    assert [(c.month, c.text) for c in project.plan_cells.order_by("position")] == [
        (3, "25%"),
        (6, "60%"),
        (12, "100%"),
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("budget_total", "两万", "“两万”不是数字"),
        ("plan-0-text", "四分之一", "不是百分比"),
        ("plan-1-month", "3", "月份应按时间先后排列且不重复"),
        ("plan-0-month", "13", "第 1 个支出计划时点的月份：确保该值小于或等于12"),
        ("name", "", "项目名称：这个字段是必填项"),
    ],
)
def test_bad_values_are_refused_with_a_chinese_message(
    client, users, project, field, value, message
):
    client.force_login(users.alice)
    data = edit_data(client, project)
    data[field] = value
    r = client.post(f"/projects/{project.pk}/edit/", data)
    assert r.status_code == 400 and message in text_of(r)
    project.refresh_from_db()
    assert project.version == 1


def test_a_stale_form_is_refused_and_overwrites_nothing(client, users, project):
    from jixiao.web.goals import workflow

    client.force_login(users.alice)
    data = edit_data(client, project)
    workflow.edit(project, users.alice, {"purpose": "别人先改了"}, version=1)
    data["purpose"] = "我后改的"
    r = client.post(f"/projects/{project.pk}/edit/", data)
    assert r.status_code == 400 and "已被他人修改" in text_of(r)
    project.refresh_from_db()
    assert project.purpose == "别人先改了"


def test_full_cycle_through_the_pages(client, users, project):
    client.force_login(users.alice)
    data = edit_data(client, project)
    data["ind-0-target"] = "=8人"
    data["then"] = "submit"
    r = client.post(f"/projects/{project.pk}/edit/", data, follow=True)
    assert "请确认后再提交" in text_of(r)  # the project still has 错误
    data = edit_data(client, project)
    data["then"], data["confirm"] = "submit", "1"
    r = client.post(f"/projects/{project.pk}/edit/", data, follow=True)
    assert "已提交审核（第 1 次提交）" in text_of(r)
    project.refresh_from_db()
    assert project.status == "submitted"
    # Units may not edit while it is submitted.
    r = client.get(f"/projects/{project.pk}/edit/", follow=True)
    assert "只有草稿或已退回的项目才能修改" in text_of(r)

    client.force_login(users.bob)
    page = client.get(f"/projects/{project.pk}/")
    assert 'id="return-form"' in page.content.decode()
    r = client.post(
        f"/projects/{project.pk}/return/",
        {
            "c-TOTAL_FORMS": "2",
            "c-INITIAL_FORMS": "0",
            "c-0-field": "purpose",
            "c-0-text": "请写明发放标准",
            "c-1-field": "indicator.target",
            "c-1-indicator": "2",
            "c-1-text": "请补上计量单位",
            "version": str(project.version),
        },
        follow=True,
    )
    assert "已退回修改，附审核意见 2 条" in text_of(r)
    project.refresh_from_db()
    assert project.status == "returned"

    client.force_login(users.alice)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    purpose = re.search(r'<tr id="f-purpose".*?</tr>', html, re.S).group(0)
    assert "请写明发放标准" in purpose
    ind2 = re.search(r'<tr id="ind-2".*?</tr>\s*<tr', html, re.S).group(0)
    assert "请补上计量单位" in ind2
    data = edit_data(client, project)
    data["purpose"] = "8 名专职委员工资，每人每月 190 元"
    data["then"], data["confirm"] = "submit", "1"
    client.post(f"/projects/{project.pk}/edit/", data)
    project.refresh_from_db()
    assert project.status == "submitted" and project.submissions.count() == 2

    client.force_login(users.bob)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    changes = re.search(r'<section class="panel changes" id="changes">.*?</section>', html, re.S)
    assert changes and "资金用途" in changes.group(0) and "每人每月 190 元" in changes.group(0)
    assert "工资发放人数" not in changes.group(0)  # fixed before the first submission
    r = client.post(
        f"/projects/{project.pk}/approve/", {"version": str(project.version)}, follow=True
    )
    assert "已审核通过" in text_of(r)
    project.refresh_from_db()
    assert project.status == "approved"
    # Approved: no more buttons for anyone.
    assert client.post(f"/projects/{project.pk}/approve/", follow=True).status_code == 200
    project.refresh_from_db()
    assert project.status == "approved"


def test_return_needs_a_comment_and_indicator_comments_need_a_number(client, users, project):
    from jixiao.web.goals import workflow

    workflow.submit(project, users.alice)
    client.force_login(users.bob)
    base = {"c-TOTAL_FORMS": "1", "c-INITIAL_FORMS": "0"}
    r = client.post(f"/projects/{project.pk}/return/", {**base, "c-0-text": " "}, follow=True)
    assert "至少要写一条审核意见" in text_of(r)
    r = client.post(
        f"/projects/{project.pk}/return/",
        {**base, "c-0-field": "indicator.target", "c-0-text": "单位"},
        follow=True,
    )
    assert "请注明第几个指标" in text_of(r)
    project.refresh_from_db()
    assert project.status == "submitted" and project.comments.count() == 0


def test_a_unit_marks_a_comment_resolved(client, users, project):
    from jixiao.web.goals import workflow

    workflow.submit(project, users.alice)
    (comment,) = workflow.return_project(
        project, users.bob, [workflow.CommentInput("请改", field="purpose")]
    )
    client.force_login(users.eve)
    assert client.post(f"/projects/{project.pk}/comments/{comment.pk}/resolve/").status_code == 404
    client.force_login(users.alice)
    r = client.post(f"/projects/{project.pk}/comments/{comment.pk}/resolve/", follow=True)
    assert "已将该意见标记为已处理" in text_of(r)
    comment.refresh_from_db()
    assert comment.resolved


def test_the_carryover_is_shown_edited_and_checked_with_the_core_rule(client, users, project):
    """上年结转资金 (Budget.carryover) sits with the other amounts: shown, edited, and added
    into 预算数 by R071 as in every file format."""
    client.force_login(users.alice)
    assert "上年结转资金" in text_of(client.get(f"/projects/{project.pk}/"))
    data = edit_data(client, project)
    assert "budget_carryover" in data
    data.update(budget_total="2.28", budget_fiscal="2.00", budget_other="", budget_carryover="0.5")
    r = client.post(f"/projects/{project.pk}/edit/", data)
    assert r.status_code == 302
    project.refresh_from_db()
    assert str(project.budget_carryover) == "0.5"
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "上年结转资金 0.5" in page  # R071 adds the carryover into the parts
    data = edit_data(client, project)
    assert data["budget_carryover"] == "0.5"
    data.update(budget_carryover="0.28")
    assert client.post(f"/projects/{project.pk}/edit/", data).status_code == 302
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "上年结转资金 0.28" not in page  # 2.00 + 0.28 = 2.28: no finding
    data = edit_data(client, project)
    data.update(budget_carryover="-1")
    r = client.post(f"/projects/{project.pk}/edit/", data)
    assert r.status_code == 400 and "上年结转资金" in text_of(r)


def test_a_project_of_130_indicators_is_saved_from_the_edit_page(client, users, project):
    """Django's default 1,000 posted fields refused it with a bare 400."""
    from jixiao.web.goals.models import Indicator

    first = project.indicators.order_by("position").first()
    base = project.indicators.count()
    copies = []
    for k in range(130):
        first.pk = None
        first.position = base + k + 1
        copies.append(
            Indicator(
                **{f.attname: getattr(first, f.attname) for f in Indicator._meta.concrete_fields}
            )
        )
    Indicator.objects.bulk_create(copies)
    client.force_login(users.alice)
    data = edit_data(client, project)
    assert len(data) > 1000
    data["purpose"] = "新的资金用途"
    r = client.post(f"/projects/{project.pk}/edit/", data)
    assert r.status_code == 302, text_of(r)[:300]
    project.refresh_from_db()
    assert project.purpose == "新的资金用途" and project.indicators.count() == base + 130


def test_amounts_on_the_project_page_are_written_as_on_the_lists(client, users, project):
    """A whole budget showed as 65 on the project page and 65.00 on the document's list:
    every page writes amounts with the core's `format_amount`, changes included."""
    client.force_login(users.alice)
    data = edit_data(client, project)
    data.update(budget_total="65", budget_fiscal="65", budget_other="", budget_carryover="")
    assert client.post(f"/projects/{project.pk}/edit/", data).status_code == 302
    page = client.get(f"/projects/{project.pk}/").content.decode()
    row = re.search(r'data-field="budget.total".*?</tr>', page, re.S)
    assert row is not None
    assert '<span class="pre">65.00</span>' in row.group(0)
    fiscal = re.search(r'data-field="budget.fiscal".*?</tr>', page, re.S)
    assert fiscal is not None and '<span class="pre">65.00</span>' in fiscal.group(0)
    listing = text_of(client.get(f"/documents/{project.document_id}/"))
    assert " 65.00 " in listing


def test_a_project_without_a_code_says_why_it_needs_one_before_submitting(client, users, project):
    """Files from layouts without a 项目编码 column import projects without codes; payments
    are matched by code, so the page asks for one while the project can still be edited."""
    client.force_login(users.alice)
    assert 'id="code-missing"' not in client.get(f"/projects/{project.pk}/").content.decode()
    data = edit_data(client, project)
    data.update(code="")
    assert client.post(f"/projects/{project.pk}/edit/", data).status_code == 302
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert 'id="code-missing"' in page and "按项目编码匹配支付记录" in page
    assert f'href="/projects/{project.pk}/edit/"' in page
    client.force_login(users.bob)  # the reviewer cannot edit: no such notice
    assert 'id="code-missing"' not in client.get(f"/projects/{project.pk}/").content.decode()
