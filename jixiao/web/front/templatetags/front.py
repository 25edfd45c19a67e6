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
    """A database sum (``788.920000``) as written: ``788.92``; exact, never rounded."""
    if value is None:
        return "—"
    return format(Decimal(value).normalize(), "f")
