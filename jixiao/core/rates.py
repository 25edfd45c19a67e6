"""预算执行率: one definition for monitoring, self-evaluation, roll-ups and exports.

``执行率 = 执行数 ÷ 预算数 × 100`` in percent, shown with two decimals rounded half up (the
official rounding); colours compare the exact value. No budget (None or 0): no rate.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    """Round to two decimals, half up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def exact_execution_rate(executed: Decimal, budget: Decimal | None) -> Decimal | None:
    """执行率 in percent, unrounded (what colours compare); None without a budget."""
    if not budget:
        return None
    return executed / budget * HUNDRED


def execution_rate(executed: Decimal, budget: Decimal | None) -> Decimal | None:
    """执行率 in percent as shown everywhere: two decimals; None without a budget."""
    rate = exact_execution_rate(executed, budget)
    return None if rate is None else q2(rate)
