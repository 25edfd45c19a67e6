"""In-year monitoring (运行监控, 双监控): spending progress and indicator progress.

Rules and decisions: docs/monitoring.md. Entry points: `read_payments`, `monitor`,
`spending_progress`, `indicator_color`; `format` turns a report into JSON or text.
"""

from jixiao.core.monitoring.indicators import (
    IndicatorEntry,
    IndicatorProgress,
    indicator_color,
    read_indicator_entries,
    read_indicator_entries_bytes,
)
from jixiao.core.monitoring.payments import Payment, read_payments, read_payments_bytes
from jixiao.core.monitoring.progress import (
    BLUE,
    COLORS,
    GREEN,
    RED,
    YELLOW,
    CurvePoint,
    SpendingProgress,
    elapsed_months,
    spending_color,
    spending_curve,
    spending_progress,
    time_percent,
    worst,
)
from jixiao.core.monitoring.report import (
    MonitorReport,
    MonitorTotals,
    ProjectProgress,
    check_reasons,
    monitor,
)

__all__ = [
    "BLUE",
    "COLORS",
    "GREEN",
    "RED",
    "YELLOW",
    "CurvePoint",
    "IndicatorEntry",
    "IndicatorProgress",
    "MonitorReport",
    "MonitorTotals",
    "Payment",
    "ProjectProgress",
    "SpendingProgress",
    "check_reasons",
    "elapsed_months",
    "indicator_color",
    "monitor",
    "read_indicator_entries",
    "read_indicator_entries_bytes",
    "read_payments",
    "read_payments_bytes",
    "spending_color",
    "spending_curve",
    "spending_progress",
    "time_percent",
    "worst",
]
