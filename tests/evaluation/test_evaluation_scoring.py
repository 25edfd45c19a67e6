"""Self-evaluation scores, hand-computed from the formulas of domain.md §6."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.actual_values import parse_actual
from jixiao.core.evaluation import (
    Actual,
    BudgetRecord,
    EvaluationConfig,
    evaluate,
    indicator_weights,
    rollup,
    score_project,
)
from jixiao.core.model import Budget, Document, Indicator, Project, Target, Unit
from jixiao.core.targets import parse_target

D = Decimal
OUT, EFF, SAT, COST = "产出指标", "效益指标", "满意度指标", "成本指标"
CONFIG = EvaluationConfig()


def project(*rows: tuple, code: str = "P1") -> Project:
    """rows: (level1, target text[, weight])."""
    indicators = [
        Indicator(
            r[0], None, f"指标{i}", None, parse_target(r[1]), None, D(r[2]) if len(r) > 2 else None
        )
        for i, r in enumerate(rows, start=1)
    ]
    return Project(seq=1, code=code, name="测试项目", budget=Budget(D(100)), indicators=indicators)


def actuals(code: str, *values: str) -> dict[int, Actual]:
    return {n: Actual(code, n, parse_actual(v)) for n, v in enumerate(values, start=1) if v}


def budget(adjusted: str = "100", executed: str = "100", code: str = "P1") -> BudgetRecord:
    return BudgetRecord(code, D(adjusted), D(adjusted), D(executed))


def score(target: str, actual: str, config: EvaluationConfig = CONFIG) -> Decimal | None:
    """The score of one output line weighted 50 (the project's other lines met in full)."""
    p = project((OUT, target), (EFF, "≥1"), (SAT, "≥1"))
    result = score_project(p, actuals("P1", actual, "1", "1"), budget(), config)
    return result.lines[0].score


# -- one line per rule -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        # ≥ and ＞: full when met, else actual ÷ target × weight
        ("≥90%", "90%", "50.00"),
        ("≥90%", "95%", "50.00"),
        ("≥90%", "45%", "25.00"),
        ("≥90%", "89%", "49.44"),  # 89/90×50 = 49.444…
        ("≥90%", "0", "0.00"),
        ("≥90%", "-5", "0.00"),
        ("＞90%", "90%", "50.00"),
        ("＞90%", "91%", "50.00"),
        ("100", "80", "40.00"),  # no comparator written: read as ≥
        ("≥0", "0", "50.00"),
        # ≤ and ＜: full at or under, linear to 0 at twice the target
        ("≤5天", "4天", "50.00"),
        ("≤5天", "5天", "50.00"),
        ("≤5天", "6天", "40.00"),  # (1 − 1/5) × 50
        ("≤5天", "7.5天", "25.00"),  # (1 − 2.5/5) × 50
        ("≤5天", "9.9天", "1.00"),
        ("≤5天", "10天", "0.00"),  # exactly twice
        ("≤5天", "12天", "0.00"),  # beyond twice
        ("<5天", "5天", "50.00"),
        ("≤0", "0", "50.00"),
        ("≤0", "1", "0.00"),
        # ＝: like ≥; a target of 0 scores only at 0
        ("=8人", "8人", "50.00"),
        ("=8人", "6人", "37.50"),
        ("=8人", "9人", "50.00"),
        ("=0", "0", "50.00"),
        ("=0", "1", "0.00"),
        ("=0", "-1", "0.00"),
        ("＞0", "0", "0.00"),
        ("＞0", "3", "50.00"),
        # qualitative: the middle of the band by default
        ("达成年度指标", "达成", "45.00"),
        ("达成年度指标", "部分达成年度指标并具有一定效果", "35.00"),
        ("达成年度指标", "未达成年度指标且效果较差", "15.00"),
        ("优", "优", "47.50"),
        ("优", "良好", "42.50"),
        ("优", "中", "35.00"),
        ("优", "差", "15.00"),
    ],
)
def test_line_scores(target, actual, expected):
    assert score(target, actual) == D(expected)


@pytest.mark.parametrize(("point", "expected"), [("1", "50.00"), ("0", "40.00"), ("0.25", "42.50")])
def test_the_point_within_a_qualitative_band_is_configurable(point, expected):
    assert score("达成年度指标", "达成", EvaluationConfig(band_point=D(point))) == D(expected)


def test_a_line_that_cannot_be_scored_makes_the_project_incomplete():
    p = project((OUT, "≥90"), (EFF, "好"), (SAT, "≥90"))
    p.indicators[0].target = Target(text="见附表3（约九成）")  # digits, no parse
    r = score_project(p, actuals("P1", "90", "95", "90"), budget(), CONFIG)
    assert [ln.score for ln in r.lines] == [None, None, D("10.00")]
    assert r.missing == ["target:1", "target:2"]
    assert "无法解析" in r.lines[0].note and "等级" in r.lines[1].note
    assert not r.complete and r.score == D("20.00")


# -- reasons ------------------------------------------------------------------------------


def kinds(r) -> list[tuple[str, int | None]]:
    return [(x.kind, x.indicator) for x in r.reasons_required]


@pytest.mark.parametrize(
    ("actual", "reasons"),
    [
        ("116.99", []),
        ("117", [("overachieved", 1)]),  # 130 % of 90
        ("200", [("overachieved", 1)]),
        ("89", [("missed", 1)]),
    ],
)
def test_overachievement_at_130_percent_and_misses_need_reasons(actual, reasons):
    p = project((OUT, "≥90"), (EFF, "≥1"), (SAT, "达成年度指标"))
    r = score_project(p, actuals("P1", actual, "1", "达成"), budget(), CONFIG)
    assert kinds(r) == reasons


def test_partial_grades_and_strict_comparators_at_the_target_are_misses():
    p = project((OUT, "＞90%"), (EFF, "＜5天"), (SAT, "达成年度指标"))
    r = score_project(p, actuals("P1", "90%", "5天", "部分达成"), budget(), CONFIG)
    assert kinds(r) == [("missed", 1), ("missed", 2), ("missed", 3)]
    assert [ln.score for ln in r.lines] == [D("50.00"), D("30.00"), D("7.00")]


# -- budget execution ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("executed", "points", "rate", "reason"),
    [
        ("120", "10.00", "120.00", False),  # capped at the weight
        ("100", "10.00", "100.00", False),
        ("95", "9.50", "95.00", False),
        ("90", "9.00", "90.00", False),
        ("89.99", "9.00", "89.99", True),  # 8.999 rounds half up
        ("85", "8.50", "85.00", True),
        ("0", "0.00", "0.00", True),
    ],
)
def test_budget_execution_line(executed, points, rate, reason):
    p = project((OUT, "≥1"), (EFF, "≥1"), (SAT, "≥1"))
    r = score_project(p, actuals("P1", "1", "1", "1"), budget("100", executed), CONFIG)
    assert (r.budget_score, r.execution_rate) == (D(points), D(rate))
    assert (("execution_low", None) in kinds(r)) is reason


def test_without_budget_figures_the_budget_line_is_missing():
    p = project((OUT, "≥1"), (EFF, "≥1"), (SAT, "≥1"))
    r = score_project(p, actuals("P1", "1", "1", "1"), None, CONFIG)
    assert (r.budget_score, r.missing, r.complete, r.score) == (None, ["budget"], False, D(90))


# -- weights ------------------------------------------------------------------------------


def test_default_weights_one_indicator_per_category():
    p = project((OUT, "≥1"), (EFF, "≥1"), (SAT, "≥1"))
    assert indicator_weights(p, CONFIG) == [D(50), D(30), D(10)]


def test_a_category_spreads_evenly_and_cents_add_up():
    p = project((OUT, "≥1"), (OUT, "≥1"), (OUT, "≥1"), (EFF, "≥1"), (SAT, "≥1"))
    assert indicator_weights(p, CONFIG) == [D("16.67"), D("16.67"), D("16.66"), D(30), D(10)]
    r = score_project(p, actuals("P1", "1", "1", "1", "1", "1"), budget(), CONFIG)
    assert r.score == D(100)


def test_a_missing_category_hands_its_points_to_the_others_in_proportion():
    # no 满意度: its 10 go 50:30 to 产出 and 效益 → 56.25 and 33.75
    p = project((OUT, "≥1"), (OUT, "≥1"), (EFF, "≥1"))
    assert indicator_weights(p, CONFIG) == [D("28.13"), D("28.12"), D("33.75")]
    r = score_project(p, actuals("P1", "1", "1", "1"), budget(), CONFIG)
    assert (r.score, r.grade) == (D(100), "优")
    half = score_project(p, actuals("P1", "0.5", "1", "1"), budget(), CONFIG)
    assert half.lines[0].score == D("14.07")  # 28.13 / 2 = 14.065 → 14.07


def test_cost_indicators_weigh_with_output_and_unknown_level1_weighs_nothing():
    p = project((OUT, "≥1"), (COST, "≤100万元"), (EFF, "≥1"), (SAT, "≥1"), ("其他指标", "≥1"))
    assert indicator_weights(p, CONFIG) == [D(25), D(25), D(30), D(10), D(0)]
    r = score_project(p, actuals("P1", "1", "90万元", "1", "1", "1"), budget(), CONFIG)
    assert r.lines[1].category == "cost" and r.lines[1].score == D(25)
    assert "无法识别" in r.lines[4].note


def test_indicator_weights_set_in_the_document_are_kept():
    p = project((OUT, "≥1", "20"), (OUT, "≥1"), (OUT, "≥1"), (EFF, "≥1"), (SAT, "≥1"))
    assert indicator_weights(p, CONFIG) == [D(20), D(15), D(15), D(30), D(10)]


# -- grades -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.99", "中"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ],
)
def test_grade_band_boundaries(total, grade):
    assert CONFIG.grade(D(total)) == grade


@pytest.mark.parametrize(
    ("output_actual", "total", "grade"),
    [("80", "90.00", "优"), ("60", "80.00", "良"), ("20", "60.00", "中"), ("19.98", "59.99", "差")],
)
def test_grade_boundaries_through_whole_projects(output_actual, total, grade):
    # budget 10 + output (actual/100 × 50) + effect 30 + satisfaction 10
    p = project((OUT, "≥100"), (EFF, "≥1"), (SAT, "≥1"))
    r = score_project(p, actuals("P1", output_actual, "1", "1"), budget(), CONFIG)
    assert (r.score, r.grade) == (D(total), grade)


def test_grade_bands_are_configurable():
    bands = (("优", D(80)), ("良", D(70)), ("中", D(60)), ("差", D(0)))
    config = EvaluationConfig(grade_bands=bands)
    assert [config.grade(D(x)) for x in ("80", "75", "69.99", "60")] == ["优", "良", "中", "中"]


@pytest.mark.parametrize(
    "config",
    [
        EvaluationConfig(budget_weight=D(20)),
        EvaluationConfig(band_point=D(2)),
        EvaluationConfig(grade_bands=(("优", D(60)), ("良", D(80)), ("差", D(0)))),
        EvaluationConfig(grade_bands=(("优", D(90)), ("良", D(10)))),
    ],
)
def test_bad_configurations_are_refused(config):
    with pytest.raises(ValueError):
        config.validate()


# -- roll-ups -----------------------------------------------------------------------------


def test_rollup_plain_and_budget_weighted_averages_and_grade_counts():
    doc = Document(
        unit=Unit("1", "单位"),
        year=2022,
        projects=[
            project((OUT, "≥100"), (EFF, "≥1"), (SAT, "≥1"), code="A"),
            project((OUT, "≥100"), (EFF, "≥1"), (SAT, "≥1"), code="B"),
            project((OUT, "≥100"), (EFF, "≥1"), (SAT, "≥1"), code="C"),
        ],
    )
    acts = [*actuals("A", "80", "1", "1").values(), *actuals("B", "40", "1", "1").values()]
    acts += list(actuals("C", "100", "1", "1").values())
    acts = [
        Actual(code, a.indicator, a.value)
        for code, a in zip(["A"] * 3 + ["B"] * 3 + ["C"] * 3, acts, strict=True)
    ]
    budgets = [budget("100", "100", "A"), budget("300", "300", "B")]
    r = evaluate(doc, acts, budgets)
    assert [p.score for p in r.projects] == [D(90), D(70), D(90)]
    ru = r.rollup
    assert (ru.projects, ru.complete, ru.incomplete) == (3, 2, ["C"])
    assert (ru.average, ru.weighted_average) == (D("80.00"), D("75.00"))  # (90+3×70)/4
    assert ru.grades == {"优": 1, "良": 0, "中": 1, "差": 0}
    assert (ru.budget_adjusted, ru.executed, ru.execution_rate) == (D(400), D(400), D("100.00"))
    # a department roll-up is the same function over several units' projects
    assert rollup([*r.projects, *r.projects]).average == D("80.00")


# -- properties ---------------------------------------------------------------------------

numbers = st.decimals(min_value=0, max_value=10000, places=2)
targets = st.sampled_from(["≥90%", "≥0", "＞50", "=8人", "=0", "≤5天", "＜3", "≤0", "100"])
grades = st.sampled_from(["达成", "部分达成", "未达成", "优", "良", "中", "差"])


@given(t=targets, a=st.one_of(numbers.map(str), grades), b=numbers, ex=numbers, adj=numbers)
def test_project_score_stays_within_0_and_100(t, a, b, ex, adj):
    p = project((OUT, t), (EFF, "≥90"), (SAT, "达成年度指标"))
    r = score_project(p, actuals("P1", a, str(b), "部分达成"), budget(str(adj), str(ex)), CONFIG)
    assert D(0) <= r.score <= D(100)
    assert all(ln.score is not None and 0 <= ln.score <= ln.weight for ln in r.lines)


@given(a=numbers, b=numbers, t=st.sampled_from(["≥90%", "＞50", "=8", "100"]))
def test_at_least_scores_never_fall_as_the_actual_rises(a, b, t):
    lo, hi = sorted([a, b])
    assert score(t, str(lo)) <= score(t, str(hi))


@given(a=numbers, b=numbers)
def test_at_most_scores_never_rise_as_the_actual_rises(a, b):
    lo, hi = sorted([a, b])
    assert score("≤5天", str(lo)) >= score("≤5天", str(hi))
