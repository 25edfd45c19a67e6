"""Choosing a unit where there may be tens of thousands (a province has 50,000).

Up to `UNIT_CHOICES` units a page offers them in a list; past it the list would make every
page that shows it megabytes long and seconds slow (`/setup/users/` took 31 s at 50,000
units), so the page asks for the unit's code instead (as the project list does). Forms call
`by_code`; pages with a hand-written filter call `few_units` and `chosen_unit`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from jixiao.core.bounds import MAX_INT
from jixiao.web.front.listing import UNIT_CHOICES
from jixiao.web.nul import lookup_text
from jixiao.web.orgs.models import Unit

#: Longest unit code read from a box (the column holds 20).
CODE_LENGTH = 20


def few_units(units: QuerySet[Unit]) -> list[Unit] | None:
    """``units`` by code when there are at most `UNIT_CHOICES`, else None (ask for a code).
    One query reading at most `UNIT_CHOICES` + 1 rows."""
    first = list(units.order_by("code").only("id", "code", "name")[: UNIT_CHOICES + 1])
    return first if len(first) <= UNIT_CHOICES else None


def chosen_unit(params: Any, units: QuerySet[Unit]) -> Unit | None:
    """The unit named by ``unit`` (an id, from a list) or ``unit_code`` (typed) among
    ``units``; None when neither names one of them."""
    raw = str(params.get("unit") or "").strip()
    if raw.isdigit() and int(raw) <= MAX_INT:
        return units.filter(pk=int(raw)).first()
    code = lookup_text(params.get("unit_code"), CODE_LENGTH)
    return units.filter(code=code).first() if code else None


def by_code(field: forms.Field) -> None:
    """Past `UNIT_CHOICES` units, the form's unit list becomes a box for the unit code."""
    assert isinstance(field, forms.ModelChoiceField) and field.queryset is not None
    if few_units(field.queryset) is not None:
        return
    field.to_field_name = "code"
    field.widget = forms.TextInput(
        attrs={"placeholder": "填写单位编码", "maxlength": CODE_LENGTH, "class": "short"}
    )
    field.error_messages = {
        **field.error_messages,
        "invalid_choice": "没有编码为“%(value)s”的单位，请核对单位编码",
    }
