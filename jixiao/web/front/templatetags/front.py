"""Template filters of the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html

from jixiao.core.amounts import display_unit as display_unit_of
from jixiao.core.amounts import format_amount, format_estimate_in, format_in
from jixiao.core.evaluation import reason_label as core_reason_label
from jixiao.core.scales import COLOR_LABELS, quality_band
from jixiao.core.scales import needs_reason as core_needs_reason
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
def needs_reason(color: str | None) -> bool:
    """Whether a monitoring colour asks for a deviation reason (`jixiao.core.scales`)."""
    return core_needs_reason(color)


@register.filter
def reason_label(kind: str) -> str:
    """The note beside a field whose reason the scoring rules require
    (`jixiao.core.evaluation.reason_label`: 执行率低于 90%，需说明…)."""
    return core_reason_label(kind)


@register.filter
def amount(value: Decimal | None, money_unit: str | None = None) -> str:
    """An amount as `jixiao.core.amounts.format_amount` writes it in ``money_unit`` (元:
    thousands separators, as everywhere else amounts in 元 are shown); "—" when blank."""
    if value is None or value == "":  # "" is what a template gives for a missing value
        return "—"
    try:
        return format_amount(Decimal(value), money_unit)
    except ArithmeticError:  # a stored text that is no number (`Unreadable`): shown as is
        return str(value)[:40]


def user_display_unit(user: Any) -> str:
    """The unit ``user`` chose on the account page for amounts listed across documents
    (万元 for a user without a profile or not signed in)."""
    profile = getattr(user, "profile", None) if getattr(user, "is_authenticated", False) else None
    return display_unit_of(getattr(profile, "display_unit", None))


def _context_unit(context: Any) -> str:
    request = context.get("request")
    return user_display_unit(getattr(request, "user", None))


@register.simple_tag(takes_context=True)
def in_display_unit(context: Any, value: Decimal | None, money_unit: str) -> str:
    """An amount kept in ``money_unit`` (the document's), converted exactly to the viewer's
    display unit and formatted (`format_in`); "—" when blank."""
    if value is None or value == "":
        return "—"
    try:
        return format_in(Decimal(value), money_unit, _context_unit(context))
    except ValueError:  # a money unit we do not know: show the figure with its own unit
        return f"{amount(value)} {money_unit}"
    except ArithmeticError:  # not a number, or one too large to convert: shown as is
        return amount(value)


@register.simple_tag(takes_context=True)
def estimate_in_display_unit(context: Any, value: Decimal | None, money_unit: str) -> str:
    """`in_display_unit` for an estimate (the year-end forecast): to the cent."""
    if value is None or value == "":
        return "—"
    try:
        return format_estimate_in(Decimal(value), money_unit, _context_unit(context))
    except (ValueError, ArithmeticError):
        return in_display_unit(context, value, money_unit)


@register.simple_tag(takes_context=True)
def display_unit(context: Any) -> str:
    """The money unit of amounts listed across documents: the viewer's choice."""
    return _context_unit(context)


@register.inclusion_tag("front/unreadable.html")
def unreadable_panel(project: Any) -> dict[str, Any]:
    """A warning naming every stored number of ``project`` that cannot be read."""
    return {"values": unreadable_values(project)}
