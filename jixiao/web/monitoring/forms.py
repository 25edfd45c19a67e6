"""Forms of the monitoring and self-evaluation pages: they turn what was posted into typed
values (dates, exact amounts, choices, booleans) with Chinese messages; the rules that
need the project, and the writes, stay in `services`.

The pages' HTML is hand-written, so the field names here are the inputs' names.
`InputForm.values()` hands the cleaned values over as keyword arguments of a service, or
raises `services.InputError` as the services do, so a view treats both alike.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from jixiao.core.actual_values import parse_actual
from jixiao.core.amounts import parse_amount
from jixiao.core.bounds import check_date
from jixiao.core.formats import MAX_FILE_BYTES
from jixiao.core.yesno import parse_yes_no
from jixiao.web.monitoring.models import LIKELIHOOD_CHOICES
from jixiao.web.monitoring.services import InputError, LineInput


class InputForm(forms.Form):
    """A form whose errors become a `services.InputError` (field → message)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: The key `InputError` gives an input, where it differs from the input's name.
        self.error_keys: dict[str, str] = {}

    def values(self) -> dict[str, Any]:
        """The cleaned values; `InputError` when one is bad."""
        if not self.is_valid():
            raise InputError(
                {
                    self.error_keys.get(name, name): "；".join(str(m) for m in messages)
                    for name, messages in self.errors.items()
                }
            )
        return dict(self.cleaned_data)


def _text() -> forms.CharField:
    # Kept as typed; the services strip what they store.
    return forms.CharField(required=False, strip=False)


class IsoDateField(forms.DateField):
    """A date written YYYY-MM-DD only (Django's default formats would read 4/1/2022)."""

    def to_python(self, value: Any) -> datetime.date:
        text = "" if value is None else str(value)
        try:
            date = datetime.date.fromisoformat(text.strip())
        except ValueError:
            raise ValidationError(f"{self.label}“{text}”应为 YYYY-MM-DD", code="invalid") from None
        try:
            return check_date(date)
        except ValueError as e:
            raise ValidationError(f"{self.label}：{e}", code="invalid") from None


class AmountField(forms.CharField):
    """An exact amount read by the core's one parser (`jixiao.core.amounts.parse_amount`:
    the same spellings and bounds as everywhere); the services check it again in the
    document's money unit. Blank is ``None`` unless required."""

    def __init__(self, label: str, *, nonnegative: bool = False, **kwargs: Any) -> None:
        super().__init__(label=label, strip=False, **kwargs)
        self.nonnegative = nonnegative

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value) or ""
        if not text.strip() and not self.required:
            return None
        try:
            amount = parse_amount(text)
        except ValueError as e:
            raise ValidationError(f"{self.label}：{e}", code="invalid") from None
        if amount is None:
            raise ValidationError(f"{self.label}“{text}”不是数字", code="invalid")
        return amount

    def validate(self, value: Decimal | None) -> None:
        # Blank was decided in to_python.
        if value is not None and self.nonnegative and value < 0:
            raise ValidationError(f"{self.label}不能为负数", code="negative")


class ActualValueField(forms.CharField):
    """An indicator's value (实际完成值: a number with its unit, or a grade), kept as typed;
    blank is allowed unless required. ``context`` starts the message."""

    def __init__(self, *, context: str = "", **kwargs: Any) -> None:
        super().__init__(strip=False, **kwargs)
        self.context = context

    def validate(self, value: str) -> None:
        if not value.strip() and not self.required:
            return
        try:
            parse_actual(value)
        except ValueError as e:  # parse_actual's message is the Chinese one we show
            raise ValidationError(f"{self.context}{e}", code="invalid") from None


class YesNoField(forms.CharField):
    """是/否 read by the core's `parse_yes_no` (``1``/``0`` from a select); blank is 否."""

    def __init__(self, label: str = "是否需要整改", **kwargs: Any) -> None:
        super().__init__(label=label, required=False, strip=False, **kwargs)

    def to_python(self, value: Any) -> bool:  # type: ignore[override]
        try:
            return bool(parse_yes_no(super().to_python(value), label=str(self.label)))
        except ValueError as e:
            raise ValidationError(str(e), code="invalid") from None

    def validate(self, value: Any) -> None:
        pass  # decided in to_python


# -- monitoring entries ----------------------------------------------------------------------


class PaymentForm(InputForm):
    date = IsoDateField(label="日期")
    amount = AmountField("金额")
    summary = _text()


class AssessmentForm(InputForm):
    """What a deviation and an indicator's progress both say: why, how likely the target
    still is, and the correction."""

    reason = _text()
    likelihood = forms.ChoiceField(
        choices=LIKELIHOOD_CHOICES,
        required=False,  # required for a deviation: `services` says so
        error_messages={"invalid_choice": "请选择完成目标可能性"},
    )
    # The page posts "0" or "1" from a select (a BooleanField's widget reads "0" as True).
    correction_needed = YesNoField()
    follow_up = _text()


class DeviationForm(AssessmentForm):
    field_order = ("as_of",)  # then the assessment, as on the page; the colour is computed
    as_of = IsoDateField(label="截至日期")


class ProgressForm(AssessmentForm):
    field_order = ("indicator", "date", "value", "expected_value")
    indicator = forms.IntegerField(
        error_messages={"required": "请选择指标", "invalid": "请选择指标"}
    )
    date = IsoDateField(label="日期")
    value = ActualValueField()
    expected_value = ActualValueField(required=False)


class PaymentFileForm(InputForm):
    """A payments file (.csv or .xlsx) and the money unit of its amounts."""

    file = forms.FileField(
        allow_empty_file=True,  # the reader says what is wrong with an empty file
        error_messages={"required": "请选择支付记录文件（.csv 或 .xlsx）"},
    )
    unit = forms.CharField(required=False, strip=False, empty_value="元")

    @property
    def name(self) -> str:
        """The file's own name, without any folder the browser sent."""
        upload = self.cleaned_data["file"]
        return Path(upload.name or "payments.csv").name

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                f"{self.name}：文件超过 {MAX_FILE_BYTES // (1024 * 1024)} MB，不能导入"
            )
        return upload


# -- self-evaluation ---------------------------------------------------------------------------


class EvaluationForm(InputForm):
    """The year-end figures and, per indicator ``n``, the inputs ``actual-n``, ``reason-n``
    and ``weight-n``; `values()` gathers those into `LineInput` lines."""

    budget_initial = AmountField("年初预算数", required=False, nonnegative=True)
    budget_adjusted = AmountField("全年预算数", required=False, nonnegative=True)
    executed = AmountField("全年执行数", required=False, nonnegative=True)
    budget_reason = _text()
    achieved = _text()

    def __init__(self, data: Any, *, count: int) -> None:
        super().__init__(data)
        self.count = count
        for n in range(1, count + 1):
            self.fields[f"actual-{n}"] = ActualValueField(
                required=False, context=f"第 {n} 个指标："
            )
            self.fields[f"reason-{n}"] = _text()
            self.fields[f"weight-{n}"] = AmountField(
                f"第 {n} 个指标的分值", required=False, nonnegative=True
            )
            self.error_keys[f"actual-{n}"] = f"line-{n}-actual"
            self.error_keys[f"weight-{n}"] = f"line-{n}-weight"

    def values(self) -> dict[str, Any]:
        values = super().values()
        lines = [
            LineInput(
                n,
                values.pop(f"actual-{n}"),
                values.pop(f"reason-{n}"),
                values.pop(f"weight-{n}"),
            )
            for n in range(1, self.count + 1)
        ]
        return {**values, "lines": lines}
