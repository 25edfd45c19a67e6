"""The department-wide self-evaluation in Chromium: the 填报人 goes from the department page
to the 部门整体支出绩效自评, enters the actual values, sees the score; the reviewer reads it
and finds it beside the project average on the unit's self-evaluation page."""

from __future__ import annotations

from playwright.sync_api import expect


def test_department_self_evaluation(session, people, seed_doc):
    from jixiao.core.formats.json_io import indicator_to_dict
    from jixiao.core.model import Indicator
    from jixiao.core.targets import parse_target
    from jixiao.web.goals.imports import import_document

    document = import_document(seed_doc, people.tianbao, people.unit_a, source_name="seed.txt")
    document.department_indicators = [
        indicator_to_dict(
            Indicator("产出指标", "数量指标", "完成重点任务数", None, parse_target("≥10项"), None)
        ),
        indicator_to_dict(
            Indicator(
                "满意度指标", "服务对象满意度指标", "居民满意度", None, parse_target("≥90%"), None
            )
        ),
    ]
    document.save(update_fields=["department_indicators"])

    unit = session("tianbao")
    page = unit.page
    page.goto(f"/documents/{document.pk}/department/")
    page.get_by_role("link", name="部门整体支出绩效自评").click()
    expect(page.locator("h1")).to_contain_text("部门整体支出绩效自评")
    expect(page.locator("#grade")).to_have_text("未开始")
    page.get_by_label("第 1 个指标的实际完成值").fill("12项")
    page.get_by_label("第 2 个指标的实际完成值").fill("95%")
    page.locator('textarea[name="achieved"]').fill("完成年度重点工作")
    page.get_by_role("button", name="保存并计算得分").click()
    expect(page.locator(".messages")).to_contain_text("已保存部门整体绩效自评")
    # Indicators in full (output 50 + satisfaction 10, shares moved: 90 points); no project
    # has its year-end figures yet, so the budget line is missing and the grade provisional.
    expect(page.locator("#total-score")).to_have_text("90.00")
    expect(page.locator("#incomplete")).to_contain_text("36 个项目的全年预算数或全年执行数")
    unit.shot("department-evaluation")

    reviewer = session("shenhe")
    rp = reviewer.page
    rp.goto(f"/evaluation/documents/{document.pk}/department/")
    expect(rp.locator("#total-score")).to_have_text("90.00")
    expect(rp.locator('input[name="actual-1"]')).to_be_disabled()
    rp.goto(f"/evaluation/units/{people.unit_a.pk}/")
    expect(rp.locator("#department-result")).to_contain_text("90.00")
    expect(rp.locator("#department-result")).to_contain_text("已评 0/36")
