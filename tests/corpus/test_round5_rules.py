"""The general rules the fifth corpus round added (c42, c43), each on a small table."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core.formats import read_bytes
from jixiao.core.formats.layout import read_title
from jixiao.core.targets import parse_target
from tests.corpus.build import P, T, build

_HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]
_ROW = ["产出指标", "数量指标", "保洁面积", "≥5万平方米"]


@pytest.mark.parametrize(
    ("title", "project"),
    [
        ("长吉图发展战略专项经费绩效评价表", "长吉图发展战略专项经费"),
        ("2023年云雾乡加工园配套设施建设项目支出绩效目标审批表", "云雾乡加工园配套设施建设项目"),
        ("部门预算项目支出绩效目标表", None),
        ("市本级专项资金绩效目标表", None),
        ("某某局2023年度项目支出绩效目标表", None),
        ("部门整体支出绩效目标表", None),
    ],
)
def test_a_title_names_a_fund_only_when_it_is_one(title: str, project: str | None) -> None:
    t = read_title(title)
    assert t is not None and t.project == project


def test_a_table_with_no_name_row_takes_the_fund_its_title_names() -> None:
    data = build("xlsx", [T([["社区保洁专项经费绩效目标表", None, None, None], _HEADER, _ROW])])
    doc = read_bytes(data, "保洁.xlsx")
    assert [p.name for p in doc.projects] == ["社区保洁专项经费"]


def test_a_generic_title_names_no_project_and_the_file_is_refused() -> None:
    from jixiao.core.errors import ReadError

    data = build("xlsx", [T([["部门预算项目支出绩效目标表", None, None, None], _HEADER, _ROW])])
    with pytest.raises(ReadError, match="找不到项目名称"):
        read_bytes(data, "无名.xlsx")


def test_a_target_column_beats_a_computed_value_column() -> None:
    blocks = [
        T(
            [
                ["项目名称", "社区保洁", None, None, None],
                ["一级指标", "二级指标", "三级指标", "目标值（标准）", "指标值"],
                ["产出指标", "数量指标", "保洁面积", "≥5万平方米", "5.2万平方米"],
            ]
        )
    ]
    ind = read_bytes(build("xlsx", blocks), "x.xlsx").projects[0].indicators[0]
    assert ind.target.text == "≥5万平方米"


def test_a_goal_content_header_over_two_columns_holds_name_and_value() -> None:
    blocks = [
        T(
            [
                ["项目名称", "路灯维护", None, None, None],
                ["一级指标", "二级指标", "绩效目标内容", None, None],
                ["产出", "数量目标", "维护路灯数量", "≥12000盏", None],
            ],
            ["C2:E2", "D3:E3"],
        )
    ]
    ind = read_bytes(build("xlsx", blocks), "x.xlsx").projects[0].indicators[0]
    assert (ind.level2, ind.name, ind.target.text) == ("数量目标", "维护路灯数量", "≥12000盏")


def test_a_spending_schedule_in_money_is_no_percentage_plan() -> None:
    blocks = [
        T(
            [
                ["项目名称", "路灯维护", None, None],
                ["预期进度", "实施内容", None, "资金支出计划（万元）"],
                [None, "春季检修", None, "175"],
                _HEADER,
                _ROW,
            ]
        )
    ]
    doc = read_bytes(build("xlsx", blocks), "x.xlsx")
    assert doc.projects[0].name == "路灯维护" and len(doc.projects[0].indicators) == 1


def test_the_unit_ends_where_the_next_label_starts() -> None:
    blocks = [
        T([["项目名称", "路灯维护", None, None], _HEADER, _ROW]),
        P("填报单位（公章）：市路灯管理所      单位负责人：张某"),
    ]
    assert read_bytes(build("xlsx", blocks), "x.xlsx").unit.name == "市路灯管理所"


def test_minus_zero_is_zero() -> None:
    t = parse_target("-0%")
    assert (t.value, t.unit) == (Decimal("0"), "%") and not t.value.is_signed()


def test_fiscal_funds_by_government_level_add_up_and_the_code_label_names_the_unit() -> None:
    blocks = [
        P("单位：万元"),
        T(
            [
                ["项目名称", "文物保护", None, None],
                ["主管部门及代码", "404-永济市文化和旅游局", None, None],
                ["项目资金", "年度资金总额：", "100", None],
                [None, "其中：中央财政资金", "20", None],
                [None, "省级财政资金", "30", None],
                [None, "市县（区）财政资金", "50", None],
                _HEADER,
                _ROW,
            ]
        ),
    ]
    doc = read_bytes(build("xlsx", blocks), "x.xlsx")
    assert (doc.unit.code, doc.unit.name) == ("404", "永济市文化和旅游局")
    assert str(doc.projects[0].budget.fiscal) == "100" and not doc.warnings


def _rate(rate: str, executed: str) -> Decimal | None:
    blocks = [
        T(
            [
                ["项目名称", "文物保护", None, None, None, None],
                ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "执行率", "得分"],
                ["年度资金总额", "29", "29", executed, rate, "8"],
                [*_HEADER, None, None],
                [*_ROW, None, None],
            ]
        )
    ]
    ex = read_bytes(build("xlsx", blocks), "x.xlsx").projects[0].execution
    assert ex is not None
    return ex.rate


def test_an_execution_rate_written_as_a_fraction_is_a_percentage() -> None:
    assert str(_rate("0.958", "27.8")) == "95.8"
    assert str(_rate("1", "29")) == "100"
    # Not the executed share of the budget: kept as written.
    assert str(_rate("0.5", "27.8")) == "0.5"
    assert str(_rate("95.8%", "27.8")) == "95.8"
