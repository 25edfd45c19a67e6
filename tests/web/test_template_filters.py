"""Amounts on pages: at least two decimals, never rounded."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.web.front.templatetags.front import amount


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("0.3"), "0.30"),
        (Decimal("788.920000"), "788.92"),
        (Decimal("0.1234"), "0.1234"),
        (Decimal("2"), "2.00"),
        (Decimal("1.40"), "1.40"),
        (Decimal("1E+3"), "1000.00"),
        (None, "—"),
        ("", "—"),
    ],
)
def test_amounts_show_two_decimals_or_more_and_are_never_rounded(value, shown):
    assert amount(value) == shown


@pytest.mark.parametrize("value", ["abc", Decimal("1E+999999")])
def test_a_stored_amount_that_is_no_number_is_shown_not_a_crash(value):
    from jixiao.web.front.templatetags.front import in_display_unit

    assert amount(value) == str(value)
    assert in_display_unit({}, value, "万元") == str(value)
    assert in_display_unit({}, value, "美元").startswith(str(value))
