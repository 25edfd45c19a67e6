"""Forms of the setting-up pages (regions, departments, units, users, passwords).

They only collect values; `jixiao.web.orgs.services` and `jixiao.web.accounts.services`
check and store them (the same path as the API and the bulk upload).
"""

from __future__ import annotations

from typing import Any

from django import forms

from jixiao.web.accounts.models import ROLES
from jixiao.web.front.choosers import by_code, departments_by_code
from jixiao.web.goals.drafting import MONEY_UNITS, YEARS
from jixiao.web.orgs.models import Department, Region, Unit


class RegionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


class DepartmentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.region.name} / {obj.code} {obj.name}"


def preselect_the_only(form: forms.Form, name: str) -> None:
    """A new form's list with a single object offers it chosen (a newcomer's one region or
    one department), without the empty ``---------`` line; lists of more are unchanged."""
    field = form.fields[name]
    if form.is_bound or form.initial.get(name) is not None:
        return
    if not isinstance(field, forms.ModelChoiceField) or not isinstance(field.widget, forms.Select):
        return  # a code box (`departments_by_code`) past the list's bound
    assert field.queryset is not None
    only = list(field.queryset.values_list("pk", flat=True)[:2])
    if len(only) == 1:
        form.initial[name] = only[0]
        field.empty_label = None


class RegionForm(forms.Form):
    code = forms.CharField(label="区划编码", max_length=12)
    name = forms.CharField(label="区划名称", max_length=100)
    parent = RegionChoice(label="上级区划", queryset=Region.objects.all(), required=False)


class DepartmentForm(forms.Form):
    region = RegionChoice(label="财政区划", queryset=Region.objects.all())
    code = forms.CharField(label="主管部门编码", max_length=20)
    name = forms.CharField(label="主管部门名称", max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        preselect_the_only(self, "region")


class UnitForm(forms.Form):
    department = DepartmentChoice(
        label="主管部门（所在区划）", queryset=Department.objects.select_related("region")
    )
    code = forms.CharField(label="单位编码", max_length=20)
    name = forms.CharField(label="单位名称", max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments_by_code(self, "department")
        preselect_the_only(self, "department")


class IdsChoice(forms.ModelMultipleChoiceField):
    """Several objects by id; an id no database column can hold is an invalid value, not a
    query that overflows (SQLite raises OverflowError on ``id IN (10**20)``)."""

    def _check_values(self, value: Any) -> Any:
        for v in value:
            try:
                ok = 0 < int(str(v)) < 2**63
            except ValueError:
                ok = True  # the parent names it as not a valid value
            if not ok:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": v},
                )
        return super()._check_values(value)  # type: ignore[misc]  # not in django-stubs


def _password_pair(form: forms.Form, first: str = "password", second: str = "password2") -> None:
    c = form.cleaned_data
    if c.get(first) and c.get(second) is not None and c.get(first) != c.get(second):
        form.add_error(second, "两次输入的密码不一致")


class ScopeForm(forms.Form):
    role = forms.ChoiceField(label="角色", choices=list(ROLES.items()))
    unit = forms.ModelChoiceField(
        label="所属单位（填报人）", queryset=Unit.objects.all(), required=False
    )
    regions = IdsChoice(
        label="负责的财政区划（审核人）", queryset=Region.objects.all(), required=False
    )
    departments = IdsChoice(
        label="负责的主管部门（审核人）",
        queryset=Department.objects.select_related("region"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        by_code(self.fields["unit"])
        departments_by_code(self, "departments")


class UserCreateForm(ScopeForm):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名或说明", max_length=150, required=False)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="再输入一次", widget=forms.PasswordInput, strip=False)

    field_order = ("username", "full_name", "role", "unit", "regions", "departments")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        preselect_the_only(self, "unit")  # the new installation's one unit, for its 填报人

    def clean(self) -> dict[str, Any]:
        super().clean()
        _password_pair(self)
        return self.cleaned_data


class UserEditForm(ScopeForm):
    is_active = forms.BooleanField(label="启用（可以登录）", required=False)


class PasswordResetForm(forms.Form):
    password = forms.CharField(label="新密码", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="再输入一次", widget=forms.PasswordInput, strip=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        _password_pair(self)
        return self.cleaned_data


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="内容", choices=[("units", "单位"), ("users", "用户")])
    file = forms.FileField(label="Excel 文件（.xlsx）或 CSV")


class DocumentForm(forms.Form):
    unit = forms.ModelChoiceField(label="单位", queryset=Unit.objects.none())
    year = forms.IntegerField(label="预算年度", min_value=YEARS.start, max_value=YEARS.stop - 1)
    money_unit = forms.ChoiceField(label="金额单位", choices=[(m, m) for m in MONEY_UNITS])

    def __init__(self, units: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        by_code(self.fields["unit"])
        only = list(units.only("pk")[:2])
        if len(only) == 1:  # a unit's own officer: nothing to choose
            self.fields["unit"].initial = only[0].pk
            self.fields["unit"].empty_label = None  # type: ignore[attr-defined]


class RolloverForm(forms.Form):
    year = forms.IntegerField(label="新的预算年度", min_value=YEARS.start, max_value=YEARS.stop - 1)
    renumber = forms.BooleanField(
        label="项目编码中的年度位改为新年度（不勾选则保持原编码）", required=False
    )


def problems(form: forms.Form) -> list[str]:
    """Every error of ``form`` as one Chinese line naming its field."""
    out = []
    for name, errs in form.errors.items():
        field = form.fields.get(name)
        label = field.label if field is not None and field.label else ""
        out += [f"{label}：{e}" if label else str(e) for e in errs]
    return out
