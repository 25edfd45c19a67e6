"""Which rules run on which kind of document (`Rule.applies_to`, `review_kind`)."""

from __future__ import annotations

import pytest

from jixiao.core.formats import read_bytes
from jixiao.core.model import Document, Unit
from jixiao.core.review import load_profile, review
from jixiao.core.review.rule import review_kind
from tests.corpus.cases import CASES


def test_a_goal_document_keeps_every_rule_and_its_memo() -> None:
    profile = load_profile()
    assert profile.for_kind("goals") is profile


def test_a_self_evaluation_leaves_out_the_goal_table_columns() -> None:
    narrowed = load_profile().for_kind("self_evaluation")
    assert narrowed is load_profile().for_kind("self_evaluation")  # built once
    assert {"R014", "R030", "R060", "R080"}.isdisjoint(narrowed.enabled)
    assert "R020" in narrowed.enabled and "R090" in narrowed.enabled


def test_the_kind_of_a_document(clean_document) -> None:
    doc = clean_document()
    assert review_kind(doc) == "goals"
    doc.kind = "self_evaluation"
    assert review_kind(doc) == "self_evaluation"
    doc.projects = []
    assert review_kind(doc) == "department"
    assert review_kind(Document(Unit(None, "空"), 2022)) == "goals"


def test_the_anhui_self_evaluation_is_not_asked_for_a_basis() -> None:
    # Corpus case c18: a 项目支出绩效自评表 has no 指标值确定依据, 资金用途, 资金支出计划
    # or 项目编码; its real defects (vague targets, spending as output…) are still found.
    case = next(c for c in CASES if c.id.startswith("c18"))
    doc = read_bytes(case.data(), case.filename)
    assert doc.kind == "self_evaluation"
    rules = {f.rule for f in review(doc).findings}
    assert rules.isdisjoint({"R014", "R030", "R060", "R080"})
    assert {"R029", "R111"} <= rules


def test_a_goal_table_without_the_optional_columns_is_not_asked_for_them() -> None:
    # Corpus case c12 (Chongqing flat export): no 指标值确定依据 column, no 项目编码 or
    # 资金用途; the reader records that (`Document.absent`) and the rules asking for those
    # parts' content stay out, while its real defects are still found.
    case = next(c for c in CASES if c.id.startswith("c12"))
    doc = read_bytes(case.data(), case.filename)
    assert doc.kind == "goals"
    assert doc.absent == {"basis", "code", "purpose"}
    rules = {f.rule for f in review(doc).findings}
    assert rules.isdisjoint({"R014", "R030", "R080"})
    assert rules
    narrowed = load_profile().for_kind("goals", frozenset({"basis"}))
    assert "R030" not in narrowed.enabled and "R031" in narrowed.enabled
    assert narrowed is load_profile().for_kind("goals", frozenset({"basis"}))  # built once


@pytest.mark.parametrize(
    ("prefix", "absent"), [("c09", "level1"), ("c35", "level1"), ("c26", "level2")]
)
def test_a_layout_without_a_level_column_is_not_asked_to_fill_it(prefix: str, absent: str):
    # Daqing (c09) has no 一级 column; Ezhou's (c35) 一级指标 column holds 二级 names;
    # Tianjin's investment plan (c26) has 产出/效益/满意度 over the names and no 二级 level.
    # The reader records the level absent and R001 does not report it row by row (R011,
    # which needs 二级 names, stays out of a layout without them).
    case = next(c for c in CASES if c.id.startswith(prefix))
    doc = read_bytes(case.data(), case.filename)
    assert absent in doc.absent
    rules = {f.rule for f in review(doc).findings}
    assert "R001" not in rules
    if absent == "level2":
        assert "R011" not in rules
    narrowed = load_profile().for_kind("goals", frozenset({absent}))
    r001 = next(r for r in narrowed.rules if r.code == "R001")
    assert r001.absent == {absent} and narrowed.memo is not load_profile().memo
