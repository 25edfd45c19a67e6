"""The layout engine's vocabulary: headers by meaning, comparators in any spelling, amount
cells written with text, placeholders and footers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core.amounts import read_amount
from jixiao.core.formats.headers import (
    execution_field,
    indicator_field,
    indicator_name,
    is_footer,
    label_column_period,
    level_name,
    name_unit,
    normalize,
    project_field,
)
from jixiao.core.formats.layout import read_title
from jixiao.core.targets import parse_comparator, parse_target


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("三级指标（本年度）", "name"),
        ("三级指标(指标名称)", "name"),
        ("年度指标值（计划）", "target"),
        ("指标值及单位", "target"),
        ("本年度计划水平", "target"),
        ("实施期指标值", "midterm"),
        ("中期指标值", "midterm"),
        ("绩效标准", "basis"),
        ("指标方向", "comparator"),
        ("全年完成值", "actual"),
        ("偏差原因分析及改进措施", "deviation_reason"),
        ("一级指标*", "level1"),
        ("绩效指标值*", "target"),
        ("绩效度量单位", "unit"),
        ("绩效指标性质*", "comparator"),
        ("计划指标值（或计划水平）", "target"),
        ("区域目标值", "target"),
    ],
)
def test_indicator_headers_by_meaning(header: str, field: str) -> None:
    assert indicator_field(normalize(header)[0]) == field


@pytest.mark.parametrize(
    ("label", "field", "unit"),
    [
        ("年度预算资金（万元）", "total", "万元"),
        ("全年预算数", "total", None),
        ("资金总额：", "total", None),
        ("资金（元）", None, "元"),
        ("项目支出名称", "name", None),
        ("转移支付（项目）名称", "name", None),
        ("其中：当年财政拨款", "fiscal", None),
        ("单位名称（盖章）", "unit.name", None),
        ("实施单位 (盖章)", "unit.impl", None),
        ("★项目名称：", "name", None),
        ("专项（项目）名称", "name", None),
        ("下达中央预算内投资（万元）", "total", "万元"),
        ("本年度申请市财政预算资金（万元）", "total", "万元"),
        ("下达地方或单位", "unit.impl", None),
        ("主管部门（单位）名称", "unit.dept", None),
        ("部门预算编码", "unit.code", None),
        ("主管部门编码", None, None),
    ],
)
def test_project_labels_by_meaning(label: str, field: str | None, unit: str | None) -> None:
    text, money = normalize(label)
    assert (project_field(text), money) == (field, unit)


def test_execution_headers_and_label_columns() -> None:
    assert execution_field(normalize("全年预算数（A）")[0]) == "budget_adjusted"
    assert execution_field(normalize("预算执行率（B/A）")[0]) == "rate"
    assert execution_field("本年度申请金额") == "total"
    assert [
        label_column_period(x) for x in ("绩效指标", "年度绩效指标", "长期绩效指标", "指标")
    ] == [
        "",
        "年度",
        "中期",
        None,
    ]


@pytest.mark.parametrize(
    "word,comparator",
    [
        ("≥", ">="), ("≧", ">="), (">=", ">="), ("大于等于", ">="), ("不低于", ">="),
        ("正向", ">="), ("=", "="), ("＝", "="), ("﹦", "="), ("等于", "="), ("≤", "<="),
        ("≦", "<="), ("<=", "<="), ("不高于", "<="), ("小于等于", "<="), ("反向", "<="),
        ("定性", "qualitative"), ("", None), ("备注", None),
    ],
)  # fmt: skip
def test_comparator_words_in_any_spelling(word: str, comparator: str | None) -> None:
    assert parse_comparator(word) == comparator


@pytest.mark.parametrize("text", ["—", "——", "/", " - "])
def test_a_dash_alone_sets_no_target(text: str) -> None:
    t = parse_target(text)
    assert (t.comparator, t.value, t.unit) == (None, None, None)


def test_a_period_of_months_is_no_measure() -> None:
    t = parse_target("2023.07-2024.01")
    assert (t.comparator, t.value, t.upper) == (None, None, None)
    t = parse_target("90-95")  # a range of numbers still is one
    assert (t.comparator, t.value, t.upper) == (">=", Decimal(90), Decimal(95))


@pytest.mark.parametrize(
    ("level2", "level1"),
    [
        ("社会效益", "效益指标"),
        ("数量指标", "产出指标"),
        ("服务对象满意度指标", "满意度指标"),
        ("成本指标", None),
    ],
)
def test_the_taxonomy_gives_the_level1_of_a_level2(level2: str, level1: str | None) -> None:
    from jixiao.core.formats.headers import level1_of

    assert level1_of(level2) == level1


def test_a_band_around_a_value() -> None:
    t = parse_target("±5%以内")
    assert (t.comparator, t.value, t.unit, t.upper) == ("<=", Decimal(5), "%", None)
    t = parse_target("100±5")
    assert (t.comparator, t.value, t.upper) == (">=", Decimal(95), Decimal(105))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("120万(含设备采购80万元)", (Decimal(120), "万元", False)),
        ("60万", (Decimal(60), "万元", True)),
        ("1,250,000.00", (Decimal("1250000.00"), None, True)),
        ("1250000元", (Decimal(1250000), "元", True)),
        ("—", (None, None, True)),
        ("/", (None, None, True)),
        ("无", (None, None, True)),
        ("-—", (None, None, True)),
    ],
)
def test_amount_cells_written_with_text(text: str, expected: tuple[object, ...]) -> None:
    assert read_amount(text) == expected


def test_an_amount_cell_without_a_number_is_an_error_the_reader_turns_into_a_warning() -> None:
    with pytest.raises(ValueError, match="两万元"):
        read_amount("两万元")


def test_placeholders_footers_and_level_notes() -> None:
    assert [indicator_name(x) for x in ("指标1", "指标2:", "……", "…", "指标1:/")] == [None] * 5
    assert indicator_name("指标1:工程质量合格") == "工程质量合格"
    assert level_name("产出指标\n（50分）") == "产出指标"
    assert level_name("成本指标（0-20）分") == "成本指标"
    assert level_name("效益指标(20～30分)") == "效益指标"
    for footer in (
        "注：指标值",
        "审核意见（盖章）",
        "其他需要说明的事项",
        "填表人：刘某",
        "联系电话",
    ):
        assert is_footer(footer)
    assert not is_footer("群众满意度")


def test_a_unit_in_brackets_ends_a_name_only_when_it_is_a_unit_of_measure() -> None:
    assert name_unit("开展修复工程（个）") == "个"
    assert name_unit("受益群众满意度(%)") == "%"
    assert name_unit("建设项目个数（含续建）") is None
    assert name_unit("补助县（市、区）数量") is None


def test_a_title_naming_only_a_place_names_no_unit() -> None:
    place = read_title("秀屿区2025年省级第七批水利专项资金绩效目标表")
    unit = read_title("重庆市大足区珠溪镇人民政府2022年项目支出绩效目标表")
    assert place is not None and (place.unit, place.year) == (None, 2025)
    assert unit is not None and unit.unit == "重庆市大足区珠溪镇人民政府"
