"""The review of the real seed document finds the weaknesses a reviewer would (domain.md §4)."""

from __future__ import annotations

import pytest

from jixiao.core.review import review


@pytest.fixture(scope="module")
def report(seed_doc):
    return review(seed_doc)


def at(report, rule, seq=None, indicator=None):
    return [
        f
        for f in report.findings
        if f.rule == rule
        and (seq is None or f.project_seq == seq)
        and (indicator is None or f.indicator == indicator)
    ]


def test_project_14_target_1_lacks_comparator_and_unit(report) -> None:
    (comparator,) = at(report, "R021")  # the only bare number in the seed
    assert (comparator.project_seq, comparator.indicator) == (14, 1)
    assert comparator.project_code == "13021322P00000410156U"
    assert comparator.field == "indicator.target" and "“1”" in comparator.message
    (unit,) = at(report, "R022", 14, 1)
    assert "“1”" in unit.message and unit.severity == "error"


def test_project_17_three_blank_bases(report) -> None:
    blank = at(report, "R030")
    assert [(f.project_seq, f.indicator) for f in blank] == [(17, 1), (17, 2), (17, 3)]
    assert all("计划标准" in f.suggestion for f in blank)


def test_satisfaction_targets_of_100_are_unrealistic(report, seed_doc) -> None:
    expected = [
        (p.seq, n)
        for p in seed_doc.projects
        for n, ind in enumerate(p.indicators, 1)
        if ind.level1 == "满意度指标" and ind.target.text == "≥100" and "满意" in ind.name
    ]
    assert len(expected) >= 10
    assert [(f.project_seq, f.indicator) for f in at(report, "R025")] == expected
    assert all("“≥100”" in f.message for f in at(report, "R025"))


def test_year_end_actuals_is_not_a_basis(report) -> None:
    found = at(report, "R031", 1, 1)
    assert len(found) == 1 and "“年底实际情况”" in found[0].message
    for base in ("计划标准", "历史标准", "行业标准", "预算支出标准", "其他标准"):
        assert base in found[0].suggestion
    rows = [f for f in at(report, "R031") if f.project_seq is not None]
    assert len(rows) == 105  # every basis except project 17's blanks
    # A document-wide habit: reported once for the document, with the list of places…
    (habit,) = [f for f in at(report, "R031") if f.project_seq is None]
    assert len(habit.places) == 105 and "105 处" in habit.message
    # …and still per row in the project view, where it is marked as part of the habit.
    assert all(f.habit for f in rows)


def test_template_indicator_reported_once_with_its_projects(report, seed_doc) -> None:
    (template,) = at(report, "R044")
    copying = tuple(
        p.seq
        for p in seed_doc.projects
        if any(i.name == "节约经费，认真完成工作" for i in p.indicators)
    )
    assert template.projects == copying and len(copying) == 27
    assert template.project_seq is None and template.indicator is None
    assert "“节约经费，认真完成工作”" in template.message
    assert "项目 2、3、4、5、6、7、8、10" in template.message
    # …and not once more per project as a vague indicator.
    assert not [f for f in at(report, "R042") if "节约经费" in f.message]


def test_rent_summary_amount_disagrees_with_its_table(report) -> None:
    (rent,) = at(report, "R092")
    assert rent.project_seq == 5 and rent.field == "summary"
    assert "39.50万元" in rent.message and "52.00" in rent.message


def test_other_known_weaknesses(report) -> None:
    assert at(report, "R043", 29, 3)  # a satisfaction indicator measuring an operating rate
    assert {f.project_seq for f in at(report, "R040")} == {27, 31, 32}  # 三级 = 二级
    assert at(report, "R041", 1, 3)  # description repeats the name
    assert at(report, "R026", 1, 1)  # 工资发放人数 described as 完成率


def test_scores(report, seed_doc) -> None:
    assert 0 <= report.score < 70  # a weak document
    assert [p.seq for p in report.projects] == [p.seq for p in seed_doc.projects]
    assert all(0 <= p.score < 100 for p in report.projects)
    assert report.errors > 0


def test_findings_follow_document_order(report) -> None:
    order = [f.project_seq or 0 for f in report.findings]
    assert order == sorted(order)
