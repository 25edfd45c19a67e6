"""Template filters of the pages."""

from __future__ import annotations

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
