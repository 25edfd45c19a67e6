"""The two outputs of `jixiao monitor`: the JSON contract and a readable text table.

JSON (decimals as strings, percentages as percent, colours red|yellow|green|blue)::

    {"as_of", "year", "months", "money_unit",
     "projects": [{"code", "name", "budget", "executed", "refunds", "payments",
                   "execution_rate", "expected_percent", "time_percent", "basis", "ratio",
                   "spending_color", "color", "forecast", "forecast_rate", "indicators": […]}],
     "totals": {…}, "unmatched": [payment…], "out_of_year": [payment…], "warnings": […]}
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jixiao.core.amounts import format_amount
from jixiao.core.monitoring.indicators import IndicatorProgress
from jixiao.core.monitoring.payments import Payment
from jixiao.core.monitoring.report import MonitorReport, ProjectProgress
from jixiao.core.scales import COLOR_LABELS
from jixiao.core.texttable import clip, format_table

COLOR_NAMES = COLOR_LABELS  # 红灯/黄灯/蓝灯/绿灯: the one table in `jixiao.core.scales`


def dec(value: Decimal | None) -> str | None:
    """A decimal as plain text (never ``1E-7``); None stays None."""
    return None if value is None else format(value, "f")


def payment_to_dict(p: Payment) -> dict[str, Any]:
    return {
        "line": p.line,
        "date": p.date.isoformat(),
        "project_code": p.project_code,
        "amount": dec(p.amount),
        "summary": p.summary,
    }


def indicator_to_dict(i: IndicatorProgress) -> dict[str, Any]:
    e = i.entry
    return {
        "indicator": i.indicator,
        "name": i.name,
        "target": i.target,
        "value": i.value.text,
        "progress": dec(i.progress),
        "color": i.color,
        "expected_value": e.expected_value,
        "deviation_reason": e.deviation_reason,
        "likelihood": e.likelihood,
        "correction_needed": e.correction_needed,
        "follow_up": e.follow_up,
        "date": e.date.isoformat() if e.date else None,
    }


def project_to_dict(p: ProjectProgress) -> dict[str, Any]:
    s = p.spending
    return {
        "code": s.code,
        "seq": s.seq,
        "name": s.name,
        "budget": dec(s.budget),
        "executed": dec(s.executed),
        "refunds": dec(s.refunds),
        "payments": s.payments,
        "execution_rate": dec(s.execution_rate),
        "expected_percent": dec(s.expected_percent),
        "time_percent": dec(s.time_percent),
        "basis": s.basis,
        "ratio": dec(s.ratio),
        "spending_color": s.color,
        "color": p.color,
        "forecast": dec(s.forecast),
        "forecast_rate": dec(s.forecast_rate),
        "indicators": [indicator_to_dict(i) for i in p.indicators],
    }


def monitor_to_dict(report: MonitorReport) -> dict[str, Any]:
    t = report.totals
    return {
        "as_of": report.as_of.isoformat(),
        "year": report.year,
        "months": report.months,
        "money_unit": report.money_unit,
        "projects": [project_to_dict(p) for p in report.projects],
        "totals": {
            "projects": t.projects,
            "budget": dec(t.budget),
            "executed": dec(t.executed),
            "refunds": dec(t.refunds),
            "execution_rate": dec(t.execution_rate),
            "expected_percent": dec(t.expected_percent),
            "time_percent": dec(t.time_percent),
            "color": t.color,
            "colors": t.colors,
            "forecast": dec(t.forecast),
            "forecast_rate": dec(t.forecast_rate),
            "unmatched": t.unmatched,
            "unmatched_amount": dec(t.unmatched_amount),
            "out_of_year": t.out_of_year,
            "later": t.later,
        },
        "unmatched": [payment_to_dict(p) for p in report.unmatched],
        "out_of_year": [payment_to_dict(p) for p in report.out_of_year],
        "warnings": report.warnings,
    }


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


def _money(value: Decimal | None) -> str:
    return "—" if value is None else format_amount(value)


def format_monitor(report: MonitorReport) -> str:
    """Readable summary: one row per project, totals, then the rows that were not counted."""
    unit = report.money_unit
    rows = []
    for p in report.projects:
        s = p.spending
        rows.append(
            [
                str(s.seq or ""),
                s.code or "（无编码）",
                clip(s.name, 24),
                _money(s.budget),
                _money(s.executed),
                _pct(s.execution_rate),
                _pct(s.expected_percent) + ("" if s.basis == "plan" else "（序时）"),
                _pct(s.forecast_rate),
                COLOR_NAMES.get(p.color or "", "—"),
            ]
        )
    headers = [
        "序号",
        "项目编码",
        "项目名称",
        f"预算数（{unit}）",
        f"执行数（{unit}）",
        "执行率",
        "计划进度",
        "预计全年",
        "颜色",
    ]
    t = report.totals
    colors = "，".join(f"{COLOR_NAMES[c]} {n}" for c, n in t.colors.items() if n)
    lines = [
        f"截至 {report.as_of.isoformat()}（{report.year} 年度已过 {report.months} 个月，"
        f"序时进度 {t.time_percent}%）  金额单位：{unit}",
        "",
        format_table(headers, rows, right=(0, 3, 4, 5, 6, 7)),
        "",
        f"合计：{t.projects} 个项目，预算数 {_money(t.budget)}，执行数 {_money(t.executed)}"
        f"（退款 {_money(t.refunds)}），执行率 {_pct(t.execution_rate)}，"
        f"计划进度 {_pct(t.expected_percent)}，预计全年执行率 {_pct(t.forecast_rate)}",
        f"项目颜色：{colors or '—'}",
    ]
    progress_rows = [
        [
            p.spending.code or "",
            str(i.indicator),
            clip(i.name or "", 20),
            i.target,
            i.value.text,
            _pct(i.progress),
            COLOR_NAMES.get(i.color or "", "—"),
            clip(i.entry.deviation_reason, 30),
        ]
        for p in report.projects
        for i in p.indicators
    ]
    if progress_rows:
        lines += ["", "指标进度："]
        lines.append(
            format_table(
                ["项目编码", "指标", "指标名称", "指标值", "完成值", "进度", "颜色", "偏差原因"],
                progress_rows,
                right=(1, 5),
            )
        )
    for title, items in (
        ("项目编码不在文档中的支付记录", report.unmatched),
        ("日期不在预算年度内的支付记录（未计入）", report.out_of_year),
    ):
        if items:
            lines += ["", f"{title}：{len(items)} 条"]
            lines.append(
                format_table(
                    ["行", "日期", "项目编码", f"金额（{unit}）", "摘要"],
                    [
                        [
                            str(p.line or ""),
                            p.date.isoformat(),
                            p.project_code,
                            format_amount(p.amount),
                            clip(p.summary, 30),
                        ]
                        for p in items
                    ],
                    right=(0, 3),
                )
            )
    lines += ["", *(f"警告：{w}" for w in report.warnings)] if report.warnings else []
    if report.later:
        lines += ["", f"另有 {report.later} 条支付记录晚于截止日期，未计入。"]
    return "\n".join(lines)
