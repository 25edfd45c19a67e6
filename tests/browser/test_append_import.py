"""A unit whose projects come in two files from another province's layout: the first file
is imported, the second is read for the wrong year, corrected on the preview, and its
projects are appended to the existing document; the same file again shows its conflicts
and nothing is stored."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _case(prefix: str):
    from tests.corpus.cases import CASES

    return next(c for c in CASES if c.id.startswith(prefix))


def test_a_second_file_is_appended_to_the_years_document(session, people, tmp_path):
    from jixiao.web.goals.models import GoalDocument
    from tests.corpus.build import build

    first, second = _case("c06_"), _case("c17_")  # Hunan docx 2021; a stacked xlsx of 2012
    paths = []
    for case in (first, second):
        path = tmp_path / f"{case.id}.{case.fmt}"
        path.write_bytes(build(case.fmt, case.blocks))
        paths.append(path)

    unit = session("tianbao")
    page = unit.page

    def upload(path):
        page.get_by_role("link", name="导入", exact=True).click()
        page.get_by_label("文件").set_input_files(str(path))
        page.get_by_role("button", name="上传并预览").click()

    upload(paths[0])
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator(".messages")).to_contain_text("共 1 个项目")

    upload(paths[1])
    expect(page.locator("#import-append")).to_have_count(0)  # 2012: a new document
    page.get_by_label("预算年度").fill("2021")
    page.get_by_role("button", name="按更正重新预览").click()
    expect(page.locator("main .lead")).to_contain_text("可以把其中的项目追加到已有文档")
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    append = page.locator("#import-append")
    expect(append).to_contain_text("已有文档共 1 个项目")
    unit.shot("import-append", full_page=False)
    append.get_by_role("button", name="追加到已有文档").click()
    expect(page.locator(".messages")).to_contain_text("中的 2 个项目追加到")
    expect(page.locator("#document-projects tbody tr")).to_have_count(3)
    expect(page.locator("#document-projects tbody tr").nth(2)).to_contain_text("农家书屋更新")
    expect(page.locator("#document-projects tbody tr").nth(2)).to_contain_text("40.00")

    # The same file again: both projects are there already, listed; nothing stored.
    upload(paths[1])
    page.get_by_label("预算年度").fill("2021")
    page.get_by_role("button", name="按更正重新预览").click()
    conflicts = page.locator("#append-conflicts li")
    expect(conflicts).to_have_count(2)
    expect(conflicts.first).to_contain_text("与已有文档第 2 个项目同名")
    expect(page.get_by_role("button", name="追加到已有文档")).to_have_count(0)
    document = GoalDocument.objects.get()
    assert document.year == 2021 and document.projects.count() == 3
