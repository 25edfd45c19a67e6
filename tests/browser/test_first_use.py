"""第一次使用 in Chromium, from an empty database: the first 系统管理员 (as `jixiao
createadmin` makes it) sets up a region, a department, a unit, a 填报人 and a 审核人 in
pages; the unit writes a two-project document with its department part from scratch,
submits it; the reviewer approves; the unit rolls it over to the next year. Screenshots
feed docs/guide.md."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PROJECTS = [
    {
        "name": "社区日间照料服务",
        "code": "13021323P00000410001A",
        "budget_total": "12.50",
        "budget_fiscal": "12.50",
        "purpose": "为辖区 60 岁以上老人提供日间照料和助餐服务",
        "plan": ["25%", "50%", "80%", "100%"],
        "goal": "全年为辖区老人提供日间照料服务不少于 1000 人次",
        "indicator": [
            "产出指标",
            "数量指标",
            "服务老人人次",
            "全年服务老人人次",
            "≥1000人次",
            "计划标准",
        ],
    },
    {
        "name": "社区环境整治",
        "code": "13021323P00000410002A",
        "budget_total": "8.00",
        "budget_fiscal": "8.00",
        "purpose": "清理辖区小区私搭乱建和卫生死角",
        "plan": ["", "40%", "", "100%"],
        "goal": "完成辖区 12 个小区的环境整治",
        "indicator": [
            "产出指标",
            "数量指标",
            "整治小区数",
            "完成整治的小区个数",
            "=12个",
            "计划标准",
        ],
    },
]


#: What the administrator gives each new user; they choose their own at the first login.
INITIAL = "Initial-passw0rd-2026"


def first_login(s, username: str, password: str):
    """Log in with the initial password, which the page asks to change first."""
    page = s.page
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(INITIAL)
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".messages")).to_contain_text("首次登录请先修改初始密码")
    page.locator('[name="old_password"]').fill(INITIAL)
    page.locator('[name="new_password1"]').fill(password)
    page.locator('[name="new_password2"]').fill(password)
    page.get_by_role("button", name="修改密码").click()
    expect(page.locator(".messages")).to_contain_text("密码")
    page.goto("/")
    return s


def test_first_use_from_an_empty_database(session, transactional_db, password):
    from jixiao.cli.createadmin import create
    from jixiao.web.audit.models import AuditEntry
    from jixiao.web.goals.models import APPROVED, GoalDocument

    create("admin", password)  # what `jixiao createadmin admin` does

    # -- the administrator sets everything up in pages ------------------------------------
    admin = session("admin")
    page = admin.page
    page.get_by_role("link", name="系统设置", exact=True).first.click()
    expect(page.locator("h1")).to_have_text("系统设置")
    admin.shot("setup-index", full_page=False)
    page.get_by_role("link", name="财政区划", exact=True).first.click()
    page.get_by_label("区划编码").fill("130213")
    page.get_by_label("区划名称").fill("唐山市曹妃甸区")
    page.get_by_role("button", name="新建区划").click()
    expect(page.locator(".messages")).to_contain_text("已创建财政区划")
    page.get_by_role("link", name="主管部门", exact=True).first.click()
    page.get_by_label("财政区划").select_option(label="130213 唐山市曹妃甸区")
    page.get_by_label("主管部门编码").fill("314")
    page.get_by_label("主管部门名称").fill("唐山市曹妃甸区希望路街道办事处")
    page.get_by_role("button", name="新建主管部门").click()
    expect(page.locator("#setup-rows")).to_contain_text("希望路街道办事处")
    page.get_by_role("link", name="预算单位", exact=True).first.click()
    department = page.get_by_label("主管部门（所在区划）")
    only = "唐山市曹妃甸区 / 314 唐山市曹妃甸区希望路街道办事处"
    expect(department.locator("option:checked")).to_have_text(only)  # the one there is
    department.select_option(label=only)
    page.get_by_label("单位编码").fill("314003")
    page.get_by_label("单位名称").fill("唐山市曹妃甸区希望路街道办事处")
    page.get_by_role("button", name="新建单位").click()
    expect(page.locator("#setup-rows")).to_contain_text("314003")
    admin.shot("setup-units", full_page=False)
    page.get_by_role("link", name="用户", exact=True).first.click()
    for username, role, full_name in (
        ("tianbao", "填报人", "王填报"),
        ("shenhe", "审核人", "赵审核"),
    ):
        page.get_by_label("用户名").fill(username)
        page.get_by_label("姓名或说明").fill(full_name)
        page.get_by_label("角色").select_option(label=role)
        if role == "填报人":
            # By label: a list of one unit may be offered without the empty line.
            page.get_by_label("所属单位（填报人）").select_option(
                label="314003 唐山市曹妃甸区希望路街道办事处"
            )
        else:
            page.get_by_label("负责的财政区划（审核人）").select_option(
                label="130213 唐山市曹妃甸区"
            )
        page.get_by_label("初始密码").fill(INITIAL)
        page.get_by_label("再输入一次").fill(INITIAL)
        page.get_by_role("button", name="新建用户").click()
        expect(page.locator(".messages")).to_contain_text(f"已创建用户：{username}")
    admin.shot("setup-users", full_page=False)
    setup_actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"region.create", "department.create", "unit.create", "user.create"} <= setup_actions

    # -- the unit writes its document from scratch ----------------------------------------
    unit = first_login(session(), "tianbao", password)
    page = unit.page
    page.get_by_role("link", name="新建绩效目标文档（从空白开始编制）").click()
    page.get_by_label("预算年度").fill("2023")
    unit.shot("document-new", full_page=False)
    page.get_by_role("button", name="新建", exact=True).click()
    expect(page.locator("h1")).to_contain_text("2023年度绩效目标")
    for k, p in enumerate(PROJECTS):
        page.get_by_label("新项目名称").fill(p["name"])
        page.get_by_role("button", name="新增项目").click()
        expect(page.locator("h1")).to_have_text("修改项目绩效目标表")
        page.locator('[name="code"]').fill(p["code"])
        page.locator('[name="budget_total"]').fill(p["budget_total"])
        page.locator('[name="budget_fiscal"]').fill(p["budget_fiscal"])
        page.locator('[name="purpose"]').fill(p["purpose"])
        for i, cell in enumerate(p["plan"]):
            page.locator(f'[name="plan-{i}-text"]').fill(cell)
        page.locator('[name="goals-0-text"]').fill(p["goal"])
        for field, value in zip(
            ("level1", "level2", "name", "description", "target", "basis"),
            p["indicator"],
            strict=True,
        ):
            page.locator(f'[name="ind-0-{field}"]').fill(value)
        expect(page.locator("[data-plan-check]")).to_contain_text("最后达到 100%")
        if k == 0:
            unit.shot("document-new-project", full_page=False)
        page.get_by_role("button", name="保存", exact=True).click()
        expect(page.locator("#status")).to_have_text("草稿")
        page.locator("nav.crumbs").get_by_role("link", name="2023年度").click()
    expect(page.locator("#document-projects tbody tr")).to_have_count(2)
    unit.shot("document-page", full_page=False)

    # -- and its department part, then submits both projects ------------------------------
    page.get_by_role("link", name="查看部门整体绩效目标").click()
    page.get_by_role("link", name="修改部门整体绩效目标").click()
    page.get_by_label("总体绩效目标", exact=True).fill("提升社区为老服务水平\n改善社区人居环境")
    page.get_by_label(f"1. {PROJECTS[0]['name']}").fill(
        "为辖区老人提供日间照料，共需资金12.50万元。"
    )
    page.get_by_label(f"2. {PROJECTS[1]['name']}").fill("整治 12 个小区环境，共需资金9.00万元。")
    page.get_by_label("工作保障措施", exact=True).fill("加强组织领导\n严格资金管理")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator("#overall-goals li")).to_have_count(2)
    expect(page.locator('#summaries tr[data-seq="2"]')).to_contain_text("不一致")
    expect(page.locator('#summaries tr[data-seq="1"].disagrees')).to_have_count(0)
    unit.shot("department-part", full_page=False)
    # The department part goes to review like a project.
    page.locator("#department-submit").get_by_role("button", name="提交审核").click()
    expect(page.locator("#department-status")).to_have_text("已提交")
    page.locator("nav.crumbs").get_by_role("link", name="2023年度").click()
    for p in PROJECTS:
        page.locator("#document-projects").get_by_role("link", name=p["name"]).click()
        # The page lists the project's open 错误 and asks for a confirmation first.
        errors = page.locator("#submit-errors")
        expect(errors).to_contain_text("个错误")
        errors.locator('input[name="confirm"]').check()
        errors.get_by_role("button", name="仍然提交审核").click()
        expect(page.locator("#status")).to_have_text("已提交")
        page.locator("nav.crumbs").get_by_role("link", name="2023年度").click()

    # -- the reviewer approves both projects and the department part ---------------------
    reviewer = first_login(session(), "shenhe", password)
    rpage = reviewer.page
    for p in PROJECTS:
        rpage.goto("/")
        rpage.locator("#queue").get_by_role("link", name=p["name"]).click()
        rpage.get_by_role("button", name="审核通过").click()
        expect(rpage.locator("#status")).to_have_text("已审核")
    rpage.goto("/")
    rpage.locator("#department-queue").get_by_role("link").click()
    rpage.locator("#department-approve").get_by_role("button", name="审核通过").click()
    expect(rpage.locator("#department-status")).to_have_text("已审核")
    document = GoalDocument.objects.get(year=2023)
    assert set(document.projects.values_list("status", flat=True)) == {APPROVED}
    assert document.department_status == APPROVED

    # -- the unit rolls the approved document over to 2024 --------------------------------
    page.reload()
    page.get_by_role("link", name="以上年为基础编制下一年度").click()
    expect(page.get_by_label("新的预算年度")).to_have_value("2024")
    page.get_by_role("button", name="复制为新年度草稿").click()
    expect(page.locator("#rollover-report")).to_contain_text(
        "已从 2023 年度复制到 2024 年度：2 个项目，2 个指标"
    )
    expect(page.locator("#rollover-projects")).to_contain_text("13021324P00000410001A")
    unit.shot("rollover-report", full_page=False)
    page.get_by_role("link", name="打开 2024 年度文档").click()
    expect(page.locator("#budget-to-confirm")).to_contain_text("2 个项目的预算数沿用上年")
    new = GoalDocument.objects.get(year=2024)
    assert list(new.projects.order_by("seq").values_list("name", "status")) == [
        (PROJECTS[0]["name"], "draft"),
        (PROJECTS[1]["name"], "draft"),
    ]


def test_the_first_administrator_is_made_in_the_browser(session, transactional_db, password):
    """`jixiao serve` in the background prints a one-time link; the login page points to it."""
    from jixiao.web.accounts import first_run

    token = first_run.issue()
    try:
        s = session()
        page = s.page
        page.goto("/login/")
        expect(page.locator("main")).to_contain_text("系统还没有系统管理员")
        page.goto(f"/first-admin/?token={token}")
        page.get_by_label("用户名").fill("guanli")
        page.get_by_label("密码", exact=True).fill(password)
        page.get_by_label("再输入一次").fill(password)
        page.get_by_role("button", name="创建系统管理员").click()
        expect(page.locator(".messages")).to_contain_text("已创建系统管理员 guanli")
        s.login("guanli")
        expect(page.locator("#first-steps")).to_contain_text("点击“系统设置”")
        page.goto(f"/first-admin/?token={token}")  # spent
        expect(page).to_have_url(f"{s.base}/")
    finally:
        first_run.spend()
