"""Roll-up sums: stored per unit and added up, they give the roll-up over the projects
themselves (what the ranking relies on), budgets in 元 and 万元 converted exactly."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.actual_values import parse_actual
from jixiao.core.evaluation import (
    Actual,
    BudgetRecord,
    EvaluationConfig,
    RollupSums,
    rollup,
    rollup_from_sums,
    rollup_sums,
    score_project,
)
from jixiao.core.model import Budget, Indicator, Project
from jixiao.core.targets import parse_target

D = Decimal
CONFIG = EvaluationConfig()


def scored(code: str, done: str | None, budget: str = "10", executed: str = "9"):  # type: ignore[no-untyped-def]
    ind = Indicator("产出指标", None, "数量", None, parse_target("≥10人"), None, None)
    p = Project(seq=1, code=code, name=code, budget=Budget(D(budget)), indicators=[ind])
    actuals = {} if done is None else {1: Actual(code, 1, parse_actual(done), "")}
    record = None if done is None else BudgetRecord(code, D(budget), D(budget), D(executed), "")
    return score_project(p, actuals, record, CONFIG)


def test_sums_of_parts_add_up_to_the_rollup_of_the_whole() -> None:
    a = [scored("A1", "10"), scored("A2", "7", "3.5", "1"), scored("A3", None)]
    b = [scored("B1", "4", "123.45", "100"), scored("B2", "10", "0.01", "0.01")]
    whole = rollup(a + b, CONFIG)
    added = rollup_from_sums(rollup_sums(a, CONFIG) + rollup_sums(b, CONFIG), CONFIG)
    assert added == rollup_from_sums(rollup_sums(a + b, CONFIG), CONFIG)
    assert added.average == whole.average and added.weighted_average == whole.weighted_average
    assert added.grades == whole.grades and added.execution_rate == whole.execution_rate
    assert (added.projects, added.complete, added.not_started) == (5, 4, 1)
    assert whole.incomplete == ["A3"] and added.incomplete == []


def test_budgets_in_yuan_are_converted_exactly_to_wan_yuan_and_back() -> None:
    in_yuan = [scored("Y1", "10", "12345.67", "10000.01")]
    in_wan = [scored("W1", "8", "1.234567", "1")]
    sums = rollup_sums(in_yuan, CONFIG, money_unit="元") + rollup_sums(in_wan, CONFIG)
    assert sums.budget_adjusted == D("1.234567") + D("1.234567")
    back = rollup_from_sums(rollup_sums(in_yuan, CONFIG, money_unit="元"), money_unit="元")
    assert back == rollup(in_yuan, CONFIG).__class__(
        **{**vars(rollup(in_yuan, CONFIG)), "incomplete": []}
    )
    assert back.budget_adjusted == D("12345.67")


def test_projects_without_figures_are_all_not_started() -> None:
    unscored = [scored("N1", None), scored("N2", None), scored("N3", None)]
    assert rollup_sums(unscored, CONFIG) == RollupSums.without_figures(3, CONFIG)
