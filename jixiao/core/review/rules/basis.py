"""Basis rules: every 指标值确定依据 is filled in and one of the standard bases."""

from __future__ import annotations

from typing import Any

from jixiao.core.review.rule import GOAL_TABLES, Hit, IndicatorRule
from jixiao.core.review.rules._facts import (
    BASIS,
    COST_ONLY_BASIS,
    NO_BASIS,
    NONSTANDARD_BASIS,
    NOT_COST,
    Facts,
    uses_defaults,
)
from jixiao.core.review.rules._util import key, listing, quote


class R030(IndicatorRule):
    """指标值确定依据为空。

    **不合格**：指标值确定依据“”。
    **合格**：指标值确定依据“历史标准”（近三年平均值）。
    """

    code = "R030"
    applies_to = GOAL_TABLES
    asks_for = "basis"
    needs = NO_BASIS
    name = "basis.blank"
    category = "完整性"
    severity = "error"
    thresholds = ("accepted_bases",)

    def configure(self, t: Any) -> None:
        self.suggestion = f"从标准依据中选择：{listing(t['accepted_bases'])}"

    def check(self, f: Facts) -> Hit | None:
        if (f.basis or "").strip():
            return None
        return (
            "indicator.basis",
            f"指标{quote(f.ind.name)}没有填写指标值确定依据",
            self.suggestion,
        )


class R031(IndicatorRule):
    """指标值确定依据不是标准依据。

    **不合格**：指标值确定依据“年底实际情况”（这是报告时点，不是事先设定目标的依据）。
    **合格**：指标值确定依据“计划标准”“历史标准”“行业标准”“预算支出标准”或“其他标准”。
    """

    code = "R031"
    needs = BASIS
    name = "basis.nonstandard"
    category = "规范性"
    severity = "warning"
    thresholds = ("accepted_bases",)

    def configure(self, t: Any) -> None:
        self.accepted = frozenset(key(b) for b in t["accepted_bases"])
        if uses_defaults(t, "accepted_bases"):
            self.needs = BASIS | NONSTANDARD_BASIS
        self.suggestion = f"改为标准依据之一：{listing(t['accepted_bases'])}"

    def check(self, f: Facts) -> Hit | None:
        basis = f.basis
        if not basis or f.basis_key in self.accepted or not basis.strip():
            return None
        why = "不是标准的确定依据"
        if "实际" in basis or "年底" in basis:
            why = "是年终的实际情况（报告时点），不能作为事先设定指标值的依据"
        return (
            "indicator.basis",
            f"指标值确定依据{quote(basis)}{why}",
            self.suggestion,
        )


class R032(IndicatorRule):
    """“预算支出标准”用在了成本指标以外的指标上。

    **不合格**：数量指标“培训人数”，确定依据“预算支出标准”。
    **合格**：成本指标“人均培训成本≤500元”，确定依据“预算支出标准”。
    """

    code = "R032"
    needs = NOT_COST
    name = "basis.cost-only"
    category = "规范性"
    severity = "warning"
    thresholds = ("cost_only_bases",)

    def configure(self, t: Any) -> None:
        self.cost_only = frozenset(key(b) for b in t["cost_only_bases"])
        if uses_defaults(t, "cost_only_bases"):
            self.needs = NOT_COST | COST_ONLY_BASIS

    def check(self, f: Facts) -> Hit | None:
        if not f.basis or f.basis_key not in self.cost_only or f.is_cost:
            return None
        return (
            "indicator.basis",
            f"{quote(f.ind.basis)}只适用于成本指标，指标{quote(f.ind.name)}属于{quote(f.ind.level2)}",
            "改用“计划标准”“历史标准”或“行业标准”",
        )
