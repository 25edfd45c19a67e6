"""Indicator progress (绩效目标实现程度): entries per indicator and date, and their colours.

Colours follow domain.md §5, with time counted in completed months (see `progress`):

- ≥ / ＞ / ＝ (and a bare number, read as ≥): ``value ÷ (target × months/12) × 100``:
  <60 red, 60–<80 yellow, 80–<120 green, ≥120 blue. No time elapsed, or a target of 0,
  is green (nothing was expected yet).
- ≤ / ＜: green while at or under target (strictly under for ＜), else red.
- A qualitative value: 达成/优/良 green, 部分达成/中 yellow, 未达成/差 red.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jixiao.core.actual_values import (
    ACHIEVEMENT_GRADES,
    GRADES,
    LETTER_GRADES,
    MET_GRADES,
    ActualValue,
    comparison,
    parse_actual,
)
from jixiao.core.errors import ReadError
from jixiao.core.files import open_failure
from jixiao.core.model import Target
from jixiao.core.monitoring.progress import GREEN, HUNDRED, RED, YELLOW, q2
from jixiao.core.scales import indicator_ratio_color
from jixiao.core.tabular import cell_date, cell_decimal, cell_text, read_rows
from jixiao.core.yesno import parse_yes_no

#: A grade's colour, from the grades of `jixiao.core.actual_values`: the grades that meet
#: the target (the ones scoring counts as met) green, the worst of each scale red, else yellow.
GRADE_COLORS: dict[str, str] = {
    g: GREEN
    if g in MET_GRADES
    else RED
    if g in (ACHIEVEMENT_GRADES[-1], LETTER_GRADES[-1])
    else YELLOW
    for g in GRADES
}

COLUMNS: dict[str, tuple[str, ...]] = {
    "project_code": ("项目编码", "项目代码", "pro_code"),
    "indicator": ("指标序号", "指标", "序号"),
    "value": ("累计完成值", "当前完成值", "完成值", "perf_comp"),
    "expected_value": ("全年预计完成值", "预计完成值", "est_perf_annual"),
    "deviation_reason": ("偏差原因分析", "偏差原因", "ana_dev_reasons"),
    "likelihood": ("完成目标可能性", "可能性"),
    "correction_needed": ("是否需要整改", "需要整改", "is_perf_rectify"),
    "follow_up": ("整改措施", "后续措施", "follow_up"),
    "date": ("日期", "填报日期"),
}


@dataclass(frozen=True)
class IndicatorEntry:
    """What a unit reports for one indicator at one date (1-based ``indicator`` number)."""

    project_code: str
    indicator: int
    value: str
    expected_value: str = ""
    deviation_reason: str = ""
    likelihood: str = ""
    correction_needed: bool | None = None
    follow_up: str = ""
    date: datetime.date | None = None
    file: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class IndicatorProgress:
    indicator: int
    name: str | None
    target: str
    value: ActualValue
    progress: Decimal | None  # percent of the target expected by now (≥-type), 2 decimals
    color: str | None
    entry: IndicatorEntry
    note: str = ""  # why there is no colour, or a unit mismatch (`comparison_note`)


def indicator_color(
    target: Target, value: ActualValue, months: int
) -> tuple[Decimal | None, str | None]:
    """(progress percent or None, colour or None when the two cannot be compared)."""
    if value.grade is not None:
        return None, GRADE_COLORS[value.grade]
    if target.value is None or value.value is None or comparison(target, value)[0]:
        return None, None
    t, a = target.value, value.value
    if target.comparator in ("<=", "<"):
        met = a <= t if target.comparator == "<=" else a < t
        return None, GREEN if met else RED
    if months <= 0 or t <= 0:
        return None, GREEN
    progress = a / (t * months / 12) * HUNDRED
    color = indicator_ratio_color(progress)
    return q2(progress), color


def comparison_note(target: Target, value: ActualValue) -> str:
    """What the monitoring page says beside an entry: why it has no colour (the same rule
    as the self-evaluation's, `actual_values.comparison`) or a unit mismatch; else ""."""
    if value.grade is not None:
        return ""
    problem, note = comparison(target, value)
    return f"{problem}，不能计算进度" if problem else note


def read_indicator_entries_bytes(data: bytes, name: str) -> list[IndicatorEntry]:
    """Entries from CSV/xlsx: project_code, indicator, value and the optional columns."""
    entries = []
    for row in read_rows(data, name, COLUMNS, ("project_code", "indicator", "value")):
        c = row
        try:
            number = cell_decimal(c.get("indicator"))
            if number is None or number != number.to_integral_value() or number < 1:
                raise ValueError("指标序号应为从 1 开始的整数")
            correction = parse_yes_no(cell_text(c.get("correction_needed")))
            value = cell_text(c.get("value"))
            parse_actual(value)
            date = cell_date(c.get("date")) if cell_text(c.get("date")) else None
        except ValueError as e:
            raise ReadError(str(e), file=name, line=row.line) from None
        entries.append(
            IndicatorEntry(
                project_code=cell_text(c.get("project_code")),
                indicator=int(number),
                value=value,
                expected_value=cell_text(c.get("expected_value")),
                deviation_reason=cell_text(c.get("deviation_reason")),
                likelihood=cell_text(c.get("likelihood")),
                correction_needed=correction,
                follow_up=cell_text(c.get("follow_up")),
                date=date,
                file=name,
                line=row.line,
            )
        )
    return entries


def read_indicator_entries(path: str | Path) -> list[IndicatorEntry]:
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise open_failure(e, path) from None
    return read_indicator_entries_bytes(data, str(path))


def entries_to_csv(entries: list[IndicatorEntry]) -> str:
    """The CSV form `read_indicator_entries_bytes` reads back (for exports and tests)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(
        [
            "project_code",
            "indicator",
            "value",
            "expected_value",
            "deviation_reason",
            "likelihood",
            "correction_needed",
            "follow_up",
            "date",
        ]
    )
    for e in entries:
        yes = "" if e.correction_needed is None else ("是" if e.correction_needed else "否")
        date = e.date.isoformat() if e.date else ""
        w.writerow(
            [
                e.project_code,
                e.indicator,
                e.value,
                e.expected_value,
                e.deviation_reason,
                e.likelihood,
                yes,
                e.follow_up,
                date,
            ]
        )
    return out.getvalue()
