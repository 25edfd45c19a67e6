"""Typed Excel numbers read as the text they display, and written so they read back exactly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jixiao.core.formats.render_xlsx import amount_cell, percent_cell
from jixiao.core.formats.xlsx_io import number_text


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (0.25, "0%", "25%"),
        (0.125, "0.0%", "12.5%"),
        (1, "0%", "100%"),
        (0.29, "0%", "29%"),
        (1.4, "0.00", "1.40"),
        (2.28, "0.00", "2.28"),
        (3309840, "#,##0.00", "3309840.00"),
        (15.0, "General", "15"),
        (2.5, "General", "2.5"),
        (7, "0", "7"),
        (0.1 + 0.2, "General", "0.30000000000000004"),
        (1234.5, '"¥"#,##0.00;[Red]-"¥"#,##0.00', "1234.50"),
        ("≥90%", "General", "≥90%"),
        (None, "General", ""),
        (True, "General", "是"),
        (dt.datetime(2022, 3, 31), "yyyy-mm-dd", "2022-03-31"),
    ],
)
def test_number_text(value: object, fmt: str, text: str) -> None:
    assert number_text(value, fmt) == text


@pytest.mark.parametrize(
    "amount", ["1.40", "2.28", "0", "15", "3309840.00", "0.05", "788.92", "123456789.12"]
)
def test_amounts_are_numbers_that_read_back_exactly(amount: str) -> None:
    value, fmt = amount_cell(Decimal(amount))
    assert isinstance(value, float)
    assert number_text(value, fmt) == amount


def test_amount_a_float_cannot_hold_is_written_as_text() -> None:
    value, fmt = amount_cell(Decimal("12345678901234567.89"))
    assert (value, fmt) == ("12345678901234567.89", None)


@pytest.mark.parametrize(
    ("text", "percent", "number"),
    [
        ("25%", Decimal(25), True),
        ("12.5%", Decimal("12.5"), True),
        ("75.00%", Decimal("75.00"), True),
        ("30", Decimal(30), False),  # written without %: kept as text
        ("２５％", Decimal(25), False),
        (None, None, None),
    ],
)
def test_plan_cells(text: str | None, percent: Decimal | None, number: bool | None) -> None:
    value, fmt = percent_cell(text, percent)
    if number is None:
        assert value is None
    elif number:
        assert isinstance(value, float) and fmt is not None and fmt.endswith("%")
        assert number_text(value, fmt) == text
    else:
        assert value == text and fmt is None
