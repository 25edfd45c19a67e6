"""The project page's table: each field of the official table with what concerns it.

Findings, reviewers' comments and changes all name fields in the review findings'
vocabulary (``purpose``, ``budget.total``, ``indicator.target`` + indicator number…), so
they are grouped by (field, indicator) and placed beside the row they concern.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.core.amounts import format_amount
from jixiao.core.review.finding import FIELDS as FIELD_LABELS
from jixiao.core.review.finding import SEVERITIES as SEVERITY_LABELS
from jixiao.web.goals.models import Comment, Project


@dataclass
class Notes:
    """What the page shows beside one row."""

    findings: list[dict[str, Any]] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.findings or self.comments or self.changes)


@dataclass
class Row:
    key: str
    label: str
    value: Any
    notes: Notes


@dataclass
class IndicatorRow:
    number: int
    indicator: Any
    notes: Notes


#: Rows of the official table above the indicator table, in its order.
ROWS: tuple[tuple[str, str], ...] = (
    ("code", "项目编码"),
    ("name", "项目名称"),
    ("budget.total", "预算数"),
    ("budget.fiscal", "财政资金"),
    ("budget.other", "其他资金"),
    ("budget.carryover", "上年结转资金"),
    ("purpose", "资金用途"),
    ("spending_plan", "资金支出计划"),
    ("goals", "绩效目标"),
)


def _where(fieldname: str, indicator: int | None) -> tuple[str, int | None]:
    if fieldname.startswith("indicator.") and indicator:
        return ("indicator", indicator)
    if fieldname == "indicators" and indicator:  # an indicator added or removed
        return ("indicator", indicator)
    if fieldname in dict(ROWS) or fieldname == "indicators":
        return (fieldname, None)
    return ("", None)


def label(fieldname: str, indicator: int | None = None) -> str:
    """``indicator.target``, 3 → ``第 3 个指标·指标值``."""
    name = FIELD_LABELS.get(fieldname, fieldname or "整个项目")
    if indicator and fieldname.startswith("indicator"):
        return (
            f"第 {indicator} 个指标·{name}"
            if fieldname != "indicators"
            else f"第 {indicator} 个指标"
        )
    return name


def _amount_shown(value: Any, unit: str) -> str:
    """A changed amount (a snapshot keeps it as text) as pages write amounts."""
    try:
        return format_amount(Decimal(str(value)), unit) if value not in (None, "") else "（空）"
    except ArithmeticError:
        return show_value(value)


def show_value(value: Any, unit: str | None = None) -> str:
    """A changed value as text (snapshots are json_io dicts and lists)."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, list):
        parts = []
        for v in value:
            if isinstance(v, dict) and "month" in v:
                parts.append(f"{v.get('month')}月 {v.get('text') or '（空）'}")
            elif isinstance(v, dict):
                parts.append(show_value(v.get("name") or v.get("target")))
            else:
                parts.append(str(v))
        return "；".join(parts) or "（空）"
    if isinstance(value, dict):
        t = value.get("target")
        bits = [value.get(k) for k in ("level1", "level2", "name")]
        text = t.get("text") if isinstance(t, dict) else t
        return "／".join(str(b) for b in [*bits, text] if b)
    return str(value)


def build(
    project: Project,
    findings: list[dict[str, Any]],
    comments: list[Comment],
    changes: list[dict[str, Any]],
) -> dict[str, Any]:
    notes: dict[tuple[str, int | None], Notes] = defaultdict(Notes)
    for f in findings:
        f = dict(f, severity_label=SEVERITY_LABELS.get(f["severity"], f["severity"]))
        f["field_label"] = label(f["field"], f.get("indicator"))
        notes[_where(f["field"], f.get("indicator"))].findings.append(f)
    for c in comments:
        c.field_label = label(c.field, c.indicator)  # type: ignore[attr-defined]
        notes[_where(c.field, c.indicator)].comments.append(c)
    unit = project.document.money_unit
    shown = []
    for ch in changes:
        shown_as = _amount_shown if ch["field"].startswith("budget.") else show_value
        ch = dict(
            ch,
            old_text=shown_as(ch["old"], unit),
            new_text=shown_as(ch["new"], unit),
            field_label=label(ch["field"], ch["indicator"]),
        )
        shown.append(ch)
        notes[_where(ch["field"], ch["indicator"])].changes.append(ch)
    values = {
        "code": project.code,
        "name": project.name,
        # Amounts as every list and export writes them (`format_amount`: 65 → 65.00).
        **{
            f"budget.{part}": format_amount(getattr(project, f"budget_{part}"), unit)
            for part in ("total", "fiscal", "other", "carryover")
        },
        "purpose": project.purpose,
        "spending_plan": sorted(project.plan_cells.all(), key=lambda c: c.position),
        "goals": project.goals or [],
    }
    rows = [Row(key, name, values[key], notes[(key, None)]) for key, name in ROWS]
    indicators = sorted(project.indicators.all(), key=lambda i: i.position)
    return {
        "rows": rows,
        "indicator_rows": [
            IndicatorRow(n, ind, notes[("indicator", n)]) for n, ind in enumerate(indicators, 1)
        ],
        # Notes on an indicator that no longer exists (removed since the last submission).
        "gone_indicators": [
            (n, notes[("indicator", n)])
            for (key, n) in list(notes)
            if key == "indicator" and n and n > len(indicators)
        ],
        "table_notes": notes[("indicators", None)],
        "general_notes": notes[("", None)],
        "changes": shown,
    }
