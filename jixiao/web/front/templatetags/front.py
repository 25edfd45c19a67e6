"""Template filters of the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html

from jixiao.core.amounts import DISPLAY_UNIT, convert, format_amount
from jixiao.core.scales import COLOR_LABELS, quality_band
from jixiao.web.goals.stored import unreadable_values

register = template.Library()


@register.filter
def score(value: int | None) -> str:
    """A quality score as a badge coloured by its band (`jixiao.core.scales`), or "—"."""
    if value is None:
        return format_html('<span class="muted">—</span>')
    band = quality_band(value)
    return format_html('<span class="score {}" title="{}">{}</span>', band.key, band.label, value)


@register.filter
def color_label(color: str | None) -> str:
    """红灯/黄灯/蓝灯/绿灯 for a monitoring colour (`jixiao.core.scales`), "—" for none."""
    return COLOR_LABELS.get(color or "", "—")


@register.filter
def amount(value: Decimal | None) -> str:
    """An amount as `jixiao.core.amounts.format_amount` writes it; "—" when blank."""
    if value is None or value == "":  # "" is what a template gives for a missing value
        return "—"
    return format_amount(Decimal(value))


@register.filter
def in_display_unit(value: Decimal | None, money_unit: str) -> str:
    """An amount kept in ``money_unit`` (the document's), converted exactly to the display
    unit (`DISPLAY_UNIT`, 万元) and formatted; "—" when blank."""
    if value is None or value == "":
        return "—"
    try:
        return format_amount(convert(Decimal(value), money_unit, DISPLAY_UNIT))
    except ValueError:  # a money unit we do not know: show the figure with its own unit
        return f"{format_amount(Decimal(value))} {money_unit}"


@register.simple_tag
def display_unit() -> str:
    """The money unit of amounts listed across documents."""
    return DISPLAY_UNIT


@register.inclusion_tag("front/unreadable.html")
def unreadable_panel(project: Any) -> dict[str, Any]:
    """A warning naming every stored number of ``project`` that cannot be read."""
    return {"values": unreadable_values(project)}
