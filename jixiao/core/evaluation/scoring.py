"""The scoring formulas of domain.md §6, one function per rule, on exact decimals.

Each indicator rule returns the *share* of the line's weight earned (0..1); the caller
multiplies by the weight and rounds the line to two decimals (ROUND_HALF_UP).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from jixiao.core.actual_values import MET_GRADES, ActualValue, comparison
from jixiao.core.evaluation.config import CATEGORIES, EvaluationConfig
from jixiao.core.model import Indicator, Target

ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)
CENT = Decimal("0.01")

#: 一级指标 → category. 成本指标 (2021 central guide) is weighed with 产出: older templates
#: list cost as a 二级 under 产出, and the 50 output points cover both.
_LEVEL1: tuple[tuple[str, str], ...] = (
    ("产出", "output"),
    ("成本", "cost"),
    ("效益", "effect"),
    ("满意度", "satisfaction"),
)
WEIGHT_CATEGORY: dict[str, str] = {"cost": "output"}


def category_of(indicator: Indicator) -> str | None:
    """``output``, ``cost``, ``effect``, ``satisfaction`` or None for an unknown 一级."""
    level1 = (indicator.level1 or "").strip()
    return next((cat for word, cat in _LEVEL1 if word in level1), None)


class Unscorable(ValueError):
    """The line cannot be scored (message in Chinese, shown to the user)."""


@dataclass(frozen=True)
class LineResult:
    share: Decimal  # 0..1 of the weight
    met: bool  # the target was reached (else a reason is required)
    overachieved: bool  # actual ≥ the overachievement threshold (a reason is required)
    note: str = ""


def score_line(target: Target, actual: ActualValue, config: EvaluationConfig) -> LineResult:
    """Score one indicator. Raises `Unscorable` when target and actual do not fit."""
    if actual.grade is not None:
        return LineResult(config.grade_share(actual.grade), actual.grade in MET_GRADES, False)
    problem, note = comparison(target, actual)
    if problem is not None:
        raise Unscorable(f"{problem}，不能计分")
    assert target.value is not None and actual.value is not None
    t, a = target.value, actual.value
    comparator = target.comparator
    if comparator in ("<=", "<"):
        return LineResult(_at_most(t, a), a <= t if comparator == "<=" else a < t, False, note)
    # ≥, ＞, ＝ and a bare number (no comparator written: read as "at least").
    over = t > 0 and a * HUNDRED >= t * config.overachievement_percent
    if t == 0 and comparator in (">", "="):
        # Nothing to divide by: ＞0 needs something, ＝0 needs exactly nothing.
        met = a > 0 if comparator == ">" else a == 0
        return LineResult(ONE if met else ZERO, met, False, note)
    met = a > t if comparator == ">" else a >= t
    return LineResult(_at_least(t, a), met, over, note)


def _at_least(t: Decimal, a: Decimal) -> Decimal:
    """≥: full when met, else actual ÷ target (never below 0)."""
    if a >= t:
        return ONE
    return max(a / t, ZERO) if t > 0 else ZERO


def _at_most(t: Decimal, a: Decimal) -> Decimal:
    """≤: full at or under target, falling linearly to 0 at twice the target."""
    if a <= t:
        return ONE
    if a >= 2 * t:
        return ZERO
    return ONE - (a - t) / t


def budget_share(adjusted: Decimal, executed: Decimal) -> Decimal:
    """min(执行数 ÷ 全年预算数, 1); a zero budget with nothing spent counts as fully executed."""
    if adjusted == 0:
        return ONE if executed == 0 else ZERO
    return min(executed / adjusted, ONE)


def category_weights(present: set[str], config: EvaluationConfig) -> dict[str, Decimal]:
    """Exact points per present weight category, absent categories' points shared out in
    proportion to the present ones' (evenly if those are all 0)."""
    base = {c: config.category_weights[c] for c in CATEGORIES if c in present}
    if not base:
        return {}
    total = sum(config.category_weights.values(), ZERO)
    own = sum(base.values(), ZERO)
    if own == 0:
        return {c: total / len(base) for c in base}
    return {c: w * total / own for c, w in base.items()}


def allocate(exact: Sequence[Decimal]) -> list[Decimal]:
    """Round weights to cents so they add up to the rounded total (largest remainder)."""
    floors = [w.quantize(CENT, rounding=ROUND_DOWN) for w in exact]
    total = sum(exact, ZERO).quantize(CENT, rounding=ROUND_HALF_UP)
    cents = int((total - sum(floors, ZERO)) / CENT)
    order = sorted(range(len(exact)), key=lambda i: floors[i] - exact[i])
    for i in order[: max(cents, 0)]:
        floors[i] += CENT
    return floors
