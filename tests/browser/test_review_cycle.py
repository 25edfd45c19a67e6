"""The issue's scenario in Chromium: import, fix, submit, return with a comment, fix,
resubmit, approve — and another unit's 填报人 sees none of it. Screenshots go to
docs/screenshots/ for the user guide (docs/guide.md)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FIELD_COMMENT = "资金用途写得过于简单，请写明发放对象、人数和标准"
NEW_PURPOSE = "发放残疾人专职委员 8 人工资，每人每月 190 元"


def test_import_fix_submit_return_resubmit_approve(session, people, seed_path):
    from jixiao.web.goals.models import APPROVED, GoalDocument, Project

    # -- 填报人 imports the seed: preview first, nothing stored until confirmed -------------
    unit = session("tianbao")
    page = unit.page
    expect(page.locator("h1")).to_contain_text("首页")
    page.get_by_role("link", name="导入", exact=True).click()
    page.get_by_label("文件").set_input_files(str(seed_path))
    unit.shot("import-form", full_page=False)
    page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("#preview-count")).to_contain_text("36 个项目")
    expect(page.locator("#preview-total")).to_contain_text("788.92 万元")
    assert GoalDocument.objects.count() == 0
    unit.shot("import-preview", full_page=False)
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator(".messages")).to_contain_text("共 36 个项目")
    expect(page.locator("h1")).to_contain_text("共 36 个")
    expect(page.locator("#projects tbody tr")).to_have_count(36)
    unit.shot("project-list", full_page=False)

    # -- the unit fixes an indicator and submits ------------------------------------------
    project = Project.objects.get(seq=1)
    page.get_by_role("link", name="残疾人专职委员队伍建设", exact=True).click()
    expect(page.locator("#status")).to_have_text("草稿")
    expect(page.locator("#ind-1 .notes")).to_contain_text("没有计量单位")
    unit.shot("project-page")
    page.get_by_role("link", name="修改", exact=True).click()
    target = page.locator('input[name="ind-0-target"]')
    expect(target).to_have_value("≥100")
    target.fill("=8人")
    target.evaluate("e => e.closest('fieldset').scrollIntoView()")
    unit.shot("project-edit-indicators", full_page=False)
    # The live check of the spending plan: 12月 below 10月 is flagged at once.
    last = page.locator('input[name="plan-3-text"]')
    last.fill("60%")
    expect(page.locator("[data-plan-check]")).to_contain_text("资金支出计划是累计数")
    unit.shot("project-edit-plan-check", full_page=False)
    last.fill("100%")
    expect(page.locator("[data-plan-check]")).to_contain_text("最后达到 100%")
    page.locator('#confirm-errors input[name="confirm"]').check()  # the seed has 错误
    page.get_by_role("button", name="保存并提交审核").click()
    expect(page.locator("#status")).to_have_text("已提交")
    expect(page.locator("#ind-1 .target")).to_have_text("=8人")
    project.refresh_from_db()
    assert project.indicators.get(position=1).target_text == "=8人"
    assert project.submissions.count() == 1

    # -- the 审核人 returns it with a comment on one field -----------------------------------
    reviewer = session("shenhe")
    rpage = reviewer.page
    expect(rpage.locator("#queue")).to_contain_text("残疾人专职委员队伍建设")
    reviewer.shot("home-reviewer", full_page=False)
    rpage.locator("#queue").get_by_role("link", name="残疾人专职委员队伍建设").click()
    rpage.locator('#f-purpose [data-comment-on="purpose"]').click()
    row = rpage.locator("#return-form .comment-row.highlight")
    expect(row.locator("select")).to_have_value("purpose")
    row.locator("textarea").fill(FIELD_COMMENT)
    reviewer.shot("review-return-form", full_page=False)
    rpage.get_by_role("button", name="退回修改", exact=True).click()
    expect(rpage.locator("#status")).to_have_text("已退回")

    # -- the 填报人 sees the comment beside the field, fixes it, resubmits ------------------
    page.goto("/")
    expect(page.locator("#todo")).to_contain_text("残疾人专职委员队伍建设")
    unit.shot("home-unit", full_page=False)
    page.locator("#todo").get_by_role("link", name="残疾人专职委员队伍建设").click()
    expect(page.locator("#f-purpose .comment")).to_contain_text(FIELD_COMMENT)
    page.locator("#f-purpose").scroll_into_view_if_needed()
    unit.shot("project-returned-comment", full_page=False)
    page.get_by_role("link", name="修改", exact=True).click()
    expect(page.locator("#open-comments")).to_contain_text(FIELD_COMMENT)
    page.get_by_label("资金用途").fill(NEW_PURPOSE)
    page.locator('#confirm-errors input[name="confirm"]').check()
    page.get_by_role("button", name="保存并提交审核").click()
    expect(page.locator("#status")).to_have_text("已提交")

    # -- the 审核人 sees what changed and approves -------------------------------------------
    rpage.reload()
    changes = rpage.locator("#changes")
    expect(changes).to_contain_text("资金用途")
    expect(changes).to_contain_text(NEW_PURPOSE)
    expect(rpage.locator("#f-purpose .change")).to_contain_text(NEW_PURPOSE)
    reviewer.shot("review-changes", full_page=False)
    rpage.get_by_role("button", name="审核通过").click()
    expect(rpage.locator("#status")).to_have_text("已审核")
    project.refresh_from_db()
    assert project.status == APPROVED and project.purpose == NEW_PURPOSE
    assert project.submissions.count() == 2

    # -- a 填报人 of another unit sees none of it -------------------------------------------
    other = session("tianbao2")
    opage = other.page
    opage.goto("/projects/")
    expect(opage.locator("h1")).to_contain_text("共 0 个")
    assert "残疾人专职委员队伍建设" not in opage.content()
    for path in (
        f"/projects/{project.pk}/",
        f"/projects/{project.pk}/edit/",
        f"/export/?project={project.pk}&format=pdf",
        f"/export/?unit={people.unit_a.pk}&format=docx",
    ):
        response = opage.goto(path)
        assert response is not None and response.status == 404, path
        expect(opage.locator("h1")).to_have_text("页面不存在")
    assert not re.search("残疾人|希望路", opage.content())
