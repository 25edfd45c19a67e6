"""Template filters of the pages."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import format_html

from jixiao.core.scales import COLOR_LABELS, quality_band

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
    """An amount with at least two decimals and every decimal it has: ``788.920000`` →
    ``788.92``, ``0.3`` → ``0.30``, ``0.1234`` → ``0.1234``; exact, never rounded."""
    if value is None or value == "":  # "" is what a template gives for a missing value
        return "—"
    d = Decimal(value).normalize()
    if d.as_tuple().exponent > -2:  # type: ignore[operator]
        d = d.quantize(Decimal("0.01"))
    return format(d, "f")
