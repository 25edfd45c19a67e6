"""Score bands and monitoring colours: one table each, read by the pages, the CLI's
reports and every legend (a legend is drawn from the table, never written by hand).

Grades of the self-evaluation (优/良/中/差) are configurable per province and live in
`jixiao.core.evaluation.config.EvaluationConfig.grade_bands`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Band:
    """Values from ``low`` (inclusive) up to the next band's ``low``."""

    low: Decimal
    key: str  # CSS class and JSON value
    label: str


#: Quality score of a reviewed document or project (0–100), best band first.
QUALITY_BANDS: tuple[Band, ...] = (
    Band(Decimal(90), "high", "良好"),
    Band(Decimal(60), "mid", "一般"),
    Band(Decimal(0), "low", "较差"),
)


def band_of(value: Decimal | int, bands: Sequence[Band] = QUALITY_BANDS) -> Band:
    """The band ``value`` falls in (the last band below the lowest ``low``)."""
    for b in bands:
        if value >= b.low:
            return b
    return bands[-1]


def quality_band(score: Decimal | int) -> Band:
    return band_of(score, QUALITY_BANDS)


def quality_legend() -> str:
    """``良好 ≥90，一般 60–<90，较差 <60``."""
    parts = []
    for i, b in enumerate(QUALITY_BANDS):
        if i == 0:
            parts.append(f"{b.label} ≥{b.low}")
        elif i == len(QUALITY_BANDS) - 1:
            parts.append(f"{b.label} <{QUALITY_BANDS[i - 1].low}")
        else:
            parts.append(f"{b.label} {b.low}–<{QUALITY_BANDS[i - 1].low}")
    return "，".join(parts)


# -- monitoring colours ----------------------------------------------------------------------

RED, YELLOW, BLUE, GREEN = "red", "yellow", "blue", "green"
#: Worst first: a project shows the first of these that any of its parts has. Blue (a
#: target probably set too low, or spending beyond the plan) is a warning, above green.
COLORS: tuple[str, ...] = (RED, YELLOW, BLUE, GREEN)
COLOR_LABELS: dict[str, str] = {RED: "红灯", YELLOW: "黄灯", BLUE: "蓝灯", GREEN: "绿灯"}

#: Spending: ``执行率 ÷ 计划进度 × 100`` below each bound gets its colour, else green.
SPENDING_BOUNDS: tuple[tuple[Decimal, str], ...] = ((Decimal(60), RED), (Decimal(80), YELLOW))
#: ≥-type indicator: ``完成值 ÷ (指标值 × 已过月数/12) × 100``; at or above the last: blue.
INDICATOR_BOUNDS: tuple[tuple[Decimal, str], ...] = (
    (Decimal(60), RED),
    (Decimal(80), YELLOW),
    (Decimal(120), GREEN),
)
#: Colours that ask the unit for a deviation reason (偏差原因分析).
REASON_COLORS: frozenset[str] = frozenset({RED, YELLOW})
#: Spending beyond the budget: executed (red) or forecast for the year (blue), in percent.
OVER_BUDGET = Decimal(100)


def needs_reason(color: str | None) -> bool:
    """Whether a project or spending line of this colour needs a deviation reason."""
    return color in REASON_COLORS


def missing_reason(color: str | None, reason: str | None) -> str | None:
    """Why an indicator progress entry of this colour is refused: it needs a deviation
    reason (`needs_reason`) and has none; None when it may be stored. The one message of
    the web form and of ``jixiao monitor --progress``."""
    if needs_reason(color) and not (reason or "").strip():
        return f"该指标进度为{COLOR_LABELS[color or '']}，请填写偏差原因分析"
    return None


def spending_ratio_color(ratio: Decimal) -> str:
    """<60 red, 60–<80 yellow, ≥80 green (domain.md §5)."""
    return next((c for bound, c in SPENDING_BOUNDS if ratio < bound), GREEN)


def indicator_ratio_color(progress: Decimal) -> str:
    """<60 red, 60–<80 yellow, 80–<120 green, ≥120 blue."""
    return next((c for bound, c in INDICATOR_BOUNDS if progress < bound), BLUE)


def _ranges(bounds: Sequence[tuple[Decimal, str]], top: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    low: Decimal | None = None
    for bound, color in [*bounds, (Decimal(-1), top)]:
        if low is None:
            text = f"低于 {bound}"
        elif color == top:
            text = f"{low} 及以上"
        else:
            text = f"{low}–{bound}（不含 {bound}）"
        out.setdefault(color, []).append(text)
        low = bound
    return out


def color_legend() -> list[tuple[str, str, str]]:
    """(colour, label, what it means) for every colour, worst first: the legend of the
    monitoring pages, built from the bounds above."""
    spending = _ranges(SPENDING_BOUNDS, GREEN)
    indicator = _ranges(INDICATOR_BOUNDS, BLUE)
    s, i = "执行率 ÷ 计划进度 × 100 ", "≥型指标完成进度 "
    meaning = {
        RED: [
            s + "、".join(spending[RED]),
            f"已执行超过预算数的 {OVER_BUDGET}%",
            i + "、".join(indicator[RED]),
            "≤型指标超过指标值",
            "定性指标未达成",
        ],
        YELLOW: [
            s + "、".join(spending[YELLOW]),
            i + "、".join(indicator[YELLOW]),
            "定性指标部分达成",
        ],
        BLUE: [
            f"预计全年执行超过预算数的 {OVER_BUDGET}%（计划或预算可能需要调整）",
            i + "、".join(indicator[BLUE]) + "（指标值可能设置偏低）",
        ],
        GREEN: [
            s + "、".join(spending[GREEN]) + "，或尚无计划进度",
            i + "、".join(indicator[GREEN]),
            "≤型指标不超过指标值",
            "定性指标达成",
        ],
    }
    return [(c, COLOR_LABELS[c], "；".join(meaning[c])) for c in COLORS]
