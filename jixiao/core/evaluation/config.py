"""Settings of the self-evaluation scoring, with the defaults of domain.md §6.

Provinces differ (weights, grade bands 90/80/60 or 80/70/60, where a reviewer lands
within a qualitative band), so every number lives here, once, and `validate` checks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

D = Decimal
_BUDGET_WEIGHT, _BAND_POINT, _EXECUTION_BELOW, _OVER = D(10), D("0.5"), D(90), D(130)

#: Indicator categories that carry a weight (成本指标 is weighed with 产出, see categories).
CATEGORIES: tuple[str, ...] = ("output", "effect", "satisfaction")


def _weights() -> dict[str, Decimal]:
    return {"output": D(50), "effect": D(30), "satisfaction": D(10)}


def _bands() -> tuple[tuple[str, Decimal], ...]:
    return (("优", D(90)), ("良", D(80)), ("中", D(60)), ("差", D(0)))


def _grade_ranges() -> dict[str, tuple[Decimal, Decimal]]:
    # Share of the indicator's weight (low, high) each qualitative grade earns.
    return {
        "达成": (D("0.8"), D(1)),
        "部分达成": (D("0.6"), D("0.8")),
        "未达成": (D(0), D("0.6")),
        "优": (D("0.9"), D(1)),
        "良": (D("0.8"), D("0.9")),
        "中": (D("0.6"), D("0.8")),
        "差": (D(0), D("0.6")),
    }


@dataclass(frozen=True)
class EvaluationConfig:
    """Weights (points out of 100), grade bands and the thresholds that require a reason."""

    #: 预算执行率 points; budget execution scores ``min(rate × weight, weight)``.
    budget_weight: Decimal = _BUDGET_WEIGHT
    #: Points per indicator category; a category a project lacks hands its points to the
    #: present ones in proportion to theirs.
    category_weights: dict[str, Decimal] = field(default_factory=_weights)
    #: (grade, lowest score) from best to worst; the last must start at 0.
    grade_bands: tuple[tuple[str, Decimal], ...] = field(default_factory=_bands)
    #: Qualitative grade → (low, high) share of the weight.
    grade_ranges: dict[str, tuple[Decimal, Decimal]] = field(default_factory=_grade_ranges)
    #: Where within a qualitative band a grade lands: 0 = bottom, 1 = top.
    band_point: Decimal = _BAND_POINT
    #: Budget execution below this percent needs a reason.
    execution_reason_below: Decimal = _EXECUTION_BELOW
    #: An actual at or above this percent of its target needs a reason.
    overachievement_percent: Decimal = _OVER

    def validate(self) -> None:
        """Raise ``ValueError`` (Chinese message) for settings that cannot be right."""
        weights = [self.budget_weight, *self.category_weights.values()]
        if any(w < 0 for w in weights):
            raise ValueError("分值不能为负数")
        if sum(weights) != 100:
            raise ValueError(f"预算执行率与各类指标分值之和应为 100，现为 {sum(weights)}")
        if set(self.category_weights) != set(CATEGORIES):
            raise ValueError(f"指标类别应为 {'、'.join(CATEGORIES)}")
        lows = [low for _, low in self.grade_bands]
        if lows != sorted(lows, reverse=True) or len(set(lows)) != len(lows) or lows[-1] != 0:
            raise ValueError("等级分数线应从高到低排列，最后一档从 0 分开始")
        if not D(0) <= self.band_point <= 1:
            raise ValueError("档内取值位置应在 0 到 1 之间")
        for grade, (low, high) in self.grade_ranges.items():
            if not D(0) <= low <= high <= 1:
                raise ValueError(f"等级“{grade}”的得分区间应在 0 到 1 之间且下限不高于上限")

    def grade(self, score: Decimal) -> str:
        """The grade (优/良/中/差 by default) of a total score."""
        for name, low in self.grade_bands:
            if score >= low:
                return name
        return self.grade_bands[-1][0]

    def grade_lows(self) -> tuple[Decimal, ...]:
        """The lowest score of each grade but the last (``90, 80, 60`` by default)."""
        return tuple(low for _, low in self.grade_bands[:-1])

    def with_grade_lows(self, lows: tuple[Decimal, ...]) -> EvaluationConfig:
        """The same settings with other grade thresholds (``80, 70, 60``), the grade names
        kept; ``ValueError`` (Chinese) when they cannot be right."""
        names = [name for name, _ in self.grade_bands]
        if len(lows) != len(names) - 1:
            raise ValueError(f"应为 {len(names) - 1} 个分数线（{'/'.join(names[:-1])}）")
        if any(not D(0) < low <= 100 for low in lows):
            raise ValueError("分数线应在 0 到 100 之间")
        bands = tuple(zip(names, (*lows, D(0)), strict=True))
        config = replace(self, grade_bands=bands)
        config.validate()
        return config

    def grade_share(self, grade: str) -> Decimal:
        low, high = self.grade_ranges[grade]
        return low + (high - low) * self.band_point


DEFAULT_CONFIG = EvaluationConfig()
