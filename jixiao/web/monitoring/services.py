"""Every write of monitoring and self-evaluation: permission checked, validated, stored in
one transaction and audited (`jixiao.web.audit.log.record`).

Only a unit's own 填报人 writes (the project ``edit`` permission); reviewers, admins and
auditors read. Values arrive typed (the pages parse them with `forms`); what breaks a
rule raises `InputError` with Chinese messages per field and stores nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import transaction

from jixiao.core.amounts import MONEY_UNITS, unit_size
from jixiao.core.bounds import check_amount, check_percent, check_text
from jixiao.core.monitoring import Payment as CorePayment
from jixiao.core.monitoring import read_payments_bytes
from jixiao.core.monitoring.payments import match_payments, payment_problem
from jixiao.core.scales import missing_reason
from jixiao.web import permissions
from jixiao.web.audit.log import record
from jixiao.web.goals.models import GoalDocument
from jixiao.web.goals.models import Project as ProjectRow
from jixiao.web.goals.workflow import StaleVersionError
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


def _create(
    model: Any, project: ProjectRow, user: Any, action: str, new: dict[str, Any], **fields: Any
) -> Any:
    """One entry of ``project`` and its audit entry (``new``), both or neither."""
    with transaction.atomic():
        entry = model.objects.create(project=project, created_by=user, **fields)
        record(user, action, project, new=new, object_repr=str(project.name))
    return entry


R = TypeVar("R")


def _no_indicator(number: int, count: int) -> str:
    return f"没有第 {number} 个指标（共 {count} 个）"


def actual_rows(lines: Sequence[LineInput], count: int, make: Callable[..., R]) -> list[R]:
    """The unsaved rows ``make(indicator, actual, reason, weight)`` of ``lines`` (texts
    stripped), for a table of ``count`` indicators; `InputError` naming every line past it.
    Shared by a project's and a department's self-evaluation."""
    errors: dict[str, str] = {}
    rows: list[R] = []
    for line in lines:
        n = line.indicator
        if not 1 <= n <= count:
            errors[f"line-{n}"] = _no_indicator(n, count)
            continue
        checks: list[tuple[str, str, Callable[..., object], tuple[object, ...]]] = [
            ("actual", "实际完成值", check_text, (line.actual, "cell")),
            ("reason", "偏差原因分析", check_text, (line.reason, "long")),
        ]
        if line.weight is not None:
            checks.append(("weight", "分值", check_percent, (line.weight,)))
        for key, label, check, args in checks:
            try:
                check(*args)
            except ValueError as e:
                errors[f"line-{n}-{key}"] = f"第 {n} 个指标的{label}：{e}"
        rows.append(
            make(
                indicator=line.indicator,
                actual=line.actual.strip(),
                reason=line.reason.strip(),
                weight=line.weight,
            )
        )
    if errors:
        raise InputError(errors)
    return rows


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
    #: The document's projects without a 项目编码: no payment can match them until one is
    #: recorded (`workflow.assign_code`), so an unmatched row may well be theirs.
    uncoded: list[ProjectRow] = field(default_factory=list)

    @property
    def unmatched_reason(self) -> str:
        """Why a row whose code is not in the document is not imported (Chinese), with a
        hint when some projects have no code yet."""
        return "项目编码不在文档中" + uncoded_hint(self.uncoded)

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
    rows = list(document.projects.order_by("seq", "id"))
    match = match_payments([r.code for r in rows], document.year, payments)
    preview = PaymentPreview(document, name, unit)
    preview.matched = [(p, rows[i]) for p, i in match.matched]
    preview.unmatched, preview.out_of_year = match.unmatched, match.out_of_year
    preview.already = Payment.objects.filter(project__document=document, source=name).count()
    preview.uncoded = [r for r in rows if not (r.code or "").strip()]
    return preview


def uncoded_hint(uncoded: Sequence[ProjectRow]) -> str:
    """``（文档中有 2 个项目没有项目编码：“…”、“…”，请在项目页面补录后重新导入）`` or ""."""
    if not uncoded:
        return ""
    names = "、".join(f"“{r.name[:30]}”" for r in uncoded[:3])
    more = "等" if len(uncoded) > 3 else ""
    return (
        f"（文档中有 {len(uncoded)} 个项目没有项目编码：{names}{more}，"
        "这些记录可能属于它们，请在项目页面补录项目编码后重新导入）"
    )


def import_payments(
    document: GoalDocument, data: bytes, name: str, user: Any, unit: str = "元"
) -> PaymentPreview:
    """Store the matched payments of a file, all or none; the others are only reported."""
    _require_unit(user, document.unit)
    preview = preview_payments(document, data, name, unit)
    if not preview.matched:
        refused = [(p.line or 0, "项目编码不在文档中") for p in preview.unmatched]
        hint = uncoded_hint(preview.uncoded) if preview.unmatched else ""
        refused += [
            (p.line or 0, payment_problem(p.date, p.amount, document.year) or "不在预算年度内")
            for p in preview.out_of_year
        ]
        raise nothing_to_record(sorted(refused), "行", hint)
    with transaction.atomic():
        _store_payments(preview.matched, user, name)
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


def _store_payments(
    matched: Sequence[tuple[CorePayment, ProjectRow]], user: Any, source: str
) -> list[Payment]:
    return Payment.objects.bulk_create(
        [
            Payment(
                project=row,
                date=p.date,
                amount=p.amount,
                summary=p.summary,
                source=source,
                line=p.line,
                created_by=user,
            )
            for p, row in matched
        ]
    )


def match_project_payments(
    payments: Sequence[tuple[CorePayment, ProjectRow]],
) -> tuple[list[tuple[CorePayment, ProjectRow]], list[tuple[CorePayment, ProjectRow, str]]]:
    """Payments already tied to a project (an API request names the project): matched by
    the core (`match_payments`) against the project's document like a file's rows, so the
    same rules decide. Returns (matched, refused with a Chinese reason)."""
    matched: list[tuple[CorePayment, ProjectRow]] = []
    refused: list[tuple[CorePayment, ProjectRow, str]] = []
    for p, row in payments:
        year = row.document.year
        match = match_payments([row.code], year, [p])
        if match.matched:
            matched.append((p, row))
        elif match.out_of_year:
            refused.append((p, row, payment_problem(p.date, p.amount, year) or ""))
        else:
            refused.append((p, row, "项目没有项目编码，无法记录支付"))
    return matched, refused


def nothing_to_record(
    refused: Sequence[tuple[int, str]], word: str = "项", hint: str = ""
) -> InputError:
    """The refusal of a confirmed import none of whose rows can be stored: one Chinese line
    naming the first refused rows (``第 3 行：金额不能为 0``) and how many there are."""
    shown = "；".join(f"第 {n} {word}：{why}" for n, why in refused[:5])
    more = f"等共 {len(refused)} {word}" if len(refused) > 5 else ""
    text = f"没有可记录的支付记录，未保存任何内容：{shown}{more}{hint}" if refused else ""
    return InputError({"payments": text or "没有可记录的支付记录，未保存任何内容"})


def record_payments(
    matched: Sequence[tuple[CorePayment, ProjectRow]], user: Any, source: str
) -> list[Payment]:
    """Store payments already matched to projects (`match_project_payments`), all or none,
    with one audit entry per document; every project must be the user's to edit."""
    if not matched:
        raise nothing_to_record([])
    for _, row in matched:
        _require(user, row)
    with transaction.atomic():
        stored = _store_payments(matched, user, source)
        by_document: dict[int, list[CorePayment]] = {}
        documents: dict[int, GoalDocument] = {}
        for p, row in matched:
            by_document.setdefault(row.document_id, []).append(p)
            documents[row.document_id] = row.document
        for pk, payments in by_document.items():
            document = documents[pk]
            record(
                user,
                "payment.import",
                document,
                new={
                    "file": source,
                    "unit": document.money_unit,
                    "stored": len(payments),
                    "total": str(sum((p.amount for p in payments), Decimal(0))),
                    "refunds": sum(1 for p in payments if p.amount < 0),
                },
                object_repr=f"{document.unit.name} {document.year} 支付记录",
            )
    return stored


def text_problems(texts: dict[str, tuple[str, str]]) -> dict[str, str]:
    """A Chinese message per narrative text longer than the core's bound (``long``)."""
    errors = {}
    for key, (label, text) in texts.items():
        try:
            check_text(text, "long")
        except ValueError as e:
            errors[key] = f"{label}：{e}"
    return errors


def checked_lines(
    texts: dict[str, tuple[str, str]],
    lines: Sequence[LineInput],
    count: int,
    make: Callable[..., R],
) -> list[R]:
    """`actual_rows` of ``lines`` after the narrative ``texts`` are checked: one
    `InputError` naming every problem of both."""
    errors = text_problems(texts)
    try:
        rows = actual_rows(lines, count, make)
    except InputError as e:
        errors.update(e.errors)
    if errors:
        raise InputError(errors)
    return rows


def _bounded(amounts: dict[str, Decimal | None], money_unit: str) -> None:
    """`InputError` for an amount an official table in ``money_unit`` cannot hold."""
    errors = {}
    for key, value in amounts.items():
        if value is None:
            continue
        try:
            check_amount(value, money_unit, unit_size(money_unit))
        except ValueError as e:
            errors[key] = str(e)
    if errors:
        raise InputError(errors)


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
    problem = payment_problem(date, amount, project.document.year)
    if problem:
        raise InputError({"amount" if amount == 0 else "date": problem})
    _bounded({"amount": amount}, project.document.money_unit)
    summary = summary.strip()
    return _create(
        Payment,
        project,
        user,
        "payment.create",
        {"date": date.isoformat(), "amount": str(amount), "summary": summary},
        date=date,
        amount=amount,
        summary=summary,
        source=MANUAL,
    )


# -- deviations and indicator progress -----------------------------------------------------


def _assessment(
    errors: dict[str, str],
    *,
    required: bool,
    reason: str,
    likelihood: str,
    correction_needed: bool,
    follow_up: str,
) -> dict[str, Any]:
    """What a deviation and an indicator's progress both store: the reason, how likely the
    target still is and the correction. Adds what breaks a rule to ``errors``; ``required``:
    the reason and the likelihood must be given (a deviation's)."""
    if required and not reason.strip():
        errors["reason"] = "请填写偏差原因分析"
    if likelihood not in LIKELIHOODS and (likelihood or required):
        errors["likelihood"] = "请选择完成目标可能性"
    if correction_needed and not follow_up.strip():
        errors["follow_up"] = "需要整改时请填写整改措施"
    return {
        "reason": reason.strip(),
        "likelihood": likelihood,
        "correction_needed": correction_needed,
        "follow_up": follow_up.strip(),
    }


def add_deviation(
    project: ProjectRow,
    user: Any,
    *,
    as_of: datetime.date,
    reason: str,
    likelihood: str,
    correction_needed: bool,
    follow_up: str = "",
) -> Deviation:
    """The 偏差原因分析 of a project on ``as_of``, kept with the colour monitoring gives the
    project on that date (computed here, never taken from the caller, so the page and the
    API store the same colour for the same state)."""
    from jixiao.web.monitoring.data import project_monitoring

    _require(user, project)
    color = project_monitoring(project, as_of).progress.color or ""
    errors: dict[str, str] = {}
    assessment = _assessment(
        errors,
        required=True,
        reason=reason,
        likelihood=likelihood,
        correction_needed=correction_needed,
        follow_up=follow_up,
    )
    if errors:
        raise InputError(errors)
    return _create(
        Deviation,
        project,
        user,
        "deviation.create",
        {"as_of": as_of.isoformat(), "color": color, **assessment},
        as_of=as_of,
        color=color,
        **assessment,
    )


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
    """One indicator's progress on ``date`` (value so far, expected year-end value…);
    ``value`` and ``expected_value`` as typed, already read by the form. A colour that
    needs a deviation reason (`scales.missing_reason`, computed here) is refused without one."""
    from jixiao.web.monitoring.data import indicator_color_on

    _require(user, project)
    errors: dict[str, str] = {}
    count = project.indicators.count()
    if not 1 <= indicator <= count:
        errors["indicator"] = _no_indicator(indicator, count)
    else:
        problem = missing_reason(indicator_color_on(project, indicator, value, date), reason)
        if problem:
            errors["reason"] = problem
    assessment = _assessment(
        errors,
        required=False,
        reason=reason,
        likelihood=likelihood,
        correction_needed=correction_needed,
        follow_up=follow_up,
    )
    if errors:
        raise InputError(errors)
    values = {"value": value.strip(), "expected_value": expected_value.strip(), **assessment}
    return _create(
        IndicatorProgress,
        project,
        user,
        "progress.create",
        {"indicator": indicator, "date": date.isoformat(), **values},
        indicator=indicator,
        date=date,
        **values,
    )


# -- self-evaluation -----------------------------------------------------------------------


@dataclass(frozen=True)
class LineInput:
    indicator: int  # 1-based
    actual: str = ""  # as typed, already read by the form
    reason: str = ""
    weight: Decimal | None = None  # None: the category's share


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


def evaluation_version(evaluation: SelfEvaluation | None) -> str:
    """What a client read, to say so when it writes (`save_evaluation`'s ``version``):
    the time of the last save, or ``""`` before the first one."""
    return (
        ""
        if evaluation is None or evaluation.updated_at is None
        else (evaluation.updated_at.isoformat())
    )


def save_evaluation(
    project: ProjectRow,
    user: Any,
    *,
    version: str | None = None,
    budget_initial: Decimal | None = None,
    budget_adjusted: Decimal | None = None,
    executed: Decimal | None = None,
    budget_reason: str = "",
    achieved: str = "",
    lines: Sequence[LineInput] = (),
) -> SelfEvaluation:
    """Store the year-end figures and actual values (all lines replaced at once).

    ``version`` (from `evaluation_version`): the evaluation the caller read; if it has been
    saved since, `StaleVersionError` and nothing stored. None: not checked (the page)."""
    _require(user, project)
    _bounded(
        {
            "budget_initial": budget_initial,
            "budget_adjusted": budget_adjusted,
            "executed": executed,
        },
        project.document.money_unit,
    )
    texts = {
        "budget_reason": ("执行率偏低原因", budget_reason),
        "achieved": ("实际完成情况", achieved),
    }
    clean = checked_lines(texts, lines, project.indicators.count(), ActualValue)
    with transaction.atomic():
        evaluation = SelfEvaluation.objects.select_for_update().filter(project=project).first()
        if version is not None and version != evaluation_version(evaluation):
            raise StaleVersionError("绩效自评已被他人修改，请重新读取后再保存")
        old = _snapshot(evaluation)
        if evaluation is None:
            evaluation = SelfEvaluation(project=project)
        evaluation.budget_initial = budget_initial
        evaluation.budget_adjusted = budget_adjusted
        evaluation.executed = executed
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
