"""The monitoring and self-evaluation API: payments, the monitoring table, deviations, a
project's self-evaluation and the ranking.

Thin, like the pages: scope and rights from `jixiao.web.permissions`, figures from
`data` (which calls the core), writes through `services`, values read by the pages' own
forms. So the API and the pages can never disagree.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pydantic
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from ninja import Query
from ninja.errors import ValidationError as SchemaError
from ninja.responses import Status

from jixiao.core.amounts import DISPLAY_UNIT, convert, format_amount, stored_unit, to_amount
from jixiao.core.bounds import MAX_INT, check_date, fits_int
from jixiao.core.errors import JixiaoError, ReadError
from jixiao.core.evaluation import NOT_STARTED, Rollup, describe_missing
from jixiao.core.monitoring import COLORS
from jixiao.core.monitoring import Payment as CorePayment
from jixiao.core.monitoring.payments import make_payment, payment_problem
from jixiao.core.scales import COLOR_LABELS, color_legend
from jixiao.web import permissions
from jixiao.web.api.base import BadRequest, error, load_json
from jixiao.web.api.common import ApiRouter
from jixiao.web.goals.mapping import project_from_db
from jixiao.web.goals.models import GoalDocument
from jixiao.web.goals.models import Project as ProjectRow
from jixiao.web.monitoring import data, forms, services
from jixiao.web.monitoring.models import LIKELIHOODS, Deviation
from jixiao.web.monitoring.schemas import (
    MAX_PAYMENTS,
    ColorOut,
    DepartmentOut,
    DeviationIn,
    DeviationOut,
    Error,
    EvaluationIn,
    EvaluationLineOut,
    EvaluationOut,
    MonitoringOut,
    MonitoringTotals,
    PaymentIn,
    PaymentList,
    PaymentResult,
    PaymentRow,
    PaymentTotals,
    ProjectMonitoring,
    ProjectRef,
    RankedUnitOut,
    RankingOut,
    ReasonOut,
    RollupOut,
    UnitRef,
)
from jixiao.web.orgs.models import Unit

router = ApiRouter(tags=["运行监控与绩效自评"])

#: `Payment.source` of payments recorded through the API as a JSON list.
API_SOURCE = "接口录入"
_PAYMENTS = pydantic.TypeAdapter(PaymentList)
_WRITER_ONLY = "只有本单位的填报人可以填报"
#: Every route may refuse: bad input, no credentials, no right, nothing there.
ERRORS: dict[int, Any] = {400: Error, 401: Error, 403: Error, 404: Error}


def _money(value: Decimal | None) -> str | None:
    return None if value is None else format_amount(value)


def _input_error(e: services.InputError) -> HttpResponse:
    return error(400, str(e), fields=e.errors)


def _project_ref(row: ProjectRow) -> ProjectRef:
    return ProjectRef(id=row.pk, seq=row.seq, code=row.code, name=row.name or "")


def _unit_ref(unit: Unit) -> UnitRef:
    return UnitRef(id=unit.pk, code=unit.code, name=unit.name)


def _project(request: HttpRequest, pk: int, action: str = permissions.VIEW) -> ProjectRow:
    return permissions.get_project_or_404(request, pk, action)


def _unit(user: Any, code: str | None) -> Unit:
    """The unit of code ``code`` the user sees; without a code, the user's only unit."""
    units = permissions.visible_units(user).select_related("department__region")
    if code:
        unit = units.filter(code=code.strip()).first()
        if unit is None:
            raise Http404(f"单位“{code.strip()[:40]}”不存在")
        return unit
    first_two = list(units.order_by("code")[:2])
    if len(first_two) != 1:
        raise services.InputError({"unit": "请用 unit 指定单位编码"})
    return first_two[0]


def _document(unit: Unit, year: int | None) -> GoalDocument:
    """The unit's document of ``year`` (default: its newest), as the pages choose it."""
    docs = data.documents_of(unit)
    chosen = docs[0] if docs and year is None else next((d for d in docs if d.year == year), None)
    if chosen is None:
        when = f" {year} 年度" if year is not None else ""
        raise Http404(f"单位“{unit.name}”没有{when}绩效目标文档")
    return chosen


# -- payments --------------------------------------------------------------------------------

_PAYMENT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "array",
                    "maxItems": MAX_PAYMENTS,
                    "items": PaymentIn.model_json_schema(),  # flat: no $defs to resolve
                }
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "unit": {"type": "string", "description": "单位编码"},
                        "year": {"type": "integer", "description": "预算年度"},
                        "money_unit": {"type": "string", "description": "金额单位，默认 元"},
                    },
                }
            },
        },
    }
}


@router.post(
    "payments",
    response={200: PaymentResult, 201: PaymentResult, **ERRORS},
    openapi_extra=_PAYMENT_BODY,
    url_name="payments",
)
def payments(request: HttpRequest, confirm: bool = False) -> Any:
    """Payments as a JSON list, or a file (.csv/.xlsx, as on the monitoring page).

    Without ``confirm=true``: the preview (what would be recorded, what would not and why),
    nothing stored. With it: the matched payments recorded all at once (201); the refused
    ones are only reported, as the page does.
    """
    if not permissions.role_allows(request.user, permissions.EDIT):
        raise PermissionDenied("只有本单位的填报人可以录入支付记录")
    try:
        if (request.content_type or "").startswith("multipart/"):
            return _payments_file(request, confirm)
        return _payments_json(request, confirm)
    except services.InputError as e:
        return _input_error(e)


def _payment_row(
    n: int, p: CorePayment, row: ProjectRow | None, unit: str, reason: str | None = None
) -> PaymentRow:
    return PaymentRow(
        row=n,
        project=None if row is None else _project_ref(row),
        project_code=p.project_code,
        date=p.date,
        amount=format_amount(p.amount),
        money_unit=unit,
        note=p.summary,
        reason=reason,
    )


def _totals(matched: list[tuple[CorePayment, ProjectRow]], refused: int) -> PaymentTotals:
    total = sum(
        (convert(p.amount, r.document.money_unit, DISPLAY_UNIT) for p, r in matched), Decimal(0)
    )
    return PaymentTotals(
        rows=len(matched) + refused,
        matched=len(matched),
        refused=refused,
        refunds=sum(1 for p, _ in matched if p.amount < 0),
        total=format_amount(total),
        unit=DISPLAY_UNIT,
    )


def _payments_json(request: HttpRequest, confirm: bool) -> Any:
    try:
        raw = load_json(request.body or b"null", "（应为支付记录列表，或上传文件）")
        items = _PAYMENTS.validate_python(raw)
    except BadRequest as e:
        return error(400, str(e))
    except pydantic.ValidationError as e:
        details = e.errors(include_url=False)
        raise SchemaError([dict(d, loc=("payments", *d["loc"])) for d in details]) from None
    visible = permissions.visible_projects(request.user).select_related("document__unit")
    tied: list[tuple[int, CorePayment, ProjectRow]] = []
    refused: list[PaymentRow] = []
    for n, item in enumerate(items, start=1):
        row, reason = _find_project(visible, item)
        if row is None:
            code = str(item.project) if isinstance(item.project, str) else ""
            p = CorePayment(item.date, code, Decimal(0), item.note, n)
            refused.append(_refused(n, p, None, item, reason))
            continue
        try:
            amount = to_amount(item.amount, item.money_unit)
            p = make_payment(
                item.date,
                row.code or "",
                amount,
                unit=item.money_unit,
                money_unit=row.document.money_unit,
                summary=item.note.strip(),
                line=n,
            )
        except ValueError as e:
            p = CorePayment(item.date, row.code or "", Decimal(0), item.note, n)
            refused.append(_refused(n, p, row, item, str(e)))
            continue
        tied.append((n, p, row))
    matched, out = services.match_project_payments([(p, row) for _, p, row in tied])
    refused += [_payment_row(p.line or 0, p, r, r.document.money_unit, why) for p, r, why in out]
    refused.sort(key=lambda r: r.row)
    if confirm and not matched:
        raise services.nothing_to_record([(r.row, r.reason or "") for r in refused])
    if confirm:
        services.record_payments(matched, request.user, API_SOURCE)
    result = PaymentResult(
        confirmed=confirm,
        matched=[_payment_row(p.line or 0, p, r, r.document.money_unit) for p, r in matched],
        refused=refused,
        totals=_totals(matched, len(refused)),
        already=0,
    )
    return Status(201, result) if confirm else result


def _refused(
    n: int, p: CorePayment, row: ProjectRow | None, item: PaymentIn, reason: str
) -> PaymentRow:
    """A row refused before it became a payment: its amount as sent, in the unit sent."""
    out = _payment_row(n, p, row, item.money_unit, reason)
    out.amount = str(item.amount)[:40]
    return out


def _find_project(visible: Any, item: PaymentIn) -> tuple[ProjectRow | None, str]:
    """The project a payment names by id or code; a code picks the project of the
    payment's fiscal year (or, failing that, the newest, which the core then refuses)."""
    if isinstance(item.project, int):
        row = visible.filter(pk=item.project).first() if fits_int(item.project) else None
        return row, "" if row else f"项目 id {item.project} 不存在"
    code = item.project.strip()
    rows = list(visible.filter(code=code).order_by("-document__year", "pk")[:50]) if code else []
    if not rows:
        return None, f"项目编码“{code[:40]}”不存在"
    same_year = [r for r in rows if r.document.year == item.date.year]
    if len(same_year) > 1 and len({r.document_id for r in same_year}) > 1:
        return None, f"项目编码“{code}”对应多个单位的项目，请改用项目 id"
    return (same_year or rows)[0], ""


def _payments_file(request: HttpRequest, confirm: bool) -> Any:
    unit = _unit(request.user, request.POST.get("unit"))
    if not services.can_write_unit(request.user, unit):
        raise PermissionDenied("只有本单位的填报人可以导入支付记录")
    year = _year(request.POST.get("year"))
    document = _document(unit, year)
    form = forms.PaymentFileForm(
        {"unit": request.POST.get("money_unit") or "元"},
        MultiValueDict({"file": request.FILES.getlist("file")}),
    )
    values = form.values()
    money, name = values["unit"], form.name
    payload = values["file"].read()
    try:
        if confirm:
            preview = services.import_payments(document, payload, name, request.user, money)
        else:
            preview = services.preview_payments(document, payload, name, money)
    except services.InputError as e:
        return error(400, f"{name}：{e}", fields=e.errors)
    except JixiaoError as e:
        text = str(e)
        return error(400, text if isinstance(e, ReadError) and name in text else f"{name}：{text}")
    unit_of = document.money_unit
    refused = [
        _payment_row(p.line or 0, p, None, unit_of, preview.unmatched_reason)
        for p in preview.unmatched
    ] + [
        _payment_row(
            p.line or 0, p, None, unit_of, payment_problem(p.date, p.amount, document.year) or ""
        )
        for p in preview.out_of_year
    ]
    refused.sort(key=lambda r: r.row)
    result = PaymentResult(
        confirmed=confirm,
        matched=[_payment_row(p.line or 0, p, r, unit_of) for p, r in preview.matched],
        refused=refused,
        totals=_totals(preview.matched, len(refused)),
        already=preview.already,
    )
    return Status(201, result) if confirm else result


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    try:
        return int(raw.strip())
    except ValueError:
        raise services.InputError({"year": f"预算年度“{raw.strip()[:20]}”应为四位数字"}) from None


# -- monitoring ------------------------------------------------------------------------------


@router.get("monitoring", response={200: MonitoringOut, **ERRORS})
def monitoring(
    request: HttpRequest,
    unit: str | None = None,
    year: int | None = None,
    as_of: datetime.date | None = None,
) -> Any:
    """Spending progress of every approved project of a unit's document on ``as_of``
    (default: today within the fiscal year), as the unit's monitoring page shows it; the
    others are listed in ``pending``."""
    try:
        found = _unit(request.user, unit)
        if as_of is not None:
            try:
                check_date(as_of)
            except ValueError as e:
                raise services.InputError({"as_of": f"截至日期：{e}"}) from None
    except services.InputError as e:
        return _input_error(e)
    document = _document(found, year)
    m = data.unit_monitoring(document, as_of or data.default_as_of(document.year))
    unit_of = stored_unit(document.money_unit)
    projects = []
    for row, progress in m.lines():
        s = progress.spending
        color = progress.color
        projects.append(
            ProjectMonitoring(
                project=_project_ref(row),
                money_unit=unit_of,
                budget=_money(s.budget),
                paid=format_amount(s.executed),
                refunds=format_amount(s.refunds),
                payments=s.payments,
                execution_rate=_money(s.execution_rate),
                expected_rate=format_amount(s.expected_percent),
                basis=s.basis,
                deviation=_money(s.deviation),
                ratio=_money(s.ratio),
                forecast_rate=_money(s.forecast_rate),
                spending_color=s.color,
                color=color,
                color_label=COLOR_LABELS.get(color or ""),
            )
        )
    t = m.report.totals

    def shown(value: Decimal) -> str:
        return format_amount(convert(value, unit_of, DISPLAY_UNIT))

    meanings = {c: meaning for c, _, meaning in color_legend()}
    return MonitoringOut(
        unit=_unit_ref(found),
        year=m.report.year,
        as_of=m.report.as_of,
        months=m.report.months,
        money_unit=unit_of,
        projects=projects,
        totals=MonitoringTotals(
            unit=DISPLAY_UNIT,
            projects=t.projects,
            budget=shown(t.budget),
            paid=shown(t.executed),
            refunds=shown(t.refunds),
            forecast=shown(t.forecast),
            execution_rate=_money(t.execution_rate),
            expected_rate=format_amount(t.expected_percent),
            time_rate=format_amount(t.time_percent),
            color=t.color,
            color_label=COLOR_LABELS.get(t.color or ""),
        ),
        colors=[
            ColorOut(key=c, label=COLOR_LABELS[c], meaning=meanings[c], projects=t.colors[c])
            for c in COLORS
        ],
        warnings=m.report.warnings,
        pending=[_project_ref(r) for r in m.pending],
    )


# -- deviations ------------------------------------------------------------------------------

_LIKELIHOOD_KEYS = {label: key for key, label in LIKELIHOODS.items()}


@router.post(
    "projects/{int:pk}/deviation",
    response={201: DeviationOut, **ERRORS},
    url_name="project_deviation",
)
def deviation(request: HttpRequest, pk: int, payload: DeviationIn) -> Any:
    """A 偏差原因分析 of the project's spending; the colour is the one monitoring shows on
    ``as_of``. 是否需要整改 is read as on the page (``否`` stays 否)."""
    row = _project(request, pk, permissions.EDIT)
    if not permissions.can(request.user, permissions.EDIT, row):
        raise PermissionDenied(_WRITER_ONLY)
    as_of = payload.as_of or data.default_as_of(row.document.year)
    needed = payload.correction_needed
    form = forms.DeviationForm(
        {
            "as_of": as_of.isoformat(),
            "reason": payload.reason,
            "likelihood": _LIKELIHOOD_KEYS.get(payload.likelihood.strip(), payload.likelihood),
            "correction_needed": ("1" if needed else "0") if isinstance(needed, bool) else needed,
            "follow_up": payload.correction,
        }
    )
    try:
        entry = services.add_deviation(row, request.user, **form.values())
    except services.InputError as e:
        return _input_error(e)
    return Status(201, _deviation_out(entry, row))


def _deviation_out(entry: Deviation, row: ProjectRow) -> DeviationOut:
    return DeviationOut(
        id=entry.pk,
        project=_project_ref(row),
        as_of=entry.as_of,
        color=entry.color,
        reason=entry.reason,
        likelihood=entry.likelihood,
        likelihood_label=LIKELIHOODS.get(entry.likelihood, ""),
        correction_needed=entry.correction_needed,
        correction=entry.follow_up,
        created_at=entry.created_at,
    )


# -- self-evaluation -------------------------------------------------------------------------


def _evaluation_out(row: ProjectRow) -> EvaluationOut:
    evaluation = data.evaluation_of(row)
    score = data.project_score(row, project_from_db(row))
    lines = data.actual_lines(evaluation)
    started = score.status != NOT_STARTED
    return EvaluationOut(
        project=_project_ref(row),
        money_unit=row.document.money_unit,
        status=score.status,
        status_label=score.status_label,
        score=format_amount(score.score) if started else None,
        grade=score.grade if started else None,
        grade_text=score.grade_text,
        budget_initial=_money(getattr(evaluation, "budget_initial", None)),
        budget_adjusted=_money(getattr(evaluation, "budget_adjusted", None)),
        executed=_money(getattr(evaluation, "executed", None)),
        budget_reason=getattr(evaluation, "budget_reason", ""),
        execution_rate=_money(score.execution_rate),
        budget_weight=format_amount(score.budget_weight),
        budget_score=_money(score.budget_score),
        achieved=getattr(evaluation, "achieved", ""),
        lines=[
            EvaluationLineOut(
                indicator=ln.indicator,
                name=ln.name,
                category=ln.category,
                target=ln.target,
                actual=ln.actual,
                weight=format_amount(ln.weight),
                score=_money(ln.score),
                met=ln.met,
                note=ln.note,
                reason=lines[ln.indicator].reason if ln.indicator in lines else "",
            )
            for ln in score.lines
        ],
        missing=[describe_missing(m) for m in score.missing],
        reasons_required=[
            ReasonOut(kind=r.kind, indicator=r.indicator, message=r.message, given=r.given)
            for r in score.reasons_required
        ],
        version=services.evaluation_version(evaluation),
    )


def _fresh(pk: int) -> ProjectRow:
    from jixiao.web.goals.mapping import with_children

    return with_children(ProjectRow.objects.filter(pk=pk)).select_related("document__unit").get()


@router.get(
    "projects/{int:pk}/evaluation",
    response={200: EvaluationOut, **ERRORS},
    url_name="project_evaluation",
)
def evaluation(request: HttpRequest, pk: int) -> Any:
    """The project's self-evaluation as its page shows it: figures, lines, score, status."""
    row = _project(request, pk)
    return _evaluation_out(_fresh(row.pk))


def _text(value: str | int | None) -> str:
    return "" if value is None else str(value)


@router.put(
    "projects/{int:pk}/evaluation",
    response={200: EvaluationOut, 409: Error, **ERRORS},
)
def evaluation_save(request: HttpRequest, pk: int, payload: EvaluationIn) -> Any:
    """Replace the year-end figures and actual values (lines not sent are cleared), read
    by the page's own form. A stale ``version`` is a 409 and nothing is stored."""
    row = _project(request, pk, permissions.EDIT)
    if not permissions.can(request.user, permissions.EDIT, row):
        raise PermissionDenied(_WRITER_ONLY)
    count = row.indicators.count()
    posted = {
        "budget_initial": _text(payload.budget_initial),
        "budget_adjusted": _text(payload.budget_adjusted),
        "executed": _text(payload.executed),
        "budget_reason": payload.budget_reason,
        "achieved": payload.achieved,
    }
    errors: dict[str, str] = {}
    for line in payload.lines:
        n = line.indicator
        if not 1 <= n <= count:
            errors[f"line-{n}"] = f"没有第 {n} 个指标（共 {count} 个）"
            continue
        if f"actual-{n}" in posted:
            errors[f"line-{n}"] = f"第 {n} 个指标重复填写"
        posted.update(
            {
                f"actual-{n}": line.actual,
                f"reason-{n}": line.reason,
                f"weight-{n}": _text(line.weight),
            }
        )
    try:
        if errors:
            raise services.InputError(errors)
        values = forms.EvaluationForm(posted, count=count).values()
        services.save_evaluation(row, request.user, version=payload.version, **values)
    except services.InputError as e:
        return _input_error(e)
    return _evaluation_out(_fresh(row.pk))


# -- ranking ---------------------------------------------------------------------------------


def _rollup_out(r: Rollup, unit: str) -> RollupOut:
    # Built without validating again (`model_construct`): every value is already of its
    # field's type (ints, and strings formatted here), and a ranking page holds a hundred of
    # these — validating each was a third of the request.
    return RollupOut.model_construct(
        projects=r.projects,
        evaluated=r.complete,
        coverage=r.coverage,
        not_started=r.not_started,
        provisional=r.provisional,
        average=_money(r.average),
        weighted_average=_money(r.weighted_average),
        grades=dict(r.grades),
        execution_rate=_money(r.execution_rate),
        budget_adjusted=format_amount(r.budget_adjusted),
        executed=format_amount(r.executed),
        unit=unit,
    )


@router.get("evaluation", response={200: RankingOut, **ERRORS}, url_name="ranking")
def ranking(
    request: HttpRequest,
    year: int | None = None,
    region: str | None = None,
    page: int = Query(1, ge=1, le=MAX_INT),
    page_size: int = Query(data.RANKING_PAGE, ge=1, le=settings.JIXIAO_MAX_PAGE_SIZE),
    department_page: int = Query(1, ge=1, le=MAX_INT),
) -> Any:
    """Units ranked by budget-weighted average score, as the ranking page shows them, with
    how many projects each figure covers (``evaluated`` of ``projects``): ``page`` of
    ``page_size`` units (``count`` in all) and ``department_page`` of the departments (as
    many; ``department_count`` in all); the total covers every unit."""
    r = data.ranking(
        permissions.visible_units(request.user),
        year,
        region,
        page,
        page_size,
        department_page,
        departments=permissions.visible_departments(request.user),
    )
    return RankingOut.model_construct(
        year=r.year,
        years=r.years,
        region=region,
        count=r.count,
        page=r.page,
        page_size=r.per_page,
        department_count=r.department_count,
        department_page=r.department_page,
        units=[
            RankedUnitOut.model_construct(
                rank=u.rank,
                unit=UnitRef.model_construct(id=u.unit.pk, code=u.unit.code, name=u.unit.name),
                department=u.unit.department.name,
                region=u.unit.department.region.code,
                rollup=_rollup_out(u.rollup, u.document.money_unit),
            )
            for u in r.rows
        ],
        departments=[
            DepartmentOut.model_construct(
                code=d.code,
                name=d.name,
                region=d.region.code,
                rollup=_rollup_out(roll, DISPLAY_UNIT),
            )
            for d, roll in r.departments
        ],
        total=None if r.total is None else _rollup_out(r.total, DISPLAY_UNIT),
    )
