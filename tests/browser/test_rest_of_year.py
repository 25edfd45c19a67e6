"""The rest of the year in the browser: adjustment, rectification, disclosure, static site."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def document(people, seed_doc):
    from jixiao.web.goals import workflow
    from jixiao.web.goals.imports import import_document

    doc = import_document(seed_doc, people.tianbao, people.unit_a, source_name="seed.txt")
    for seq in (1, 2):
        workflow.submit(doc.projects.get(seq=seq), people.tianbao)
    return doc


def test_adjust_rectify_publish(session, document, people, live_server):
    first = document.projects.get(seq=1)
    second = document.projects.get(seq=2)
    reviewer = session("shenhe")
    page = reviewer.page
    # The reviewer approves project 1.
    page.goto(f"/projects/{first.pk}/")
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator(".messages")).to_contain_text("已审核通过")

    # The unit requests an adjustment of the budget and one target.
    unit = session("tianbao")
    up = unit.page
    up.goto(f"/projects/{first.pk}/")
    up.get_by_role("link", name="申请调整").click()
    up.get_by_label("调整原因").fill("年中追加预算，服务人数增加")
    up.get_by_label("预算数", exact=True).fill("66.00")
    up.get_by_label("其中：财政资金").fill("66.00")
    up.get_by_label("第 1 个指标的指标值").fill("≥12人")
    up.get_by_role("button", name="提交调整申请").click()
    expect(up.locator(".messages")).to_contain_text("等待审核")

    # The reviewer sees the diff against the approved version and approves it.
    page.goto(f"/projects/{first.pk}/")
    page.get_by_role("link", name="第 1 次").click()
    changes = page.locator("#adjustment-changes")
    expect(changes).to_contain_text("66.00")
    expect(changes).to_contain_text("≥12人")
    page.get_by_role("button", name="批准调整").click()
    expect(page.locator(".messages")).to_contain_text("已批准调整")

    # Monitoring and evaluation use the adjusted figures.
    up.goto(f"/monitoring/projects/{first.pk}/")
    expect(up.locator("main")).to_contain_text("66")
    up.goto(f"/evaluation/projects/{first.pk}/")
    expect(up.locator('input[name="budget_adjusted"]')).to_have_value("66.00")
    initial = up.locator('input[name="budget_initial"]').input_value()
    assert initial and initial != "66.00"
    # The history shows both versions.
    versions = up.request.get(f"/api/v1/projects/{first.pk}/versions").json()["versions"]
    assert [v["kind"] for v in versions] == ["submitted", "adjusted"]

    # An overdue rectification is red for both sides.
    from jixiao.web.rectification.services import create

    create(
        first,
        people.shenhe,
        "monitoring",
        "执行进度偏慢，请整改",
        datetime.date.today() - datetime.timedelta(days=2),
    )
    for p in (up, page):
        p.goto("/")
        row = p.locator("tr.overdue")
        expect(row).to_have_count(1)
        expect(row).to_contain_text("已逾期 2 天")
        color = row.locator("td").first.evaluate("e => getComputedStyle(e).color")
        assert color == "rgb(176, 0, 32)", color

    # The admin publishes unit A's year; an anonymous visitor sees project 1, not project 2.
    admin = session("guanli")
    ap = admin.page
    ap.get_by_role("link", name="绩效公开").click()
    ap.get_by_label("单位").select_option("314003")
    ap.get_by_label("年度").fill("2022")
    ap.get_by_role("button", name="公开", exact=True).click()
    expect(ap.locator(".messages")).to_contain_text("已公开")
    visitor = session()
    vp = visitor.page
    vp.goto("/public/")
    expect(vp.get_by_role("link", name=first.name)).to_be_visible()
    expect(vp.get_by_role("link", name=second.name)).to_have_count(0)
    vp.get_by_role("link", name=first.name).click()
    expect(vp.locator("table.official").first).to_contain_text("66.00")
    assert vp.goto(f"/public/projects/{second.pk}/").status == 404


def test_static_site_opens_without_a_server(browser, document, people, tmp_path):
    from jixiao.cli import main
    from jixiao.web.disclosure.services import publish
    from jixiao.web.goals import workflow

    workflow.approve(document.projects.get(seq=1), people.shenhe)
    publish(people.guanli, people.unit_a, 2022)
    out = tmp_path / "site"
    assert main(["publish", "--year", "2022", "-o", str(out)]) == 0
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.goto((out / "index.html").as_uri())
    page.get_by_label("搜索").fill("不存在的项目名称")
    expect(page.locator("tr[data-text]:visible")).to_have_count(0)
    page.get_by_label("搜索").fill("")
    expect(page.locator("tr[data-text]:visible")).to_have_count(1)
    page.locator("tr[data-text] a").first.click()
    expect(page.locator("table.official")).to_have_count(1)
    expect(page.locator("body")).to_contain_text("自评结果尚未公开")
    context.close()
    assert requests and all(urlsplit(u).scheme == "file" for u in requests), requests
