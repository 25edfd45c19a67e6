"""The one amount and percentage parser, its bounds, unit conversion and formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core.amounts import (
    amount_text,
    convert,
    format_amount,
    parse_amount,
    parse_amount_with_unit,
    parse_percent,
    to_amount,
    to_percent,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2.28", "2.28"),
        ("1.40", "1.40"),
        ("3,309,840.00", "3309840.00"),
        ("３，３０９．５", "3309.5"),  # full width
        (" 12 ", "12"),
        ("-0.5", "-0.5"),
        ("+7", "7"),
        ("￥12.00", "12.00"),
        ("999999999999.999999", "999999999999.999999"),  # the largest in 元
        ("", None),
        (None, None),
    ],
)
def test_accepted_amount_spellings(text, value):
    assert parse_amount(text) == (None if value is None else Decimal(value))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1e3", "不用 1e3 这样的写法"),
        ("1E+18", "不是数字"),
        ("1e999999", "不是数字"),
        ("NaN", "不是数字"),
        ("Infinity", "不是数字"),
        ("1.2.3", "不是数字"),
        ("12,34", "不是数字"),
        ("两万", "不是数字"),
        ("123456789012345678", "超出范围"),
        ("1000000000000", "超出范围"),
        ("1.1234567", "小数位过多"),
        ("9" * 5000, "不是数字"),
    ],
)
def test_refused_amount_spellings(text, message):
    with pytest.raises(ValueError, match=message):
        parse_amount(text)


def test_amount_bounds_follow_the_money_unit():
    assert parse_amount("99999999.999999", "万元") == Decimal("99999999.999999")
    with pytest.raises(ValueError, match="应小于 100,000,000 万元"):
        parse_amount("100000000", "万元")
    with pytest.raises(ValueError, match="超出范围"):
        parse_amount_with_unit("200000000万")
    assert parse_amount_with_unit("250万") == (Decimal(250), "万元")


@pytest.mark.parametrize(
    ("value", "result"),
    [(2.28, "2.28"), (7, "7"), (Decimal("1.40"), "1.40"), ("2.28", "2.28"), (None, None)],
)
def test_typed_amounts(value, result):
    assert to_amount(value) == (None if result is None else Decimal(result))


@pytest.mark.parametrize(
    "value",
    [1e18, float("inf"), float("nan"), True, 10**5000, [1], "1e3"],
    ids=["1e18", "inf", "nan", "bool", "int-5000-digits", "list", "exponent"],
)
def test_typed_amounts_out_of_bounds_are_refused(value):
    with pytest.raises(ValueError):
        to_amount(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [("25%", "25"), ("25", "25"), ("１００％", "100"), ("33.333333%", "33.333333"), ("", None)],
)
def test_accepted_percentages(text, value):
    assert parse_percent(text) == (None if value is None else Decimal(value))


@pytest.mark.parametrize(
    "text", ["1e999999%", "1e2", "-5%", "1001%", "abc", "25%%", "0.1234567%", "NaN%"]
)
def test_refused_percentages(text):
    with pytest.raises(ValueError):
        parse_percent(text)


def test_typed_percentages():
    assert to_percent(25) == Decimal(25)
    with pytest.raises(ValueError):
        to_percent(1e308)


def test_conversion_is_exact():
    assert convert(Decimal("3309840.00"), "元", "万元") == Decimal("330.984")
    assert convert(Decimal("1"), "元", "万元") == Decimal("0.0001")
    assert convert(Decimal("2.28"), "万元", "元") == Decimal("22800")
    with pytest.raises(ValueError, match="不支持的金额单位"):
        convert(Decimal(1), "美元", "万元")


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (Decimal("0.8"), None, "0.80"),
        (Decimal("-0.5"), None, "-0.50"),
        (Decimal("788.920000"), "万元", "788.92"),
        (Decimal("347.235"), "万元", "347.235"),
        (Decimal("1E+3"), None, "1000.00"),
        (Decimal("3309840"), "元", "3,309,840.00"),
        (Decimal("1234.5"), "万元", "1234.50"),
        (None, None, ""),
    ],
)
def test_one_formatting_of_amounts(value, unit, shown):
    assert format_amount(value, unit) == shown


def test_the_goal_table_writes_amounts_as_every_page_does():
    """The official table (exports and the public pages) wrote a whole 65 as ``65`` where
    the lists wrote ``65.00``: its amount cells are `format_amount`'s too."""
    from jixiao.core.goal_table import project_table
    from jixiao.core.model import Budget, Project

    p = Project(
        seq=1,
        code=None,
        name="项目",
        budget=Budget(Decimal("65"), fiscal=Decimal("60"), other=Decimal("5.0")),
    )
    cells = [c for row in project_table("单位", "万元", p).rows for c in row if c.role == "amount"]
    assert [c.text for c in cells] == ["65.00", "60.00", "5.00"]
    assert cells[0].number == Decimal("65")  # spreadsheets keep the exact value
    yuan = project_table("单位", "元", Project(1, None, "项目", Budget(Decimal("1250000"))))
    assert next(c.text for row in yuan.rows for c in row if c.role == "amount") == "1,250,000.00"


def test_the_text_format_keeps_the_written_decimals_and_never_an_exponent():
    assert amount_text(Decimal("1.40")) == "1.40"
    assert amount_text(Decimal("1E-8")) == "0.00000001"
    assert amount_text(None) == ""


@pytest.mark.parametrize(
    ("value", "money_unit", "unit", "text"),
    [
        ("15.96", "万元", "元", "159,600.00"),
        ("159600", "元", "万元", "15.96"),
        ("1234.5", "元", "万元", "0.12345"),
        ("2.28", "万元", "万元", "2.28"),
        ("0.123456", "万元", "元", "1,234.56"),
    ],
)
def test_amounts_are_shown_exactly_in_the_display_unit(value, money_unit, unit, text):
    from jixiao.core.amounts import format_in

    assert format_in(Decimal(value), money_unit, unit) == text


def test_the_display_unit_is_yuan_or_wan_yuan_else_the_default():
    from jixiao.core.amounts import DISPLAY_UNIT, display_unit

    assert display_unit("元") == "元" and display_unit("万元") == "万元"
    assert display_unit("亿元") == display_unit(None) == DISPLAY_UNIT == "万元"
