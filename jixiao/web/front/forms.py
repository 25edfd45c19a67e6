"""Forms of the pages: the project edit form with its three formsets, the return form.

The edit forms only collect values: `changes()` turns them into the PATCH-style dict that
`jixiao.web.goals.workflow.edit` validates and stores (the same path as the API).
Fields keep what the user typed (``strip=False``): a value is the document's text.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory

from jixiao.core.amounts import amount_text, parse_percent
from jixiao.core.model import PLAN_MONTHS
from jixiao.web.goals.editing import ChangeError, field_label
from jixiao.web.goals.models import Project
from jixiao.web.goals.workflow import COMMENT_FIELDS

#: Default checkpoints of a blank spending plan (the official table's 3/6/10/12 月).


def _text(label: str, *, textarea: bool = False, rows: int = 3, **kw: Any) -> forms.CharField:
    # Formset rows sit under column headings; aria-label names each input for screen readers.
    attrs = {"aria-label": label}
    widget = forms.Textarea(attrs={"rows": rows, **attrs}) if textarea else forms.TextInput(attrs)
    return forms.CharField(label=label, required=False, strip=False, widget=widget, **kw)


def _none(value: str | None) -> str | None:
    """A blank input means an empty cell (``None``), as the readers store it."""
    return value if value and value.strip() else None


class ProjectForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    code = _text("项目编码", max_length=40)
    name = forms.CharField(label="项目名称", max_length=300, strip=False)
    title = _text("标题", max_length=400)
    budget_total = _text("预算数", max_length=40)
    budget_fiscal = _text("财政资金", max_length=40)
    budget_other = _text("其他资金", max_length=40)
    budget_carryover = _text("上年结转资金", max_length=40)
    purpose = _text("资金用途", textarea=True, rows=4)


class GoalForm(forms.Form):
    text = _text("绩效目标", textarea=True, rows=2)


class PlanForm(forms.Form):
    month = forms.IntegerField(
        label="月份", min_value=1, max_value=12, widget=forms.NumberInput({"aria-label": "月份"})
    )
    text = _text("累计支出比例", max_length=50)

    def clean_text(self) -> str:
        text = self.cleaned_data.get("text") or ""
        try:
            parse_percent(text.strip() or None)
        except ValueError as e:  # parse_percent's message is the Chinese one we show
            raise forms.ValidationError(str(e)) from None
        return text


class IndicatorForm(forms.Form):
    level1 = _text("一级指标", max_length=100)
    level2 = _text("二级指标", max_length=100)
    name = _text("三级指标", max_length=300)
    description = _text("绩效指标描述", textarea=True, rows=2)
    target = _text("指标值", max_length=300)
    basis = _text("指标值确定依据", max_length=300)
    # Not in the official table, but kept so that saving the form never drops a weight.
    weight = forms.CharField(required=False, widget=forms.HiddenInput)


GoalFormSet = formset_factory(GoalForm, extra=1, can_delete=True)
PlanFormSet = formset_factory(PlanForm, extra=0, can_delete=True)
IndicatorFormSet = formset_factory(IndicatorForm, extra=1, can_delete=True, can_order=True)


class EditForms:
    """The edit page's form and formsets, bound or initial."""

    def __init__(self, project: Project, data: Any = None) -> None:
        cells = sorted(project.plan_cells.all(), key=lambda c: c.position)
        indicators = sorted(project.indicators.all(), key=lambda i: i.position)
        self.project = ProjectForm(
            data,
            initial={
                "version": project.version,
                "code": project.code or "",
                "name": project.name,
                "title": project.title or "",
                "budget_total": _amount(project.budget_total),
                "budget_fiscal": _amount(project.budget_fiscal),
                "budget_other": _amount(project.budget_other),
                "budget_carryover": _amount(project.budget_carryover),
                "purpose": project.purpose or "",
            },
        )
        self.goals = GoalFormSet(
            data, prefix="goals", initial=[{"text": g} for g in project.goals or []]
        )
        plan = [{"month": c.month, "text": c.text or ""} for c in cells] or [
            {"month": m, "text": ""} for m in PLAN_MONTHS
        ]
        self.plan = PlanFormSet(data, prefix="plan", initial=plan)
        self.indicators = IndicatorFormSet(
            data,
            prefix="ind",
            initial=[
                {
                    "level1": i.level1 or "",
                    "level2": i.level2 or "",
                    "name": i.name or "",
                    "description": i.description or "",
                    "target": i.target_text or "",
                    "basis": i.basis or "",
                    "weight": _amount(i.weight),
                    "ORDER": k,
                }
                for k, i in enumerate(indicators, 1)
            ],
        )
        self.errors: dict[str, str] = {}

    def all(self) -> list[Any]:
        return [self.project, self.goals, self.plan, self.indicators]

    def is_valid(self) -> bool:
        return all(f.is_valid() for f in self.all())

    def version(self) -> int:
        return self.project.cleaned_data["version"]

    def changes(self) -> dict[str, Any]:
        """The PATCH-style changes (every editable field) for `workflow.edit`."""
        d = self.project.cleaned_data
        goals = [
            f.cleaned_data["text"]
            for f in self.goals.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data["text"]
        ]
        plan = sorted(
            (
                {"month": f.cleaned_data["month"], "text": _none(f.cleaned_data.get("text"))}
                for f in self.plan.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ),
            key=lambda c: c["month"],
        )
        indicators = []
        # ordered_forms follows the ORDER inputs (the page's ↑/↓ buttons renumber them).
        for f in self.indicators.ordered_forms:
            c = f.cleaned_data
            if (
                not c
                or c.get("DELETE")
                or not any((c.get(k) or "").strip() for k in ("level1", "level2", "name", "target"))
            ):
                continue
            indicators.append(
                {
                    "level1": _none(c["level1"]),
                    "level2": _none(c["level2"]),
                    "name": _none(c["name"]),
                    "description": _none(c["description"]),
                    "target": c["target"] or "",
                    "basis": _none(c["basis"]),
                    "weight": _none(c.get("weight")),
                }
            )
        return {
            "code": _none(d["code"]),
            "name": d["name"],
            "title": _none(d["title"]),
            "budget": {
                "total": _none(d["budget_total"]),
                "fiscal": _none(d["budget_fiscal"]),
                "other": _none(d["budget_other"]),
                "carryover": _none(d["budget_carryover"]),
            },
            "purpose": _none(d["purpose"]),
            "spending_plan": plan,
            "goals": goals,
            "indicators": indicators,
        }

    def problems(self) -> list[str]:
        """Every form error as one Chinese line naming where it is."""
        out = [f"{k}：{v}" if k else v for k, v in self.errors.items()]
        for name, f in self.project.errors.items():
            where = self.project.fields[name].label if name in self.project.fields else ""
            out += [f"{where}：{e}" if where else str(e) for e in f]
        for formset, what in (
            (self.goals, "绩效目标"),
            (self.plan, "支出计划时点"),
            (self.indicators, "指标"),
        ):
            out += [str(e) for e in formset.non_form_errors()]
            for k, form in enumerate(formset.forms, 1):
                for name, errs in form.errors.items():
                    field = form.fields.get(name)
                    label = field.label if field and field.label else name
                    out += [f"第 {k} 个{what}的{label}：{e}" for e in errs]
        return out

    def add_change_errors(self, error: ChangeError) -> None:
        self.errors = {}
        for k, v in error.errors.items():
            label = field_label(k)
            self.errors[label] = v.removeprefix(f"{label}：")


def _amount(value: Any) -> str:
    return amount_text(value)


error_label = field_label  # the edit form's name for it


class CommentForm(forms.Form):
    field = forms.ChoiceField(label="针对", choices=list(COMMENT_FIELDS.items()), required=False)
    indicator = forms.IntegerField(label="第几个指标", min_value=1, required=False)
    text = _text("审核意见", textarea=True, rows=2)

    def clean(self) -> dict[str, Any]:
        c = super().clean() or {}
        if (
            (c.get("text") or "").strip()
            and (c.get("field") or "").startswith("indicator.")
            and not c.get("indicator")
        ):
            self.add_error("indicator", "请注明第几个指标")
        return c


CommentFormSet = formset_factory(CommentForm, extra=3)
