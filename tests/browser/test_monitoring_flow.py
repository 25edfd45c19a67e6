"""The issue's monitoring scenario in Chromium: a 填报人 imports payments, sees a red
project, enters a deviation reason; at year end enters actual values, sees the score and
grade and exports the 项目支出绩效自评表. Screenshots go to docs/screenshots/."""

from __future__ import annotations

from playwright.sync_api import expect

P1, P2 = "13021322P00000410179E", "13021322P000004101777"
PAYMENTS = (
    "日期,项目编码,金额,摘要\n"
    f"2022-03-15,{P1},3000,发放 1 季度工资\n"
    f"2022-03-20,{P2},47880,城管人员工资 1 季度\n"
    f"2022-05-10,{P2},47880,城管人员工资 2 季度\n"
    f"2022-06-20,{P2},-760,退回多发工资\n"
    "2022-06-21,NOPE0001,100,编码有误的记录\n"
)
REASON = "专职委员 6 月才到岗，工资延后发放"
MISSED = "年中 2 人离职，已于 9 月补录"


def test_payments_red_project_deviation_then_self_evaluation(session, people, seed_doc, tmp_path):
    from jixiao.web.goals.imports import import_document
    from jixiao.web.goals.models import APPROVED
    from jixiao.web.monitoring.models import Deviation, Payment, SelfEvaluation

    document = import_document(seed_doc, people.tianbao, people.unit_a, source_name="seed.txt")
    # Monitoring follows approved projects: all but the last are approved by now.
    document.projects.exclude(seq=36).update(status=APPROVED)
    csv = tmp_path / "支付记录.csv"
    csv.write_text(PAYMENTS, encoding="utf-8")

    unit = session("tianbao")
    page = unit.page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    # -- import payments: preview lists the unknown code, confirm stores the rest -------
    page.get_by_role("navigation").get_by_role("link", name="运行监控", exact=True).click()
    expect(page.locator("h1")).to_contain_text("运行监控")
    page.get_by_role("link", name="导入支付记录").click()
    page.get_by_label("文件").set_input_files(str(csv))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("#preview-matched")).to_contain_text("4 条")
    expect(page.locator("#preview-unmatched")).to_contain_text("1 条")
    expect(page.locator("#unmatched")).to_contain_text("NOPE0001")
    assert Payment.objects.count() == 0
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator(".messages")).to_contain_text("已导入 4 条支付记录（其中退款 1 条）")
    assert Payment.objects.count() == 4

    # -- the monitoring page on 30 June: project 1 is red -------------------------------
    page.get_by_label("截至日期").fill("2022-06-30")
    page.get_by_role("button", name="查看").click()
    row = page.locator("#monitor tbody tr", has_text="残疾人专职委员队伍建设")
    expect(row.locator(".lamp")).to_have_text("红灯")
    expect(
        page.locator("#monitor tbody tr", has_text="城管人员工资").locator(".lamp")
    ).to_have_text("绿灯")
    expect(page.locator("#unit-chart")).to_have_attribute("data-drawn", "1")
    expect(page.locator("#pending")).to_have_text("另有 1 个项目尚未审核通过，审核通过后纳入监控")
    expect(page.locator("#monitor tbody tr")).to_have_count(35)
    # The chart library is served by the app itself (installed from npm), never a CDN.
    assert any(url.endswith("/static/vendor/chart.umd.js") for url in requested)
    assert all(url.startswith(unit.base) for url in requested), requested
    unit.shot("monitoring-unit", full_page=False)

    # -- the project: curve, then the deviation reason -----------------------------------
    row.get_by_role("link", name="填报偏差原因").click()
    expect(page.locator("h1")).to_have_text("残疾人专职委员队伍建设")
    expect(page.locator("#rate")).to_have_text("13.16%")
    expect(page.locator("#curve-chart")).to_have_attribute("data-drawn", "1")
    page.evaluate("window.scrollTo(0, 0)")
    unit.shot("monitoring-project", full_page=False)
    form = page.locator("#deviation-form")
    form.get_by_label("偏差原因分析").fill(REASON)
    form.get_by_label("完成目标可能性").select_option(label="有可能完成")
    form.get_by_label("是否需要整改").select_option(label="是")
    form.get_by_label("整改措施").fill("7 月补发 1—6 月工资")
    form.get_by_role("button", name="保存偏差原因").click()
    expect(page.locator(".messages")).to_contain_text("已保存偏差原因分析")
    expect(page.locator("#deviations")).to_contain_text(REASON)
    assert Deviation.objects.get().color == "red"

    # -- year end: actual values, score and grade ----------------------------------------
    page.locator(".title-row").get_by_role("link", name="绩效自评").click()
    expect(page.locator("h1")).to_contain_text("绩效自评")
    # 全年预算数 comes from the version in force at year end (2.28), not typed.
    expect(page.locator("#evaluation-form").get_by_label("全年预算数")).to_have_value("2.28")
    page.locator("#evaluation-form").get_by_label("全年执行数").fill("2.00")
    page.get_by_label("第 1 个指标的实际完成值").fill("80")
    page.get_by_label("第 2 个指标的实际完成值").fill("100")
    page.get_by_label("第 3 个指标的实际完成值").fill("达成")
    page.get_by_label("第 1 个指标的偏差原因").fill(MISSED)
    page.get_by_label("实际完成情况").fill("完成残疾人专职委员工资发放")
    page.get_by_role("button", name="保存并计算得分").click()
    expect(page.locator(".messages")).to_contain_text("已保存绩效自评")
    expect(page.locator("#total-score")).to_have_text("87.77")
    expect(page.locator("#grade")).to_have_text("良")
    expect(page.locator("#reasons-required")).to_contain_text("预算执行率 87.72% 低于 90%")
    expect(page.locator("#reasons-required .required")).to_have_count(1)
    assert SelfEvaluation.objects.get().actuals.count() == 3
    unit.shot("self-evaluation", full_page=False)

    # -- export the 自评表 ----------------------------------------------------------------
    with page.expect_download() as info:
        page.locator("#exports").get_by_role("link", name="Word").click()
    download = info.value
    assert download.suggested_filename.endswith("项目支出绩效自评表.docx")
    import docx

    d = docx.Document(str(download.path()))
    cells = {c.text for t in d.tables for r in t.rows for c in r.cells}
    assert {"项目支出绩效自评表"} <= {p.text for p in d.paragraphs}
    assert {"87.77", "自评等级：良", MISSED, "87.72%"} <= cells
