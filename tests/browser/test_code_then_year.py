"""A document from a layout without a code column, through the second half of the year in
Chromium: the reviewer approves a project that has no 项目编码, the unit records the code
the finance system assigned from the project page, the payments then match; self-evaluation,
re-check (the reviewer) and rectification (both sides)."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CODE = "13021322P00000499999X"
SHOTS = Path(os.environ.get("YEAR2_SHOTS", "/tmp/year2-shots"))


def shot(s, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    s.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_code_after_approval_then_the_year(session, people, seed_doc, tmp_path):
    from jixiao.web.goals import workflow
    from jixiao.web.goals.imports import import_document
    from jixiao.web.monitoring.models import Payment

    first = dataclasses.replace(seed_doc.projects[0], code=None)
    doc = dataclasses.replace(seed_doc, projects=[first, *seed_doc.projects[1:]])
    stored = import_document(doc, people.tianbao, people.unit_a, source_name="无编码.xlsx")
    project = stored.projects.get(seq=1)
    workflow.submit(project, people.tianbao)

    reviewer = session("shenhe")
    rp = reviewer.page
    rp.goto(f"/projects/{project.pk}/")
    rp.get_by_role("button", name="审核通过").click()
    expect(rp.locator(".messages")).to_contain_text("已审核通过")

    # The unit: the warning offers the code field; a wrong code is refused in Chinese.
    unit = session("tianbao")
    up = unit.page
    up.goto(f"/projects/{project.pk}/")
    warning = up.locator("#code-missing")
    expect(warning).to_contain_text("还没有项目编码")
    shot(unit, "01-project-without-code")
    warning.get_by_label("项目编码").fill("13021323P00000499999X")
    warning.get_by_role("button", name="补录项目编码").click()
    expect(up.locator(".messages")).to_contain_text("晚于文档年度 2022")
    up.locator("#code-missing").get_by_label("项目编码").fill(CODE)
    up.locator("#code-missing").get_by_role("button", name="补录项目编码").click()
    expect(up.locator(".messages")).to_contain_text(f"已补录项目编码“{CODE}”")
    expect(up.locator("#code-missing")).to_have_count(0)
    shot(unit, "02-code-recorded")

    # The payments now match the project.
    csv = tmp_path / "支付.csv"
    csv.write_text(f"日期,项目编码,金额,摘要\n2022-03-15,{CODE},9800,发放工资\n", encoding="utf-8")
    up.goto("/")
    up.get_by_role("navigation").get_by_role("link", name="运行监控", exact=True).click()
    up.get_by_role("link", name="导入支付记录").click()
    up.get_by_label("文件").set_input_files(str(csv))
    up.get_by_role("button", name="上传并预览").click()
    expect(up.locator("#preview-matched")).to_contain_text("1 条")
    shot(unit, "03-payments-preview")
    up.get_by_role("button", name="确认导入").click()
    expect(up.locator(".messages")).to_contain_text("已导入 1 条支付记录")
    assert Payment.objects.get().project_id == project.pk
    shot(unit, "04-monitoring-unit")

    # Monitoring of the project: both 完成目标可能性 lists start with the same blank.
    up.goto(f"/monitoring/projects/{project.pk}/")
    blanks = up.locator('select[name="likelihood"] option[value=""]').all_inner_texts()
    assert blanks == ["请选择", "请选择"], blanks
    shot(unit, "05-monitoring-project")

    # Self-evaluation: the executed amount suggested from payments shows as pages show it.
    up.goto(f"/evaluation/projects/{project.pk}/")
    form = up.locator("#evaluation-form")
    expect(form.get_by_label("全年执行数")).to_have_value("0.98")
    form.get_by_label("全年执行数").fill("2")
    for n, value in ((1, "100"), (2, "100"), (3, "达成")):
        up.get_by_label(f"第 {n} 个指标的实际完成值").fill(value)
    up.get_by_label("实际完成情况").fill("按计划完成")
    up.get_by_role("button", name="保存并计算得分").click()
    expect(up.locator(".messages")).to_contain_text("已保存绩效自评")
    expect(form.get_by_label("全年执行数")).to_have_value("2.00")
    shot(unit, "06-self-evaluation")

    # Re-check: the reviewer draws and scores; a large difference issues a rectification.
    rp.goto("/rechecks/?year=2022")
    rp.locator("#recheck-draw").get_by_label("抽查比例（%）").fill("100")
    rp.locator("#recheck-draw").get_by_role("button", name="抽取").click()
    shot(reviewer, "07-recheck-drawn")
    row = rp.locator("#recheck-rows tbody tr", has_text=project.name)
    row.get_by_label("复核得分").fill("60")
    row.get_by_label("复核意见").fill("实际完成值缺少佐证")
    row.get_by_role("button", name="保存").click()
    shot(reviewer, "08-recheck-scored")
    row = rp.locator("#recheck-rows tbody tr", has_text=project.name)
    row.locator("td").nth(7).get_by_role("link").click()
    shot(reviewer, "09-rectification-reviewer")

    expect(rp.locator("#waiting")).to_contain_text("等待单位报送整改情况")

    # The unit answers the rectification; the reviewer accepts it.
    up.goto("/rectifications/")
    shot(unit, "10-rectifications-unit")
    up.locator("table").get_by_role("link", name="自评复核").first.click()
    shot(unit, "11-rectification-unit")
    up.get_by_label("整改措施").fill("补充了工资发放表作为佐证")
    up.get_by_role("button", name="报送").click()
    shot(unit, "12-rectification-answered")
    expect(up.locator("#waiting")).to_contain_text("等待审核人验收")
    rp.reload()
    rp.get_by_label("意见").fill("佐证齐全")
    rp.get_by_role("button", name="验收通过").click()
    shot(reviewer, "13-rectification-accepted")
    expect(rp.locator("h1")).to_contain_text("已验收")
