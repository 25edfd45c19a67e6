"""The page scripts in Chromium: indicator rows added, moved and removed; the budget check;
selecting projects on the list and downloading them."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def document(people, seed_doc):
    from jixiao.web.goals.imports import import_document

    return import_document(seed_doc, people.tianbao, people.unit_a, source_name="seed.txt")


def test_indicators_are_added_moved_and_removed_with_the_buttons(session, document):
    project = document.projects.get(seq=1)
    s = session("tianbao")
    page = s.page
    page.goto(f"/projects/{project.pk}/edit/")
    rows = page.locator("table.ind-edit tbody tr")
    expect(rows).to_have_count(4)  # three indicators and one blank row
    page.get_by_role("button", name="增加一个指标").click()
    expect(rows).to_have_count(5)
    assert page.locator("#id_ind-TOTAL_FORMS").input_value() == "5"
    new = rows.nth(4)
    new.locator('input[name$="-level1"]').fill("产出指标")
    new.locator('input[name$="-level2"]').fill("时效指标")
    new.locator('input[name$="-name"]').fill("工资发放及时率")
    new.locator('input[name$="-target"]').fill("=100%")
    new.locator('input[name$="-basis"]').fill("计划标准")
    # Move the new row above the blank one and the 满意度 indicator: it becomes third.
    new.get_by_role("button", name="上移").click()
    rows.nth(3).get_by_role("button", name="上移").click()
    expect(rows.nth(2).locator('input[name$="-name"]')).to_have_value("工资发放及时率")
    orders = [rows.nth(k).locator('input[name$="-ORDER"]').input_value() for k in range(5)]
    assert orders == ["1", "2", "3", "4", "5"]
    # Remove the 树立良好形象 indicator.
    rows.nth(1).get_by_label("删除").check()
    expect(rows.nth(1)).to_have_class("removed")
    # The budget check: 财政资金 + 其他资金 must equal 预算数.
    page.get_by_label("其他资金").fill("1")
    expect(page.locator("[data-budget-check]")).to_contain_text("不等于财政资金")
    page.get_by_label("其他资金").fill("")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已保存")
    names = list(project.indicators.order_by("position").values_list("name", flat=True))
    assert names == ["工资发放人数", "工资发放及时率", "服务对象满意度"]


def test_selected_projects_are_downloaded(session, document):
    s = session("tianbao")
    page = s.page
    page.goto("/projects/?per=20")
    button = page.locator("#export-form button[type=submit]")
    expect(button).to_be_disabled()
    page.locator("[data-select-all]").check()
    expect(page.locator("[data-selection-count]")).to_have_text("已选 20 个")
    page.locator('#export-form select[name="format"]').select_option("xlsx")
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename.endswith("-20个项目绩效目标表.xlsx")
    from jixiao.core.formats import read

    doc = read(download.path())
    assert len(doc.projects) == 20


PLAN_CASES = [
    (["25%", "50%", "75%", "100%"], "最后达到 100%"),
    (["25", "50", "75", "100"], "最后达到 100%"),
    (["25.5%", "50.25%", "75%", "100.00%"], "最后达到 100%"),
    (["", "", "", "100%"], "最后达到 100%"),
    (["25%", "50%", "40%", "100%"], "10月底“40%”低于6月底“50%”"),
    (["25%", "50%", "75%", "90%"], "最终只到 90%"),
    (["25%", "50%", "75%", "120%"], "12月底“120%”超出 0%–100%"),
    (["四分之一", "50%", "75%", "100%"], "3月底：“四分之一”不是百分比"),
    (["1e3", "50%", "75%", "100%"], "“1e3”不是百分比"),
    (["", "", "", ""], "资金支出计划没有填写"),
]

BUDGET_CASES = [
    (("2.28", "2.00", "0.28"), "✓"),  # 2.00 + 0.28 is not 2.28 in binary floating point
    (("2.28", "2.28", ""), "✓"),
    (("2.28", "2", "0.3"), "不等于财政资金"),
    (("", "1", ""), "预算数没有填写"),
    (("两万", "", ""), "“两万”不是数字"),
    (("1e3", "", ""), "不是数字"),
    (("123456789012345678", "", ""), "超出范围"),
]
PLAN_MONTHS = (3, 6, 10, 12)


def core_says(answer: dict) -> str:
    """What the page shows for a part of `check_entry`'s answer."""
    return ("" if answer["ok"] else "⚠ ") + "；".join(answer["messages"])


def test_the_live_checks_show_what_core_says_on_the_same_inputs(session, document):
    """The page's checks are the core's: for every input the page shows exactly the
    messages `jixiao.core.live_checks.check_entry` gives for the same values."""
    from jixiao.core.live_checks import check_entry

    project = document.projects.get(seq=1)
    s = session("tianbao")
    page = s.page
    page.goto(f"/projects/{project.pk}/edit/")
    check = page.locator("[data-plan-check]")
    budget_now = {"total": "2.28", "fiscal": "2.28", "other": ""}
    for values, message in PLAN_CASES:
        for k, value in enumerate(values):
            page.locator(f'input[name="plan-{k}-text"]').fill(value)
        expected = check_entry(budget_now, list(zip(PLAN_MONTHS, values, strict=True)))["plan"]
        assert message in core_says(expected), values
        expect(check).to_have_text(core_says(expected))
        bad = [page.locator(f'input[name="plan-{k}-text"]') for k in range(4)]
        for month, box in zip(PLAN_MONTHS, bad, strict=True):
            if month in expected["months"]:
                expect(box).to_have_class("bad")
    budget = page.locator("[data-budget-check]")
    plan_now = list(zip(PLAN_MONTHS, PLAN_CASES[-1][0], strict=True))
    for (total, fiscal, other), message in BUDGET_CASES:
        page.get_by_label("预算数").fill(total)
        page.get_by_label("财政资金").fill(fiscal)
        page.get_by_label("其他资金").fill(other)
        expected = check_entry({"total": total, "fiscal": fiscal, "other": other}, plan_now)
        assert message in core_says(expected["budget"]), (total, fiscal, other)
        expect(budget).to_have_text(core_says(expected["budget"]))
