"""Library suggestions in the editor: typing a 三级 name offers ranked entries from the
server; picking one fills the row's target, description and basis."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_typing_a_name_suggests_and_picking_fills_the_row(session, people, seed_doc):
    from jixiao.core.library.ranking import words
    from jixiao.web.goals.imports import import_document

    words("防汛物资")  # load jieba's dictionary here, not inside the first request
    doc = import_document(seed_doc, people.tianbao, people.unit_a, source_name="seed.txt")
    flood = doc.projects.get(seq=6)
    s = session("tianbao")
    page = s.page
    page.goto(f"/projects/{flood.pk}/edit/")
    row = page.locator("table.ind-edit tbody[data-forms] tr[data-form]").last
    name = row.locator('input[name$="-name"]')
    name.click()
    name.fill("防汛")
    options = page.locator("#library-names option")
    expect(options.first).to_have_attribute("value", "储备防汛物资数量", timeout=20_000)
    name.fill("储备防汛物资数量")
    expect(row.locator('input[name$="-target"]')).to_have_value("≥500件")
    expect(row.locator('[name$="-basis"]')).to_have_value("计划标准")
    expect(row.locator('[name$="-level2"]')).to_have_value("数量指标")
    expect(row.locator('[name$="-level1"]')).to_have_value("产出指标")
    assert name.get_attribute("list") == "library-names"
