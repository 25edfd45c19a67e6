"""Every write of monitoring and self-evaluation: permission checked, validated, stored in
one transaction and audited (`jixiao.web.audit.log.record`).

Only a unit's own 填报人 writes (the project ``edit`` permission); reviewers, admins and
auditors read. A bad value raises `InputError` with Chinese messages per field and
stores nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from jixiao.core.actual_values import parse_actual
from jixiao.core.amounts import MONEY_UNITS
from jixiao.core.monitoring import Payment as CorePayment
from jixiao.core.monitoring import read_payments_bytes
from jixiao.web import permissions
from jixiao.web.audit.log import record
from jixiao.web.goals.models import GoalDocument
from jixiao.web.goals.models import Project as ProjectRow
from jixiao.web.monitoring.models import (
    LIKELIHOODS,
    MANUAL,
    ActualValue,
    Deviation,
    IndicatorProgress,
    Payment,
    SelfEvaluation,
)


class InputError(ValueError):
    """Values that cannot be stored; ``errors`` maps a field to its Chinese message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("；".join(errors.values()))
        self.errors = errors


def can_write_unit(user: Any, unit: Any) -> bool:
    """A unit's own 填报人 (the role that may edit projects, inside its scope)."""
    return permissions.role_allows(user, permissions.EDIT) and permissions.can_see_unit(user, unit)


def _require_unit(user: Any, unit: Any) -> None:
    if not can_write_unit(user, unit):
        raise PermissionDenied("只有本单位的填报人可以填报")


def _require(user: Any, project: ProjectRow) -> None:
    if not permissions.can(user, permissions.EDIT, project):
        raise PermissionDenied("只有本单位的填报人可以填报")


def parse_amount(text: Any, name: str = "amount", label: str = "金额") -> Decimal:
    try:
        value = Decimal(str(text).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise InputError({name: f"{label}“{text}”不是数字"}) from None
    if not value.is_finite():
        raise InputError({name: f"{label}“{text}”不是数字"})
    return value


# -- payments ----------------------------------------------------------------------------


@dataclass
class PaymentPreview:
    """What an import would store (``matched``) and what it would not, with reasons."""

    document: GoalDocument
    name: str
    unit: str  # money unit of the file's amounts
    matched: list[tuple[CorePayment, ProjectRow]] = field(default_factory=list)
    unmatched: list[CorePayment] = field(default_factory=list)  # code not in the document
    out_of_year: list[CorePayment] = field(default_factory=list)
    already: int = 0  # payments already stored from a file of this name

    @property
    def rows(self) -> int:
        return len(self.matched) + len(self.unmatched) + len(self.out_of_year)

    @property
    def refunds(self) -> int:
        return sum(1 for p, _ in self.matched if p.amount < 0)

    @property
    def total(self) -> Decimal:
        return sum((p.amount for p, _ in self.matched), Decimal(0))


def preview_payments(
    document: GoalDocument, data: bytes, name: str, unit: str = "元"
) -> PaymentPreview:
    """Read a payments file against ``document`` (`ReadError` for a bad file or row)."""
    if unit not in MONEY_UNITS:
        raise InputError({"unit": f"不支持的金额单位“{unit}”"})
    payments = read_payments_bytes(data, name, unit=unit, money_unit=document.money_unit)
    by_code: dict[str, ProjectRow] = {}
    for row in document.projects.order_by("seq", "id"):
        if row.code:
            by_code.setdefault(row.code, row)  # a repeated code counts for the first
    preview = PaymentPreview(document, name, unit)
    for p in payments:
        row = by_code.get(p.project_code)
        if row is None:
            preview.unmatched.append(p)
        elif document.year is not None and p.date.year != document.year:
            preview.out_of_year.append(p)
        else:
            preview.matched.append((p, row))
    preview.already = Payment.objects.filter(project__document=document, source=name).count()
    return preview


def import_payments(
    document: GoalDocument, data: bytes, name: str, user: Any, unit: str = "元"
) -> PaymentPreview:
    """Store the matched payments of a file, all or none; the others are only reported."""
    _require_unit(user, document.unit)
    preview = preview_payments(document, data, name, unit)
    with transaction.atomic():
        Payment.objects.bulk_create(
            [
                Payment(
                    project=row,
                    date=p.date,
                    amount=p.amount,
                    summary=p.summary,
                    source=name,
                    line=p.line,
                    created_by=user,
                )
                for p, row in preview.matched
            ]
        )
        record(
            user,
            "payment.import",
            document,
            new={
                "file": name,
                "unit": unit,
                "stored": len(preview.matched),
                "total": str(preview.total),
                "refunds": preview.refunds,
                "unmatched": len(preview.unmatched),
                "out_of_year": len(preview.out_of_year),
            },
            object_repr=f"{document.unit.name} {document.year} 支付记录",
        )
    return preview


def add_payment(
    project: ProjectRow,
    user: Any,
    *,
    date: datetime.date,
    amount: Decimal,
    summary: str = "",
) -> Payment:
    """One payment entered by hand, in the document's money unit (negative: a refund)."""
    _require(user, project)
    year = project.document.year
    if year is not None and date.year != year:
        raise InputError({"date": f"日期 {date} 不在 {year} 预算年度内"})
    if amount == 0:
        raise InputError({"amount": "金额不能为 0"})
    with transaction.atomic():
        payment = Payment.objects.create(
            project=project,
            date=date,
            amount=amount,
            summary=summary.strip(),
            source=MANUAL,
            created_by=user,
        )
        record(
            user,
            "payment.create",
            project,
            new={"date": date.isoformat(), "amount": str(amount), "summary": payment.summary},
            object_repr=str(project.name),
        )
    return payment


# -- deviations and indicator progress -----------------------------------------------------


def _likelihood(value: str, *, required: bool) -> str:
    if not value and not required:
        return ""
    if value not in LIKELIHOODS:
        raise InputError({"likelihood": "请选择完成目标可能性"})
    return value


def add_deviation(
    project: ProjectRow,
    user: Any,
    *,
    as_of: datetime.date,
    color: str,
    reason: str,
    likelihood: str,
    correction_needed: bool,
    follow_up: str = "",
) -> Deviation:
    """The 偏差原因分析 of a project's spending on ``as_of``."""
    _require(user, project)
    errors = {}
    if not reason.strip():
        errors["reason"] = "请填写偏差原因分析"
    if likelihood not in LIKELIHOODS:
        errors["likelihood"] = "请选择完成目标可能性"
    if correction_needed and not follow_up.strip():
        errors["follow_up"] = "需要整改时请填写整改措施"
    if errors:
        raise InputError(errors)
    with transaction.atomic():
        d = Deviation.objects.create(
            project=project,
            as_of=as_of,
            color=color,
            reason=reason.strip(),
            likelihood=likelihood,
            correction_needed=correction_needed,
            follow_up=follow_up.strip(),
            created_by=user,
        )
        record(
            user,
            "deviation.create",
            project,
            new={
                "as_of": as_of.isoformat(),
                "color": color,
                "reason": d.reason,
                "likelihood": likelihood,
                "correction_needed": correction_needed,
                "follow_up": d.follow_up,
            },
            object_repr=str(project.name),
        )
    return d


def add_progress(
    project: ProjectRow,
    user: Any,
    *,
    indicator: int,
    date: datetime.date,
    value: str,
    expected_value: str = "",
    reason: str = "",
    likelihood: str = "",
    correction_needed: bool = False,
    follow_up: str = "",
) -> IndicatorProgress:
    """One indicator's progress on ``date`` (value so far, expected year-end value…)."""
    _require(user, project)
    errors = {}
    count = project.indicators.count()
    if not 1 <= indicator <= count:
        errors["indicator"] = f"没有第 {indicator} 个指标（共 {count} 个）"
    for name, text in (("value", value), ("expected_value", expected_value)):
        if name == "expected_value" and not text.strip():
            continue
        try:
            parse_actual(text)
        except ValueError as e:
            errors[name] = str(e)
    try:
        likelihood = _likelihood(likelihood, required=False)
    except InputError as e:
        errors.update(e.errors)
    if correction_needed and not follow_up.strip():
        errors["follow_up"] = "需要整改时请填写整改措施"
    if errors:
        raise InputError(errors)
    with transaction.atomic():
        entry = IndicatorProgress.objects.create(
            project=project,
            indicator=indicator,
            date=date,
            value=value.strip(),
            expected_value=expected_value.strip(),
            reason=reason.strip(),
            likelihood=likelihood,
            correction_needed=correction_needed,
            follow_up=follow_up.strip(),
            created_by=user,
        )
        record(
            user,
            "progress.create",
            project,
            new={
                "indicator": indicator,
                "date": date.isoformat(),
                "value": entry.value,
                "expected_value": entry.expected_value,
                "reason": entry.reason,
                "likelihood": likelihood,
                "correction_needed": correction_needed,
                "follow_up": entry.follow_up,
            },
            object_repr=str(project.name),
        )
    return entry


# -- self-evaluation -----------------------------------------------------------------------


@dataclass(frozen=True)
class LineInput:
    indicator: int  # 1-based
    actual: str = ""
    reason: str = ""
    weight: str = ""  # blank: the category's share


def _optional_amount(text: str, name: str, label: str, errors: dict[str, str]) -> Decimal | None:
    if not (text or "").strip():
        return None
    try:
        value = parse_amount(text, name, label)
    except InputError as e:
        errors.update(e.errors)
        return None
    if value < 0:
        errors[name] = f"{label}不能为负数"
    return value


def _snapshot(e: SelfEvaluation | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {
        "budget_initial": e.budget_initial,
        "budget_adjusted": e.budget_adjusted,
        "executed": e.executed,
        "budget_reason": e.budget_reason,
        "achieved": e.achieved,
        "lines": [
            {"indicator": a.indicator, "actual": a.actual, "reason": a.reason, "weight": a.weight}
            for a in e.actuals.all()
        ],
    }


def save_evaluation(
    project: ProjectRow,
    user: Any,
    *,
    budget_initial: str = "",
    budget_adjusted: str = "",
    executed: str = "",
    budget_reason: str = "",
    achieved: str = "",
    lines: Sequence[LineInput] = (),
) -> SelfEvaluation:
    """Store the year-end figures and actual values (all lines replaced at once)."""
    _require(user, project)
    errors: dict[str, str] = {}
    initial = _optional_amount(budget_initial, "budget_initial", "年初预算数", errors)
    adjusted = _optional_amount(budget_adjusted, "budget_adjusted", "全年预算数", errors)
    spent = _optional_amount(executed, "executed", "全年执行数", errors)
    count = project.indicators.count()
    clean: list[ActualValue] = []
    for line in lines:
        key = f"line-{line.indicator}"
        if not 1 <= line.indicator <= count:
            errors[key] = f"没有第 {line.indicator} 个指标（共 {count} 个）"
            continue
        if line.actual.strip():
            try:
                parse_actual(line.actual)
            except ValueError as e:
                errors[f"{key}-actual"] = f"第 {line.indicator} 个指标：{e}"
        weight = _optional_amount(
            line.weight, f"{key}-weight", f"第 {line.indicator} 个指标的分值", errors
        )
        clean.append(
            ActualValue(
                indicator=line.indicator,
                actual=line.actual.strip(),
                reason=line.reason.strip(),
                weight=weight,
            )
        )
    if errors:
        raise InputError(errors)
    with transaction.atomic():
        evaluation = SelfEvaluation.objects.select_for_update().filter(project=project).first()
        old = _snapshot(evaluation)
        if evaluation is None:
            evaluation = SelfEvaluation(project=project)
        evaluation.budget_initial = initial
        evaluation.budget_adjusted = adjusted
        evaluation.executed = spent
        evaluation.budget_reason = budget_reason.strip()
        evaluation.achieved = achieved.strip()
        evaluation.updated_by = user
        evaluation.save()
        evaluation.actuals.all().delete()
        for a in clean:
            a.evaluation = evaluation
        ActualValue.objects.bulk_create(clean)
        record(
            user,
            "evaluation.save",
            project,
            old=old,
            new=_snapshot(evaluation),
            object_repr=str(project.name),
        )
    return evaluation
