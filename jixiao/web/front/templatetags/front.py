"""Template filters of the pages."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def score(value: int | None) -> str:
    """A quality score as a coloured badge (good ≥ 90, fair ≥ 60, poor below), or "—"."""
    if value is None:
        return format_html('<span class="muted">—</span>')
    grade = "good" if value >= 90 else "fair" if value >= 60 else "poor"
    return format_html('<span class="score {}">{}</span>', grade, value)


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
