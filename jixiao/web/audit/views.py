"""The audit log page and its Excel export: entries filtered by unit, user, project,
action and date, each shown as its changed fields (`present.changes`)."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from jixiao.core.formats.render_xlsx import plain_row
from jixiao.web import permissions
from jixiao.web.audit.models import ACTIONS, AuditEntry
from jixiao.web.audit.present import changes
from jixiao.web.front.choosers import chosen_unit, few_units
from jixiao.web.goals.models import GoalDocument, Project
from jixiao.web.orgs.models import Unit

#: Rows of one Excel export at most: a bounded file, whatever the filter.
EXPORT_LIMIT = 20_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Filters:
    action: str = ""
    who: str = ""
    obj: str = ""
    unit: Unit | None = None
    project: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None
    errors: list[str] | None = None


def _date(request: HttpRequest, name: str, label: str, errors: list[str]) -> datetime.date | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        errors.append(f"{label}“{raw[:20]}”应为 YYYY-MM-DD，未按它筛选")
        return None


def filters_of(request: HttpRequest) -> Filters:
    errors: list[str] = []
    action = request.GET.get("action", "")
    unit = chosen_unit(request.GET, Unit.objects.all())
    return Filters(
        action=action if action in ACTIONS else "",
        who=request.GET.get("user", "").strip()[:150],
        obj=request.GET.get("object", "").strip()[:100],
        unit=unit,
        project=request.GET.get("project", "").strip()[:100],
        since=_date(request, "since", "起始日期", errors),
        until=_date(request, "until", "截止日期", errors),
        errors=errors,
    )


def _ids(qs: QuerySet[Any]) -> list[str]:
    return [str(pk) for pk in qs.values_list("pk", flat=True)]


def entries(f: Filters) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.order_by("-at", "-id")
    if f.action:
        qs = qs.filter(action=f.action)
    if f.who:
        qs = qs.filter(username__icontains=f.who)
    if f.obj:
        qs = qs.filter(Q(object_repr__icontains=f.obj) | Q(object_id=f.obj))
    if f.unit is not None:
        qs = qs.filter(
            Q(
                object_type="project",
                object_id__in=_ids(Project.objects.filter(document__unit=f.unit)),
            )
            | Q(
                object_type="goaldocument",
                object_id__in=_ids(GoalDocument.objects.filter(unit=f.unit)),
            )
            | Q(object_type="unit", object_id=str(f.unit.pk))
        )
    if f.project:
        projects = Project.objects.filter(Q(code=f.project) | Q(name__icontains=f.project))
        qs = qs.filter(object_type="project", object_id__in=_ids(projects))
    if f.since:
        qs = qs.filter(at__date__gte=f.since)
    if f.until:
        qs = qs.filter(at__date__lte=f.until)
    return qs


def _require(request: HttpRequest) -> None:
    if not permissions.can_view_audit(request.user):
        raise PermissionDenied("只有系统管理员和审计员可以查看审计日志")


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    _require(request)
    f = filters_of(request)
    page = Paginator(entries(f), 50).get_page(request.GET.get("page"))
    for e in page.object_list:
        e.changes = changes(e.action, e.old, e.new)  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "front/audit.html",
        {
            "page": page,
            "actions": ACTIONS,
            "f": f,
            "action": f.action,
            "who": f.who,
            "object": f.obj,
            "units": few_units(Unit.objects.all()),
            "page_query": query.urlencode(),
            "nav": "audit",
        },
    )


@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    """The filtered entries as one Excel sheet, one row per changed field."""
    import openpyxl

    _require(request)
    f = filters_of(request)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("审计日志")
    sheet.append(["时间", "用户", "操作", "对象", "变更", "字段", "原值", "新值"])
    for e in entries(f)[:EXPORT_LIMIT]:
        head = [
            e.at.strftime("%Y-%m-%d %H:%M:%S"),
            e.username,
            e.get_action_display(),
            e.object_repr,
        ]
        rows = changes(e.action, e.old, e.new)
        if not rows:
            sheet.append(plain_row(sheet, [*head, "", "", "", ""]))
        for r in rows:
            sheet.append(plain_row(sheet, [*head, r.kind_label, r.label, r.old, r.new]))
    out = io.BytesIO()
    book.save(out)
    name = "审计日志"
    if f.unit is not None:
        name += f"-{f.unit.code}"
    if f.since or f.until:
        name += f"-{f.since or ''}至{f.until or ''}"
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.xlsx") or ""
    return response
