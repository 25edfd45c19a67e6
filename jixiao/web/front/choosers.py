"""Choosing a unit where there may be tens of thousands (a province has 50,000).

Up to `UNIT_CHOICES` units a page offers them in a list; past it the list would make every
page that shows it megabytes long and seconds slow (`/setup/users/` took 31 s at 50,000
units), so the page asks for the unit's code instead (as the project list does). Forms call
`by_code`; pages with a hand-written filter call `few_units` and `chosen_unit`.
Departments (2,000 in a province) are typed the same way past the same bound
(`departments_by_code`), as ``区划编码/部门编码``.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet

from jixiao.core.bounds import MAX_INT
from jixiao.core.errors import JixiaoError
from jixiao.web.front.listing import UNIT_CHOICES
from jixiao.web.nul import lookup_text
from jixiao.web.orgs.models import Department, Unit
from jixiao.web.orgs.services import find_department

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


# -- departments ----------------------------------------------------------------------------

#: Separators between department codes typed in one box (as in the bulk upload).
_SEPARATORS = re.compile(r"[,，、;；\s]+")


def department_key(department: Department) -> str:
    """How a department is typed: ``区划编码/部门编码`` (codes repeat across regions)."""
    return f"{department.region.code}/{department.code}"


def _department(typed: str) -> Department:
    region, _, code = typed.rpartition("/")
    try:
        return find_department(region.strip() or None, code.strip())
    except JixiaoError as e:
        raise forms.ValidationError(str(e)) from e


class DepartmentCodeField(forms.Field):
    """One department typed as ``区划编码/部门编码`` (or only its code when unique)."""

    widget = forms.TextInput(
        attrs={"placeholder": "区划编码/主管部门编码", "maxlength": 2 * CODE_LENGTH + 1}
    )

    def prepare_value(self, value: Any) -> Any:
        return department_key(value) if isinstance(value, Department) else value

    def to_python(self, value: Any) -> Department | None:
        typed = lookup_text(value, 2 * CODE_LENGTH + 1)
        return _department(typed) if typed else None


class DepartmentCodesField(forms.Field):
    """Several departments typed in one box, separated by 、 or commas."""

    widget = forms.TextInput(attrs={"placeholder": "区划编码/主管部门编码，多个用顿号分隔"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)) and all(isinstance(d, Department) for d in value):
            return "、".join(department_key(d) for d in value)
        return value

    def to_python(self, value: Any) -> list[Department]:
        text = lookup_text(value, 100 * (2 * CODE_LENGTH + 2))
        found: dict[int, Department] = {}
        for typed in _SEPARATORS.split(text or ""):
            if typed:
                d = _department(typed)
                found[d.pk] = d
        return list(found.values())


def departments_by_code(form: forms.Form, name: str) -> None:
    """Past `UNIT_CHOICES` departments, the form's department list (one or several)
    becomes a box for department codes."""
    old = form.fields[name]
    assert isinstance(old, forms.ModelChoiceField) and old.queryset is not None
    first = list(old.queryset.order_by().values_list("pk", flat=True)[: UNIT_CHOICES + 1])
    if len(first) <= UNIT_CHOICES:
        return
    many = isinstance(old, forms.ModelMultipleChoiceField)
    new = (DepartmentCodesField if many else DepartmentCodeField)(
        label=old.label, required=old.required, help_text=old.help_text
    )
    form.fields[name] = new
