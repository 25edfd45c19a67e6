"""Pages: monitoring per unit and project, payments import, self-evaluation, ranking.

Scope comes from `jixiao.web.permissions` (a unit or project outside it is 404); writes go
through `services` (a read-only role gets 403 there). Numbers come from the core.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from jixiao.core.amounts import STATED_UNITS, format_amount
from jixiao.core.bounds import MAX_YEAR, MIN_YEAR, check_date, fits_int, shown
from jixiao.core.errors import JixiaoError, ReadError
from jixiao.core.evaluation import DEFAULT_CONFIG
from jixiao.core.evaluation.export import FORMATS, MEDIA_TYPES, to_bytes
from jixiao.core.evaluation.report import EXECUTION_LOW
from jixiao.core.evaluation.tables import project_table, summary_table
from jixiao.core.files import safe_filename
from jixiao.core.monitoring import COLORS
from jixiao.core.scales import COLOR_LABELS, color_legend
from jixiao.web import permissions
from jixiao.web.accounts.models import UNIT
from jixiao.web.front import keyset
from jixiao.web.front.choosers import CODE_LENGTH
from jixiao.web.front.uploads import drop, stash, unstash
from jixiao.web.goals.mapping import project_from_db, with_children
from jixiao.web.goals.models import GoalDocument
from jixiao.web.goals.models import Project as ProjectRow
from jixiao.web.monitoring import data, forms, services
from jixiao.web.monitoring.models import (
    LIKELIHOOD_CHOICES,
    Deviation,
    IndicatorProgress,
    Payment,
)
from jixiao.web.nul import lookup_text
from jixiao.web.orgs.models import Unit

ACCEPT = ".csv,.xlsx"


# -- helpers -----------------------------------------------------------------------------


def _unit_or_404(user: Any, unit_id: int) -> Unit:
    if not fits_int(unit_id):
        raise Http404("单位不存在")
    unit = permissions.visible_units(user).select_related("department").filter(pk=unit_id).first()
    if unit is None:
        raise Http404("单位不存在")
    return unit


def _document(request: HttpRequest, unit: Unit) -> tuple[GoalDocument | None, list[int]]:
    docs = data.documents_of(unit)
    years = [d.year for d in docs if d.year is not None]
    raw = request.GET.get("year") or request.POST.get("year") or ""
    chosen = next((d for d in docs if str(d.year) == raw), docs[0] if docs else None)
    return chosen, years


def _as_of(request: HttpRequest, year: int | None) -> datetime.date:
    raw = request.GET.get("as_of") or ""
    if raw:
        try:
            return check_date(datetime.date.fromisoformat(raw))
        except ValueError:
            messages.error(
                request,
                f"日期“{shown(raw)}”应为 {MIN_YEAR}–{MAX_YEAR} 年间的 YYYY-MM-DD，已改用默认日期",
            )
    return data.default_as_of(year)


def _project(request: HttpRequest, pk: int) -> ProjectRow:
    row = permissions.get_project_or_404(request, pk)
    return with_children(ProjectRow.objects.filter(pk=row.pk)).get()


def _download(body: bytes, filename: str) -> HttpResponse:
    fmt = filename.rsplit(".", 1)[-1]
    response = HttpResponse(body, content_type=MEDIA_TYPES[fmt])
    response["Content-Disposition"] = (
        content_disposition_header(True, safe_filename(filename.rsplit(".", 1)[0], ext=fmt)) or ""
    )
    return response


def _year(document: GoalDocument) -> str | None:
    return f"{document.year}年度" if document.year else None


def _color_rows(report: Any) -> list[dict[str, Any]]:
    return [
        {"key": c, "label": COLOR_LABELS[c], "count": report.totals.colors.get(c, 0)}
        for c in COLORS
    ]


# -- monitoring --------------------------------------------------------------------------


#: Units listed per page of the monitoring index (keyset pages by code).
INDEX_UNITS = 50


@login_required
def index(request: HttpRequest) -> HttpResponse:
    scope = permissions.visible_units(request.user)
    first_two = list(scope.order_by("code")[:2])
    if len(first_two) == 1:
        return redirect("monitoring:unit", unit_id=first_two[0].pk)
    code = lookup_text(request.GET.get("unit_code"), CODE_LENGTH)
    found = scope.filter(code=code).first() if code else None
    if found is not None:
        return redirect("monitoring:unit", unit_id=found.pk)
    # A page of the units (a province's reviewer sees tens of thousands), by code.
    page = keyset.window(
        scope,
        keyset.Order("code"),
        INDEX_UNITS,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
        load=Unit.objects.only("id", "code", "name"),
    )
    units = list(page.rows)
    documents = GoalDocument.objects.filter(unit__in=[u.pk for u in units]).order_by(
        "unit__code", "-year"
    )
    years: dict[int, list[int]] = {}
    for d in documents.only("unit_id", "year"):
        if d.year is not None:
            years.setdefault(d.unit_id, []).append(d.year)
    rows = [(u, years.get(u.pk, [])) for u in units]
    ctx = {
        "rows": rows,
        "after": page.after,
        "before": page.before,
        "per_page": INDEX_UNITS,
        "unit_code": code,
        "not_found": bool(code),
        "nav": "monitoring",
    }
    return render(request, "monitoring/index.html", ctx)


@login_required
def unit_page(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit_or_404(request.user, unit_id)
    document, years = _document(request, unit)
    ctx: dict[str, Any] = {
        "unit": unit,
        "document": document,
        "years": years,
        "nav": "monitoring",
        "can_write": services.can_write_unit(request.user, unit),
    }
    if document is None:
        return render(request, "monitoring/unit.html", ctx)
    as_of = _as_of(request, document.year)
    m = data.unit_monitoring(document, as_of)
    lines = []
    for row, progress in m.lines():
        s = progress.spending
        lines.append(
            {"row": row, "s": s, "color": progress.color, "indicators": progress.indicators}
        )
    chart = {
        "labels": [ln["row"].name for ln in lines],
        "rate": [
            None if ln["s"].execution_rate is None else str(ln["s"].execution_rate) for ln in lines
        ],
        "expected": [str(ln["s"].expected_percent) for ln in lines],
    }
    ctx.update(
        as_of=as_of,
        report=m.report,
        totals=m.report.totals,
        lines=lines,
        pending=m.pending,
        colors=_color_rows(m.report),
        color_labels=COLOR_LABELS,
        color_legend=color_legend(),
        chart=chart,
        charts=True,
        chart_height=max(320, 22 * len(lines) + 90),  # every project's label readable
    )
    return render(request, "monitoring/unit.html", ctx)


@login_required
def payments_import(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit_or_404(request.user, unit_id)
    if not services.can_write_unit(request.user, unit):
        raise PermissionDenied("只有本单位的填报人可以导入支付记录")
    document, years = _document(request, unit)
    if document is None:
        raise Http404("该单位还没有绩效目标文档")
    ctx: dict[str, Any] = {
        "unit": unit,
        "document": document,
        "years": years,
        "units": STATED_UNITS,
        "accept": ACCEPT,
        "nav": "monitoring",
    }
    if request.method != "POST":
        return render(request, "monitoring/payments_import.html", ctx)
    form = forms.PaymentFileForm(request.POST, request.FILES)
    try:
        values = form.values()
    except services.InputError as e:
        ctx.update(error=str(e), chosen_unit=form.cleaned_data.get("unit"))
        return render(request, "monitoring/payments_import.html", ctx, status=400)
    money, name = values["unit"], form.name
    ctx["chosen_unit"] = money
    payload = values["file"].read()
    try:
        preview = services.preview_payments(document, payload, name, money)
    except (JixiaoError, services.InputError) as e:
        text = str(e)
        ctx["error"] = text if isinstance(e, ReadError) and name in text else f"{name}：{text}"
        return render(request, "monitoring/payments_import.html", ctx, status=400)
    token = stash(payload, {"name": name, "user": request.user.pk, "unit": unit.pk, "money": money})
    ctx.update(preview=preview, token=token)
    return render(request, "monitoring/payments_preview.html", ctx)


@login_required
@require_POST
def payments_confirm(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit_or_404(request.user, unit_id)
    document, _ = _document(request, unit)
    token = request.POST.get("token", "")
    stashed = unstash(token, request.user)
    if document is None or stashed is None or stashed[1].get("unit") != unit.pk:
        messages.error(request, "预览已失效，请重新上传文件")
        return redirect("monitoring:payments_import", unit_id=unit.pk)
    payload, meta = stashed
    try:
        preview = services.import_payments(
            document, payload, meta["name"], request.user, meta.get("money", "元")
        )
    except (JixiaoError, services.InputError) as e:
        messages.error(request, str(e))
        return redirect("monitoring:payments_import", unit_id=unit.pk)
    drop(token)
    skipped = len(preview.unmatched) + len(preview.out_of_year)
    text = f"已导入 {len(preview.matched)} 条支付记录（其中退款 {preview.refunds} 条）"
    if skipped:
        text += f"；未导入 {skipped} 条（项目编码不在文档中 {len(preview.unmatched)} 条，"
        text += f"不在预算年度内 {len(preview.out_of_year)} 条）"
        if preview.unmatched:
            text += services.uncoded_hint(preview.uncoded)
    messages.success(request, text)
    url = reverse("monitoring:unit", kwargs={"unit_id": unit.pk})
    return redirect(f"{url}?year={document.year}")


@login_required
def project_page(request: HttpRequest, pk: int) -> HttpResponse:
    row = _project(request, pk)
    as_of = _as_of(request, row.document.year)
    return render(request, "monitoring/project.html", _project_context(request, row, as_of))


def _project_context(
    request: HttpRequest,
    row: ProjectRow,
    as_of: datetime.date,
    posted: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The project page; ``posted``: the refused entry (form name → values as typed)."""
    document = row.document
    year = document.year or datetime.date.today().year
    m = data.project_monitoring(row, as_of)
    project, versions, payments, progress = m.project, m.versions, m.payments, m.progress
    return {
        "project": row,
        "core": project,
        "document": document,
        "unit": document.unit,
        "as_of": as_of,
        "s": progress.spending,
        "monitored": m.monitored,
        "color": progress.color,
        "spending_color": progress.spending.color,
        "indicators": _indicator_rows(project, progress.indicators),
        "chart": data.chart_data(project, payments, year, as_of, versions),
        "adjusted": len(versions) > 1,
        "charts": True,
        "payments": Payment.objects.filter(project=row).order_by("-date", "-id"),
        "deviations": Deviation.objects.filter(project=row),
        "progress_entries": IndicatorProgress.objects.filter(project=row).order_by("-date", "-id"),
        "likelihood_choices": LIKELIHOOD_CHOICES,
        "can_write": permissions.can(request.user, permissions.EDIT, row),
        "color_labels": COLOR_LABELS,
        "color_legend": color_legend(),
        "money_unit": document.money_unit,
        "nav": "monitoring",
        "errors": {},
        "posted": posted or {},
        "today": data.default_as_of(document.year).isoformat(),
    }


def _indicator_rows(project: Any, progress: list[Any]) -> list[dict[str, Any]]:
    by_number = {p.indicator: p for p in progress}
    return [
        {"n": n, "ind": ind, "p": by_number.get(n)}
        for n, ind in enumerate(project.indicators, start=1)
    ]


def _back(row: ProjectRow, as_of: str = "") -> HttpResponse:
    url = reverse("monitoring:project", kwargs={"pk": row.pk})
    return redirect(f"{url}?as_of={as_of}" if as_of else url)


def _submit(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.InputForm],
    save: Callable[..., Any],
    done: str,
    name: str,
) -> HttpResponse:
    """An entry posted from the project page: read by the form, checked and stored by
    ``save`` (a service). Stored: back to the page with a message. Refused: the page again
    (400) with the message and the form ``name`` filled in as typed."""
    row = permissions.get_project_or_404(request, pk, permissions.EDIT)
    try:
        save(row, request.user, **form_class(request.POST).values())
    except services.InputError as e:
        messages.error(request, str(e))
        row = _project(request, pk)
        try:
            as_of = datetime.date.fromisoformat(request.POST.get("as_of", ""))
        except ValueError:
            as_of = data.default_as_of(row.document.year)
        posted = {name: dict(request.POST.items())}
        ctx = _project_context(request, row, as_of, posted)
        return render(request, "monitoring/project.html", ctx, status=400)
    messages.success(request, done)
    return _back(row, request.POST.get("as_of", ""))


@login_required
@require_POST
def payment_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _submit(
        request, pk, forms.PaymentForm, services.add_payment, "已录入支付记录", "payment"
    )


@login_required
@require_POST
def deviation_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _submit(
        request, pk, forms.DeviationForm, services.add_deviation, "已保存偏差原因分析", "deviation"
    )


@login_required
@require_POST
def progress_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _submit(
        request, pk, forms.ProgressForm, services.add_progress, "已保存指标进度", "progress"
    )


# -- self-evaluation ---------------------------------------------------------------------


#: The self-evaluation form's amounts (shown from the database by `format_amount`).
_AMOUNT_FIELDS = frozenset({"budget_initial", "budget_adjusted", "executed", "budget_in_force"})


@login_required
def evaluation_page(request: HttpRequest, pk: int) -> HttpResponse:
    row = _project(request, pk)
    can_write = permissions.can(request.user, permissions.EDIT, row)
    errors: dict[str, str] = {}
    posted: dict[str, Any] | None = None
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied("只有本单位的填报人可以填报绩效自评")
        form = forms.EvaluationForm(request.POST, count=len(row.indicators.all()))
        try:
            services.save_evaluation(row, request.user, **form.values())
        except services.InputError as e:
            errors = e.errors
            posted = dict(request.POST.items())  # shown again as typed
            messages.error(request, "有填写错误，未保存：" + str(e))
        else:
            messages.success(request, "已保存绩效自评")
            return redirect("monitoring:evaluation", pk=row.pk)
    row = _project(request, pk)  # fresh: the evaluation may just have been saved
    return render(
        request,
        "monitoring/evaluation.html",
        _evaluation_context(row, can_write, errors, posted),
        status=400 if errors else 200,
    )


def _evaluation_context(
    row: ProjectRow, can_write: bool, errors: dict[str, str], posted: dict[str, Any] | None
) -> dict[str, Any]:
    current = project_from_db(row)
    versions = data.versions_of_row(row, current)
    project = data.year_end_version(row.document, current, versions)
    evaluation = data.evaluation_of(row)
    score = data.project_score(row, project)
    lines = data.actual_lines(evaluation)
    reasons = {r.indicator: r for r in score.reasons_required if r.indicator is not None}
    budget_reason = next((r for r in score.reasons_required if r.kind == EXECUTION_LOW), None)
    missing_reasons = [r for r in score.reasons_required if not r.given]

    money_unit = row.document.money_unit

    def value(name: str, stored: Any) -> str:
        """What a field shows: as typed after a refused save; else the stored value, an
        amount written as every page writes it (`format_amount`: 9800 → 9800.00)."""
        if posted is not None:
            return posted.get(name, "")
        if stored is None:
            return ""
        if name in _AMOUNT_FIELDS and isinstance(stored, Decimal):
            return format_amount(stored, money_unit)
        return str(stored)

    if evaluation is None and posted is None:
        # A first visit: suggest the budget and the year's recorded payments.
        from jixiao.web.adjustments.services import initial_budget

        spent = sum(
            (p.amount for p in Payment.objects.filter(project=row) if p.amount is not None),
            start=0,
        )
        form = {
            # 年初预算数 is the version first approved; 全年预算数 the version in force.
            "budget_initial": value("budget_initial", initial_budget(row)),
            "budget_adjusted": value("budget_adjusted", project.budget.total),
            "executed": value("executed", spent) if spent else "",
            "budget_reason": "",
            "achieved": "",
        }
    else:
        form = {
            name: value(name, getattr(evaluation, name, None))
            for name in (
                "budget_initial",
                "budget_adjusted",
                "executed",
                "budget_reason",
                "achieved",
            )
        }
    rows = []
    for n, (ind, line) in enumerate(zip(project.indicators, score.lines, strict=True), start=1):
        stored = lines.get(n)
        rows.append(
            {
                "n": n,
                "ind": ind,
                "line": line,
                "actual": value(f"actual-{n}", stored.actual if stored else ""),
                "reason": value(f"reason-{n}", stored.reason if stored else ""),
                "weight": value(f"weight-{n}", stored.weight if stored else None),
                "required": reasons.get(n),
                "error": errors.get(f"line-{n}-actual") or errors.get(f"line-{n}-weight"),
            }
        )
    return {
        "project": row,
        "goals": project.goals_cell(),
        "document": row.document,
        "unit": row.document.unit,
        "score": score,
        # Nothing saved yet: the funds below are suggestions, not what the score lacks.
        "suggested": evaluation is None and posted is None,
        "form": form,
        "rows": rows,
        "errors": errors,
        "budget_reason_required": budget_reason,
        "missing_reasons": missing_reasons,
        "can_write": can_write,
        "formats": FORMATS,
        "money_unit": row.document.money_unit,
        "nav": "evaluation",
        "evaluation": evaluation,
        # 全年预算数 is the budget of the version in force at year end, not typed.
        "budget_in_force": project.budget.total,
        "budget_in_force_text": value("budget_in_force", project.budget.total)
        if posted is None
        else format_amount(project.budget.total, money_unit),
        "adjusted": len(versions) > 1,
    }


@login_required
def evaluation_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("不支持的格式")
    row = _project(request, pk)
    document = row.document
    ue = data.unit_evaluation(document, [row])
    table = project_table(
        ue.doc,
        ue.doc.projects[0],
        ue.report.projects[0],
        achieved=ue.achieved.get(row.pk, ""),
        reasons=ue.reasons.get(row.pk, {}),
    )
    unit = document.unit
    name = safe_filename(
        unit.code, unit.name, _year(document), row.code, row.name, "项目支出绩效自评表", ext=fmt
    )
    return _download(to_bytes([table], fmt), name)


@login_required
def evaluation_unit(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit_or_404(request.user, unit_id)
    document, years = _document(request, unit)
    ctx: dict[str, Any] = {
        "unit": unit,
        "document": document,
        "years": years,
        "formats": FORMATS,
        "nav": "evaluation",
    }
    if document is not None:
        from jixiao.web.department_evaluation.data import department_result

        ue = data.unit_evaluation(document)
        ctx.update(
            lines=list(zip(ue.rows, ue.report.projects, strict=True)),
            rollup=ue.report.rollup,
            result=department_result(document, ue).result,
            money_unit=document.money_unit,
        )
    return render(request, "monitoring/evaluation_unit.html", ctx)


@login_required
def evaluation_unit_export(request: HttpRequest, unit_id: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("不支持的格式")
    unit = _unit_or_404(request.user, unit_id)
    document, _ = _document(request, unit)
    if document is None:
        raise Http404("该单位还没有绩效目标文档")
    ue = data.unit_evaluation(document)
    tables = [summary_table(ue.report)]
    if request.GET.get("all") == "1":
        from jixiao.core.evaluation.department_table import department_table
        from jixiao.web.department_evaluation.data import department_result

        dept = department_result(document, ue)
        achieved = dept.evaluation.achieved if dept.evaluation else ""
        tables.append(
            department_table(
                ue.doc, dept.indicators, dept.result, achieved=achieved, reasons=dept.reasons
            )
        )
        for row, project, score in zip(ue.rows, ue.doc.projects, ue.report.projects, strict=True):
            tables.append(
                project_table(
                    ue.doc,
                    project,
                    score,
                    achieved=ue.achieved.get(row.pk, ""),
                    reasons=ue.reasons.get(row.pk, {}),
                )
            )
    what = (
        "绩效自评汇总表及项目支出绩效自评表" if request.GET.get("all") == "1" else "绩效自评汇总表"
    )
    name = safe_filename(unit.code, unit.name, _year(document), what, ext=fmt)
    return _download(to_bytes(tables, fmt), name)


def _page_number(text: str) -> int:
    return int(text) if text.isdigit() and len(text) < 10 else 1


@login_required
def ranking(request: HttpRequest) -> HttpResponse:
    """Units ranked by their budget-weighted average score, with department roll-ups.
    A unit's own 填报人 goes straight to the unit's page."""
    if permissions.role_of(request.user) == UNIT:
        unit_id = permissions.profile_of(request.user).unit_id
        return redirect("monitoring:evaluation_unit", unit_id=unit_id)
    region = request.GET.get("region") or None
    r = data.ranking(
        permissions.visible_units(request.user),
        request.GET.get("year"),
        region,
        page=_page_number(request.GET.get("page", "")),
        department_page=_page_number(request.GET.get("department_page", "")),
        departments=permissions.visible_departments(request.user),
    )
    return render(
        request,
        "monitoring/ranking.html",
        {
            "rows": [
                {"rank": u.rank, "unit": u.unit, "rollup": u.rollup, "department": u.department}
                for u in r.rows
            ],
            "departments": [{"department": d, "rollup": roll} for d, roll in r.departments],
            "total": r.total,
            "grade_names": [name for name, _ in DEFAULT_CONFIG.grade_bands],
            "years": r.years,
            "year": r.year,
            "region": region,
            "ranking": r,
            "nav": "evaluation",
        },
    )
