"""The general rules the seventh corpus round added (c53–c58), each on a small table."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core.formats import read_bytes
from jixiao.core.formats.headers import indicator_field, level_name, name_hint, normalize
from jixiao.core.targets import parse_target
from tests.corpus.build import P, T, build


@pytest.mark.parametrize(
    ("written", "level"),
    [
        ("产出指标 40分", "产出指标"),
        ("数量指标15分", "数量指标"),
        ("项目决策 2分", "项目决策"),
        ("项目管理\n13分", "项目管理"),
        ("经济效益\n指标\n5分", "经济效益指标"),
        ("产出指标（50分）", "产出指标"),
        ("数量指标\n（必填硬性指标）", "数量指标"),
        ("经济效益\n指标\n（选填）", "经济效益指标"),
        # a number that is no points note stays
        ("产出指标", "产出指标"),
        ("投入5分", "投入5分"),
        ("成本指标（0-20）分", "成本指标"),
    ],
)
def test_points_and_fill_notes_are_not_part_of_a_level(written: str, level: str) -> None:
    assert level_name(written) == level


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("苗木成活率（≥**%）", ("≥", "%")),
        ("项目总投入（≤**万元）", ("≤", "万元")),
        ("受益人口数≥**人", ("≥", "人")),
        ("开展修复工程（个）", (None, None)),
        ("苗木成活率", (None, None)),
    ],
)
def test_a_template_hint_states_a_comparator_and_unit(
    name: str, hint: tuple[str | None, str | None]
) -> None:
    assert name_hint(name) == hint


@pytest.mark.parametrize(
    ("text", "value"),
    [("2023年底", None), ("2024年", None), ("≥10年", Decimal(10)), ("5年", Decimal(5))],
)
def test_a_calendar_year_is_a_date_not_a_count_of_years(text: str, value: Decimal | None) -> None:
    assert parse_target(text).value == value


def _goal_table(name_cell: str, value: str) -> list[list[str | None]]:
    return [
        ["项目名称", "造林", None, None],
        ["项目实施单位/项目负责人", "某林业站/张某", "主管部门", "某县林业局"],
        ["资金总额", "10", None, None],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "质量指标\n（必填）", name_cell, value],
    ]


def test_a_slash_label_over_slash_values_and_a_hint_completing_a_bare_value() -> None:
    doc = read_bytes(build("xlsx", [T(_goal_table("苗木成活率（≥**%）", "85"))]), "造林.xlsx")
    assert doc.unit.name == "某林业站"  # the implementing unit, before the 主管部门
    i = doc.projects[0].indicators[0]
    assert (i.level2, i.name) == ("质量指标", "苗木成活率")
    assert (i.target.comparator, i.target.value, i.target.unit) == (">=", Decimal(85), "%")
    # a value that says its own unit keeps it
    doc = read_bytes(build("xlsx", [T(_goal_table("苗木成活率（≥**%）", "≥0.85"))]), "b.xlsx")
    assert doc.projects[0].indicators[0].target.unit is None


def _selfeval(filed: str) -> list[object]:
    return [
        P("项目绩效目标自评表"),
        P(filed),
        T(
            [
                ["项目名称", "道路养护", None, None, None],
                ["资金来源", "本级（万元）", "合计（万元）", "执行数（万元）", "执行率"],
                [None, "309", "309", "300", "97%"],
                ["一级指标", "二级指标", "三级指标", "年初指标值", "年终完成值"],
                ["产出指标 40分", "数量指标 15分", "养护里程", "300公里", "300公里"],
            ],
            ["A2:A3"],
        ),
    ]


@pytest.mark.parametrize(
    ("filed", "year"), [("填报日期：2022年8月10日", 2021), ("填报日期：2022年12月30日", 2022)]
)
def test_a_self_evaluation_filed_in_the_next_year_evaluates_the_year_before(
    filed: str, year: int
) -> None:
    doc = read_bytes(build("docx", _selfeval(filed)), "自评.docx")  # type: ignore[arg-type]
    assert doc.kind == "self_evaluation"
    assert doc.year == year


def test_the_figures_under_an_execution_header_whose_label_is_merged_down() -> None:
    doc = read_bytes(build("docx", _selfeval("填报日期：2022年8月10日")), "自评.docx")  # type: ignore[arg-type]
    ex = doc.projects[0].execution
    assert ex is not None
    assert (ex.budget_adjusted, ex.executed, ex.rate) == (Decimal(309), Decimal(300), Decimal(97))
    i = doc.projects[0].indicators[0]
    assert (i.level1, i.level2, i.actual) == ("产出指标", "数量指标", "300公里")


def test_a_department_title_without_a_table_word_and_a_code_in_the_unit_row() -> None:
    rows: list[list[str | None]] = [
        ["部门整体绩效目标", None, None, None, None, None],
        ["部门编码：", "316", "部门名称：", "某县林业局", "*联系人：", "王某"],
        ["*年度绩效总目标", "保障人员经费。", None, None, None, None],
        ["一级指标", "二级指标", "三级指标", "计算符号", "目标值", "度量单位"],
        ["产出指标", "数量指标", "保障在职职工人数", "=", "116", "人"],
    ]
    doc = read_bytes(build("docx", [T(rows, ["A1:F1", "B3:F3"])]), "整体.docx")
    assert (doc.unit.code, doc.unit.name) == ("316", "某县林业局")
    assert doc.projects == []
    t = doc.department_indicators[0].target
    assert (t.comparator, t.value, t.unit) == ("=", Decimal(116), "人")


@pytest.mark.parametrize(
    ("prefix", "goals"),
    [
        # 中期滚动目标（2019年--2021年） beside 年度目标: the 年度 text is the goal
        ("c23", ["完成勘察设计费、审查咨询费结算，完成3个项目补助尾款结算。"]),
        # 绩效目标 | 六、项目总体绩效目标 | text: the outline label is no goal
        ("c43", ["路灯亮灯率保持在98%以上，故障及时修复。"]),
        ("c32", ["保障学校正常工作运行"]),
    ],
)
def test_goal_labels_are_not_read_as_goals(prefix: str, goals: list[str]) -> None:
    from tests.corpus.cases import CASES

    case = next(c for c in CASES if c.id.startswith(prefix))
    doc = read_bytes(case.data(), case.filename)
    assert doc.projects[0].goals == goals


def test_a_goals_block_label_before_an_outline_goals_label() -> None:
    rows: list[list[str | None]] = [
        ["项目名称", "路灯维护", None],
        ["绩效目标", "六、项目总体绩效目标", "亮灯率98%以上。"],
        ["一级指标", "二级指标", "三级指标"],
        ["产出指标", "质量指标", "亮灯率"],
    ]
    doc = read_bytes(build("xlsx", [T(rows)]), "路灯.xlsx")
    assert doc.projects[0].goals == ["亮灯率98%以上。"]


@pytest.mark.parametrize(
    ("line", "total"),
    [
        ("填报单位（公章）：某局          金额：100 万元", Decimal(100)),
        ("填报单位（公章）：某局          单位：万元", None),
    ],
)
def test_an_amount_on_the_unit_line_above_a_single_table(line: str, total: Decimal | None) -> None:
    rows: list[list[str | None]] = [
        ["项目名称", "环境考核", None, None],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "建设处数", "10处"],
    ]
    doc = read_bytes(build("docx", [P(line), T(rows)]), "申报.docx")
    assert doc.unit.name == "某局"
    assert doc.projects[0].budget.total == total


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("年终完成值", "actual"),
        ("全年实际完成值", "actual"),
        ("实际完成数", "actual"),
        ("自评分", "score"),
        ("自评分数", "score"),
        ("年初目标值", "target"),
        ("预期指标值", "target"),
        ("指标分值", "weight"),
        ("计算符号", "comparator"),
        ("复核分", None),  # the reviewer's score is not the unit's
        ("评价标准及依据", None),
    ],
)
def test_self_evaluation_header_words(header: str, field: str | None) -> None:
    assert indicator_field(normalize(header)[0]) == field
