"""The department-wide self-evaluation page (部门整体支出绩效自评) and its 自评表 export.

Everyone who sees the document reads the page; the unit's 填报人 writes in the
self-evaluation period (`services.can_write`); a POST by anyone else is refused (403).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header

from jixiao.core.evaluation.department import period_problem
from jixiao.core.evaluation.department_table import TITLE, department_table
from jixiao.core.evaluation.export import FORMATS, MEDIA_TYPES, to_bytes
from jixiao.core.evaluation.report import EXECUTION_LOW
from jixiao.core.files import safe_filename
from jixiao.core.numbering import format_goals
from jixiao.web import permissions
from jixiao.web.department_evaluation import data, services
from jixiao.web.department_evaluation.forms import DepartmentEvaluationForm
from jixiao.web.monitoring.services import InputError


@login_required
def page(request: HttpRequest, pk: int) -> HttpResponse:
    document = permissions.get_document_or_404(request, pk)
    can_write = services.can_write(request.user, document)
    errors: dict[str, str] = {}
    posted: dict[str, Any] | None = None
    if request.method == "POST":
        if not permissions.can_document(request.user, permissions.EVALUATE, document.unit):
            raise PermissionDenied("只有本单位的填报人可以填报部门整体绩效自评")
        count = len(data.department_indicators(document))
        form = DepartmentEvaluationForm(request.POST, count=count)
        try:
            services.save_department_evaluation(
                document, request.user, count=count, **form.values()
            )
        except InputError as e:
            errors = e.errors
            posted = dict(request.POST.items())
            messages.error(request, "有填写错误，未保存：" + str(e))
        else:
            messages.success(request, "已保存部门整体绩效自评")
            return redirect("department_evaluation:page", pk=document.pk)
    result = data.department_result(document)
    return render(
        request,
        "department_evaluation/page.html",
        _context(result, can_write, errors, posted),
        status=400 if errors else 200,
    )


def _context(
    result: data.DepartmentResult,
    can_write: bool,
    errors: dict[str, str],
    posted: dict[str, Any] | None,
) -> dict[str, Any]:
    document, evaluation, score = result.document, result.evaluation, result.score

    def value(name: str, stored: Any) -> str:
        if posted is not None:
            return posted.get(name, "")
        return "" if stored is None else str(stored)

    required = {r.indicator: r for r in score.reasons_required if r.indicator is not None}
    rows = []
    for n, (ind, line) in enumerate(zip(result.indicators, score.lines, strict=True), start=1):
        stored = result.lines.get(n)
        rows.append(
            {
                "n": n,
                "ind": ind,
                "line": line,
                "actual": value(f"actual-{n}", stored.actual if stored else ""),
                "reason": value(f"reason-{n}", stored.reason if stored else ""),
                "weight": value(f"weight-{n}", stored.weight if stored else None),
                "required": required.get(n),
                "error": errors.get(f"line-{n}-actual") or errors.get(f"line-{n}-weight"),
            }
        )
    return {
        "document": document,
        "unit": document.unit,
        "result": result.result,
        "score": score,
        "execution": result.execution,
        "rollup": result.result.projects,
        "goals": format_goals(list(document.overall_goals or [])),
        "form": {
            "budget_reason": value("budget_reason", evaluation.budget_reason if evaluation else ""),
            "achieved": value("achieved", evaluation.achieved if evaluation else ""),
        },
        "rows": rows,
        "errors": errors,
        "budget_reason_required": next(
            (r for r in score.reasons_required if r.kind == EXECUTION_LOW), None
        ),
        "can_write": can_write,
        "period": period_problem(document.year, datetime.date.today()),
        "formats": FORMATS,
        "money_unit": document.money_unit,
        "evaluation": evaluation,
        "nav": "evaluation",
    }


@login_required
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("不支持的格式")
    document = permissions.get_document_or_404(request, pk)
    result = data.department_result(document)
    table = department_table(
        result.units.doc,
        result.indicators,
        result.result,
        achieved=result.evaluation.achieved if result.evaluation else "",
        reasons=result.reasons,
    )
    unit = document.unit
    year = f"{document.year}年度" if document.year else None
    name = safe_filename(unit.code, unit.name, year, TITLE, ext=fmt)
    response = HttpResponse(to_bytes([table], fmt), content_type=MEDIA_TYPES[fmt])
    response["Content-Disposition"] = (
        content_disposition_header(True, safe_filename(name.rsplit(".", 1)[0], ext=fmt)) or ""
    )
    return response
