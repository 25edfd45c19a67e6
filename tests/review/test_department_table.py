"""The indicator rules judge the rows of the 部门整体绩效目标表 like a project's rows."""

from __future__ import annotations

import dataclasses
import json

import pytest

from jixiao.core.formats import read_bytes
from jixiao.core.review import review
from jixiao.core.review.formatters import format_html, format_json, format_text
from tests.corpus.cases import CASES
from tests.review.conftest import clean_document, clean_indicators, indicator

#: A department row with one planted defect of each common kind → the rule that catches it.
PLANTED = [
    (indicator("产出指标", "数量指标", "开展文艺活动场次", "全年场次", "20场", "计划标准"), "R021"),
    (indicator("产出指标", "数量指标", "开展文艺活动场次", "全年场次", "≥20", "计划标准"), "R022"),
    (indicator("产出指标", "质量指标", "森林受灾率", "受灾面积占比", "1%", "历史标准"), "R021"),
    (
        indicator("效益指标", "社会效益指标", "政务服务水平", "服务水平", "持续提升", "历史标准"),
        "R029",
    ),
    (
        indicator("效益指标", "社会效益指标", "促进文化遗产保护", "保护", "有效促进", "历史标准"),
        "R042",
    ),
    (
        indicator(
            "产出指标", "数量指标", "保障在职职工人数", "人数", "＝116人", "该指标值数据合理"
        ),
        "R031",
    ),
]


def _department_document(rows):
    doc = clean_document(2)
    return dataclasses.replace(doc, department_indicators=[*clean_indicators("部门"), *rows])


def test_a_clean_department_table_has_no_finding_and_keeps_the_score() -> None:
    doc = clean_document(2)
    with_table = dataclasses.replace(doc, department_indicators=clean_indicators("部门"))
    before, after = review(doc), review(with_table)
    assert [f for f in after.findings if f.department] == []
    assert after.score == before.score


@pytest.mark.parametrize(("row", "code"), PLANTED, ids=[c for _, c in PLANTED])
def test_a_planted_defect_on_a_department_row_is_caught(row, code) -> None:
    doc = _department_document([row])
    n = len(doc.department_indicators)
    report = review(doc)
    found = [f for f in report.findings if f.department]
    assert (code, n) in {(f.rule, f.indicator) for f in found}
    for f in found:
        assert f.project_seq is None and f.project_code is None and f.projects == ()
        assert f.field.startswith("department.indicator.")
        assert f.message.startswith(f"部门整体绩效目标表第 {f.indicator} 个指标：")
    # The department table costs the document score, as one more part of the mean.
    assert report.score < review(_department_document([])).score


def test_a_department_row_is_judged_like_the_same_row_in_a_project() -> None:
    rows = [r for r, _ in PLANTED]
    doc = _department_document(rows)
    in_project = clean_document(2)
    p = in_project.projects[0]
    p.indicators[:] = doc.department_indicators
    project_rules = {
        (f.rule, f.indicator) for f in review(in_project).findings if f.indicator is not None
    }
    department = {(f.rule, f.indicator) for f in review(doc).findings if f.department}
    assert department and department <= project_rules
    # Only row rules: nothing about a budget, a plan or goals on the department table.
    assert all(f.indicator is not None for f in review(doc).findings if f.department)


def _c55():
    c = next(c for c in CASES if c.id.startswith("c55"))
    return review(read_bytes(c.data(), c.filename))


def test_c55_bare_numbers_in_the_chongqing_department_table_are_reported() -> None:
    report = _c55()
    assert {(f.rule, f.indicator) for f in report.findings if f.department} == {
        ("R029", 5),  # 有效改善
        ("R021", 8),  # 20
        ("R022", 8),
        ("R021", 9),  # 森林受灾率 1%
        ("R021", 11),  # 满意度 95%
    }
    assert report.score < 100


def test_the_reports_say_the_findings_are_about_the_department_table() -> None:
    report = _c55()
    text = format_text(report)
    assert "\n部门整体绩效目标表\n" in text
    assert "部门整体绩效目标表第 8 个指标·指标值" in text
    assert "部门整体绩效目标表第 8 个指标·指标值" in format_html(report)
    (doc,) = json.loads(format_json(report))["documents"]
    row8 = [f for f in doc["findings"] if f["indicator"] == 8]
    assert {f["rule"] for f in row8} == {"R021", "R022"}
    assert all(
        f["project_seq"] is None and f["field"] == "department.indicator.target" for f in row8
    )


def test_the_seed_has_no_department_table_and_no_such_finding(seed_doc) -> None:
    assert seed_doc.department_indicators == []
    assert not any(f.department for f in review(seed_doc).findings)


def test_a_department_table_without_a_column_the_projects_have_is_judged_without_it() -> None:
    # Many provinces' department tables have no 依据 and no 一级/二级 columns.
    no_columns = [
        indicator(None, None, "服务老人人数", "人数", "≥1000人", None),
        indicator(None, None, "服务对象满意度", "满意", "≥90%", None),
    ]
    doc = _department_document([])
    found = review(dataclasses.replace(doc, department_indicators=no_columns)).findings
    assert [f for f in found if f.department] == []
    # A column the table has, blank on one row, is a defect of that row.
    one_blank = [
        indicator("产出指标", "数量指标", "服务老人人数", "人数", "≥1000人", "计划标准"),
        indicator("满意度指标", "服务对象满意度指标", "服务对象满意度", "满意", "≥90%", None),
        indicator("产出指标", None, "服务老人人次", "人次", "≥3000人次", "计划标准"),
    ]
    found = review(dataclasses.replace(doc, department_indicators=one_blank)).findings
    assert {(f.rule, f.indicator) for f in found if f.department} == {("R030", 2), ("R001", 3)}
