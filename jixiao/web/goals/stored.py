"""Stored numbers that cannot be read, named for the page that shows their project.

`jixiao.web.goals.fields` reads such a number as ``None`` and keeps its text in the row's
``unreadable``; `unreadable_values` turns those into Chinese lines (field and stored text).
"""

from __future__ import annotations

from typing import Any

from django.db import models

from jixiao.core.bounds import shown


def _label(row: models.Model, name: str) -> str:
    try:
        return str(getattr(row._meta.get_field(name), "verbose_name", name))
    except Exception:  # a column without a field (never expected): name it as stored
        return name


def unreadable_values(project: Any) -> list[str]:
    """``预算数“1e999999”`` for every unreadable stored number of ``project`` and its rows."""
    out = [f"{_label(project, k)}“{shown(v)}”" for k, v in project.unreadable.items()]
    for cell in project.plan_cells.all():
        out += [f"资金支出计划（{cell.month}月底）“{shown(v)}”" for v in cell.unreadable.values()]
    for ind in project.indicators.all():
        out += [
            f"第 {ind.position} 个指标的{_label(ind, k)}“{shown(v)}”"
            for k, v in ind.unreadable.items()
        ]
    return out
