"""Target parsing: every accepted spelling of comparator/number/unit parses the same."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.targets import format_target, parse_target

D = Decimal

CASES = [
    ("≥90", ">=", D(90), None),
    ("≥90%", ">=", D(90), "%"),
    (">=90", ">=", D(90), None),
    ("≧90", ">=", D(90), None),
    ("＞0", ">", D(0), None),
    ("＝100%", "=", D(100), "%"),
    ("≤5天", "<=", D(5), "天"),
    ("<=3", "<=", D(3), None),
    ("不低于95%", ">=", D(95), "%"),
    ("不高于2", "<=", D(2), None),
    ("230人", None, D(230), "人"),
    ("1", None, D(1), None),
    ("1,200万元", None, D(1200), "万元"),
    ("≥１２０％", ">=", D(120), "%"),
    ("95%以上", ">=", D(95), "%"),
    ("≥90%以上", ">=", D(90), "%"),
    ("3天以内", "<=", D(3), "天"),
    ("≥ 90 %", ">=", D(90), "%"),
    ("=8人", "=", D(8), "人"),
    ("≤0.5%", "<=", D("0.5"), "%"),
]


@pytest.mark.parametrize(("text", "comparator", "value", "unit"), CASES)
def test_it_parses_the_spellings_documents_use(text, comparator, value, unit):
    t = parse_target(text)
    assert (t.comparator, t.value, t.unit) == (comparator, value, unit)
    assert t.text == text


def test_it_parses_a_range_as_both_bounds():
    t = parse_target("90%-95%")
    assert (t.comparator, t.value, t.upper, t.unit) == (">=", D(90), D(95), "%")
    t = parse_target("90～95%")
    assert (t.value, t.upper, t.unit) == (D(90), D(95), "%")


@pytest.mark.parametrize(
    "text", ["优良", "达成年度指标", "效果明显", "部分达成年度指标并具有一定效果"]
)
def test_it_keeps_qualitative_text(text):
    t = parse_target(text)
    assert t.comparator == "qualitative"
    assert t.value is None and t.unit is None and t.text == text


def test_a_missing_comparator_is_not_guessed():
    assert parse_target("100").comparator is None


def test_unparseable_text_keeps_its_digits_and_no_value():
    t = parse_target("2022年12月底前完成")
    assert t.value is None and not t.is_parsed


def test_blank_is_blank():
    t = parse_target("  ")
    assert t.is_blank and t.comparator is None and t.value is None


SPELLINGS = {
    ">=": ["≥", ">=", "≧", "＞＝", "不低于", "不少于", "大于等于"],
    ">": [">", "＞", "大于", "高于"],
    "=": ["=", "＝"],
    "<": ["<", "＜", "小于", "低于"],
    "<=": ["≤", "<=", "≦", "＜＝", "不高于", "不超过", "小于等于"],
    None: [""],
}
UNITS = {"%": ["%", "％"], "人": ["人"], "天": ["天"], "万元": ["万元"], "次": ["次"], None: [""]}
FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


@st.composite
def written_targets(draw):
    comparator = draw(st.sampled_from(list(SPELLINGS)))
    unit = draw(st.sampled_from(list(UNITS)))
    value = draw(
        st.decimals(min_value=0, max_value=10**7, places=draw(st.integers(0, 2)), allow_nan=False)
    )
    number = str(value)
    if draw(st.booleans()) and value >= 1000 and "." not in number:
        number = f"{int(value):,}"
    if draw(st.booleans()):
        number = number.translate(FULL_WIDTH)
    text = (
        draw(st.sampled_from(SPELLINGS[comparator]))
        + draw(st.sampled_from(["", " "]))
        + number
        + draw(st.sampled_from(UNITS[unit]))
    )
    return text, comparator, value, unit


@given(written_targets())
def test_any_accepted_spelling_round_trips(case):
    text, comparator, value, unit = case
    t = parse_target(text)
    assert (t.comparator, t.value, t.unit) == (comparator, value, unit)
    # The canonical spelling parses back to the same target.
    again = parse_target(format_target(t.comparator, t.value, t.unit))
    assert (again.comparator, again.value, again.unit) == (comparator, value, unit)
