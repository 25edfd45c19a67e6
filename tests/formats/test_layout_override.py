"""A user's correction of how a table is read (`LayoutOverride`), and the layout fingerprint."""

from __future__ import annotations

import copy

import pytest

from jixiao.core.formats import read_bytes
from jixiao.core.formats.overrides import LayoutOverride
from tests.corpus.build import T, build
from tests.corpus.cases_goals import hebei_official


def renamed(old: str, new: str) -> list:
    """The seed-like corpus case with one indicator header reworded."""
    blocks = copy.deepcopy(hebei_official.blocks)
    for b in blocks:
        if isinstance(b, T):
            b.rows = [[new if c == old else c for c in row] for row in b.rows]
    return blocks


def test_an_unknown_header_is_reported_unused_and_its_column_is_not_read():
    doc = read_bytes(build("docx", renamed("指标值", "预期水平")), "t.docx")
    (table,) = doc.tables
    column = next(c for c in table.columns if c.text == "预期水平")
    assert column.field is None and column.how == "unused"
    assert all(i.target.text == "" for i in doc.projects[0].indicators)
    assert "“预期水平”未使用" in "\n".join(doc.explain)


def test_an_override_maps_the_column_and_says_so():
    data = build("docx", renamed("指标值", "预期水平"))
    doc = read_bytes(data, "t.docx", override=LayoutOverride(columns={"预期水平": "target"}))
    targets = [i.target.text for i in doc.projects[0].indicators]
    assert targets == ["≥100", "100%", "有效保障", "≥90%"]
    column = next(c for c in doc.tables[0].columns if c.text == "预期水平")
    assert (column.field, column.how) == ("target", "override")
    assert "“预期水平”→指标值（年度）（按更正）" in "\n".join(doc.explain)


def test_an_override_can_ignore_a_column_the_vocabulary_knows():
    doc = read_bytes(
        build("docx", hebei_official.blocks),
        "t.docx",
        override=LayoutOverride(columns={"绩效指标描述": None}),
    )
    assert all(i.description is None for i in doc.projects[0].indicators)


def test_an_override_sets_unit_year_and_money_unit():
    override = LayoutOverride(money_unit="元", year=2023, unit_code="999001", unit_name="某镇")
    doc = read_bytes(build("docx", hebei_official.blocks), "t.docx", override=override)
    assert (doc.unit.code, doc.unit.name, doc.year) == ("999001", "某镇", 2023)
    # The user says the reader took the wrong unit: figures without a unit of their own are
    # in the unit the user names (cells such as ``60万`` would still be converted).
    assert doc.money_unit == "元" and str(doc.projects[0].budget.total) == "2.28"


def test_the_fingerprint_depends_on_the_headers_not_the_content_or_the_override():
    plain = read_bytes(build("docx", hebei_official.blocks), "a.docx")
    reworded = read_bytes(build("docx", renamed("指标值", "预期水平")), "b.docx")
    corrected = read_bytes(
        build("docx", renamed("指标值", "预期水平")),
        "b.docx",
        override=LayoutOverride(columns={"预期水平": "target"}),
    )
    other_content = read_bytes(build("docx", renamed("工资发放人数", "发放人数")), "c.docx")
    assert plain.layout_fingerprint and plain.layout_fingerprint != reworded.layout_fingerprint
    assert reworded.layout_fingerprint == corrected.layout_fingerprint
    assert plain.layout_fingerprint == other_content.layout_fingerprint


@pytest.mark.parametrize(
    "data",
    [
        {"columns": {"x": "nonsense"}},
        {"money_unit": "美元"},
        {"year": 1800},
        {"columns": ["x"]},
    ],
)
def test_a_malformed_override_is_refused(data):
    with pytest.raises(ValueError):
        LayoutOverride.from_dict(data)


def test_an_override_round_trips_through_a_dict():
    o = LayoutOverride(columns={"预期水平": "target", "备注": None}, money_unit="元", year=2024)
    assert LayoutOverride.from_dict(o.to_dict()) == o
