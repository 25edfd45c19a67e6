"""Evaluation status: a project not yet evaluated is 未开始 (never 0.00 差), a partly
evaluated one is provisional, and roll-ups say how many projects they cover."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.actual_values import parse_actual
from jixiao.core.evaluation import (
    COMPLETE,
    NOT_STARTED,
    PROVISIONAL,
    Actual,
    BudgetRecord,
    EvaluationConfig,
    describe_missing,
    evaluate,
    rollup,
    score_project,
)
from jixiao.core.evaluation.format import evaluation_to_dict, format_evaluation
from jixiao.core.evaluation.tables import summary_table, table_texts
from jixiao.core.model import Budget, Document, Indicator, Project, Unit
from jixiao.core.targets import parse_target

D = Decimal
CONFIG = EvaluationConfig()


def project(code: str = "P1") -> Project:
    indicators = [
        Indicator("产出指标", None, "数量", None, parse_target("≥10人"), None, None),
        Indicator("满意度指标", None, "满意度", None, parse_target("≥90%"), None, None),
    ]
    return Project(
        seq=1, code=code, name="项目" + code, budget=Budget(D(10)), indicators=indicators
    )


def actual(n: int, value: str, code: str = "P1") -> Actual:
    return Actual(code, n, parse_actual(value))


def test_nothing_entered_is_not_started():
    s = score_project(project(), {}, None, CONFIG)
    assert s.status == NOT_STARTED
    assert (s.status_label, s.grade_text, s.score_text) == ("未开始", "未开始", "—")


def test_partly_entered_is_provisional():
    s = score_project(project(), {1: actual(1, "10人")}, None, CONFIG)
    assert s.status == PROVISIONAL and s.grade_text.endswith("（未完成）")
    assert s.score_text == str(s.score)


def test_everything_entered_is_complete():
    b = BudgetRecord("P1", D(10), D(10), D(10))
    s = score_project(project(), {1: actual(1, "10人"), 2: actual(2, "95%")}, b, CONFIG)
    assert (s.status, s.grade_text, s.status_label) == (COMPLETE, "优", "已完成")


def test_missing_parts_are_named_in_chinese():
    s = score_project(project(), {}, None, CONFIG)
    assert [describe_missing(m) for m in s.missing] == [
        "全年预算数或全年执行数",
        "第 1 个指标的实际完成值",
        "第 2 个指标的实际完成值",
    ]
    assert (
        s.missing_text == "全年预算数或全年执行数、第 1 个指标的实际完成值、第 2 个指标的实际完成值"
    )
    assert describe_missing("target:3") == "第 3 个指标的指标值（无法计分）"


def test_rollup_says_how_many_projects_it_covers():
    b = BudgetRecord("P1", D(10), D(10), D(10))
    done = score_project(project(), {1: actual(1, "10人"), 2: actual(2, "95%")}, b, CONFIG)
    others = [score_project(project(f"P{i}"), {}, None, CONFIG) for i in range(2, 37)]
    r = rollup([done, *others], CONFIG)
    assert (r.projects, r.complete, r.not_started, r.provisional) == (36, 1, 35, 0)
    assert r.coverage == "已评 1/36"


def test_exports_and_cli_say_not_started_never_poor():
    doc = Document(unit=Unit("1", "单位"), year=2022, money_unit="万元", projects=[project()])
    report = evaluate(doc, [])
    row = [c.text for c in summary_table(report).rows[1]]
    assert row[-2:] == ["—", "未开始"]
    assert "未开始" in table_texts([summary_table(report)])[-1]  # the note counts it
    text = format_evaluation(report)
    assert "未开始" in text and "差（未完成）" not in text and "已评 0/1" in text
    assert evaluation_to_dict(report)["projects"][0]["status"] == "not_started"
    assert evaluation_to_dict(report)["rollup"]["coverage"] == "已评 0/1"
