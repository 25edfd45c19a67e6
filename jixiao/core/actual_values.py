"""Actual values (实际完成值) as units enter them: a number with an optional unit of measure
(``95%``, ``120人``, ``3``) or a qualitative grade (达成 / 部分达成 / 未达成, 优 / 良 / 中 / 差).

Shared by monitoring (the value so far) and self-evaluation (the year's actual value).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.core.bounds import TEXT_LIMITS, shown
from jixiao.core.model import Target
from jixiao.core.targets import normalize, parse_target

#: Canonical qualitative grades, best first within each scale.
ACHIEVEMENT_GRADES: tuple[str, ...] = ("达成", "部分达成", "未达成")
LETTER_GRADES: tuple[str, ...] = ("优", "良", "中", "差")
GRADES: tuple[str, ...] = ACHIEVEMENT_GRADES + LETTER_GRADES

#: Grades that count as meeting the target (others need a deviation reason).
MET_GRADES: frozenset[str] = frozenset({"达成", "优", "良"})

_LETTER_SPELLINGS: dict[str, str] = {
    "优": "优",
    "优秀": "优",
    "良": "良",
    "良好": "良",
    "中": "中",
    "中等": "中",
    "一般": "中",
    "差": "差",
    "较差": "差",
}


@dataclass(frozen=True)
class ActualValue:
    """The text as written and what it means: a number (+ unit) or a grade."""

    text: str
    value: Decimal | None = None
    unit: str | None = None
    grade: str | None = None

    @property
    def is_grade(self) -> bool:
        return self.grade is not None


def parse_grade(text: str) -> str | None:
    """``部分达成年度指标并具有一定效果`` → ``部分达成``; ``良好`` → ``良``; else None."""
    s = normalize(text).rstrip("。.")
    if s in _LETTER_SPELLINGS:
        return _LETTER_SPELLINGS[s]
    # The official wording starts with the grade: 达成年度指标 / 部分达成… / 未达成…
    for prefix, grade in (("未达成", "未达成"), ("未完成", "未达成"), ("部分达成", "部分达成")):
        if s.startswith(prefix):
            return grade
    for prefix in ("部分完成", "基本达成", "基本完成"):
        if s.startswith(prefix):
            return "部分达成"
    for prefix in ("达成", "已达成", "完成", "已完成"):
        if s.startswith(prefix):
            return "达成"
    return None


def parse_actual(text: str | None) -> ActualValue:
    """Parse an actual value; ``ValueError`` (Chinese message) for blank or unclear text."""
    raw = (text or "").strip()
    if not raw:
        raise ValueError("实际完成值为空")
    if len(raw) > TEXT_LIMITS["cell"]:  # refused before any parsing of a pasted essay
        raise ValueError(f"实际完成值过长（{len(raw)} 字，最多 {TEXT_LIMITS['cell']} 字）")
    grade = parse_grade(raw)
    if grade is not None:
        return ActualValue(text=raw, grade=grade)
    parsed = parse_target(raw)
    if parsed.value is None or parsed.comparator is not None or parsed.upper is not None:
        raise ValueError(
            f"实际完成值“{shown(raw)}”应为数值（可带单位，如 95%、120人）或等级"
            f"（{'/'.join(ACHIEVEMENT_GRADES)}，{'/'.join(LETTER_GRADES)}）"
        )
    return ActualValue(text=raw, value=parsed.value, unit=parsed.unit)


def comparison(target: Target, actual: ActualValue) -> tuple[str | None, str]:
    """Whether the number ``actual`` can be measured against ``target``, for monitoring
    and self-evaluation alike: (why it cannot, else None; a note to show beside the result,
    else ""). The caller says what cannot be done (计分, 计算进度)."""
    if target.is_qualitative:
        return "定性指标的实际完成值应为等级（达成/部分达成/未达成 或 优/良/中/差）", ""
    if target.value is None:
        return f"指标值“{target.text}”无法解析为数值", ""
    if target.value < 0:
        return f"指标值“{target.text}”为负数", ""
    if actual.unit and target.unit and actual.unit != target.unit:
        return None, f"实际完成值单位“{actual.unit}”与指标值单位“{target.unit}”不同"
    return None, ""
