"""Pages: the rectification list (overdue in red), one item with its forms, issuing one."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jixiao.core import followup
from jixiao.core.errors import JixiaoError
from jixiao.web import permissions
from jixiao.web.rectification import services
from jixiao.web.rectification.models import Attachment, Rectification


def _annotate(rows: list[Rectification], today: datetime.date) -> list[Rectification]:
    for r in rows:
        r.overdue = followup.is_overdue(r.status, r.due, today)  # type: ignore[attr-defined]
        r.overdue_days = -followup.days_left(r.due, today)  # type: ignore[attr-defined]
    return rows


def due_items(user: object, limit: int = 20) -> list[Rectification]:
    """Open items for a home page: overdue first, then by due date."""
    today = timezone.localdate()
    qs = services.visible(user).filter(status__in=(*followup.AWAITING_UNIT, followup.ANSWERED))
    rows = _annotate(list(qs.select_related("project__document__unit")[:limit]), today)
    return sorted(rows, key=lambda r: (not r.overdue, r.due))  # type: ignore[attr-defined]


@login_required
def rectification_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    qs = services.visible(request.user).select_related("project__document__unit")
    only_overdue = request.GET.get("overdue") == "1"
    if only_overdue:
        qs = services.overdue(qs, today)
    rows = _annotate(list(qs[:500]), today)
    return render(
        request,
        "rectification/list.html",
        {"rows": rows, "only_overdue": only_overdue, "nav": "rectifications"},
    )


def _item(request: HttpRequest, pk: int) -> Rectification:
    try:
        return (
            services.visible(request.user)
            .select_related("project__document__unit")
            .prefetch_related("attachments")
            .get(pk=pk)
        )
    except Rectification.DoesNotExist:
        raise Http404("整改事项不存在") from None


@login_required
def rectification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    _annotate([item], timezone.localdate())
    user = request.user
    return render(
        request,
        "rectification/detail.html",
        {
            "item": item,
            "may_answer": item.status in followup.AWAITING_UNIT
            and permissions.can(user, permissions.ANSWER, item.project),
            "may_decide": item.status == followup.ANSWERED
            and permissions.can(user, permissions.RECTIFY, item.project),
            "nav": "rectifications",
        },
    )


def _back(pk: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("rectification:detail", args=[pk]))


@login_required
@require_POST
def rectification_answer(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    files = [(f.name or "", f.read()) for f in request.FILES.getlist("evidence")]
    try:
        services.answer(item, request.user, request.POST.get("measures", ""), files)
    except JixiaoError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, "已报送整改情况")
    return _back(pk)


@login_required
@require_POST
def rectification_decide(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    comment = request.POST.get("comment", "")
    try:
        if request.POST.get("decision") == "accept":
            services.accept(item, request.user, comment)
            messages.success(request, "整改已验收")
        else:
            services.send_back(item, request.user, comment)
            messages.success(request, "已退回重新整改")
    except JixiaoError as e:
        messages.error(request, str(e))
    return _back(pk)


@login_required
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    item = _item(request, pk)
    try:
        a = item.attachments.get(pk=attachment_pk)
    except Attachment.DoesNotExist:
        raise Http404("附件不存在") from None
    response = HttpResponse(bytes(a.content), content_type="application/octet-stream")
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(a.name)}"
    return response


@login_required
def rectification_new(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = permissions.get_project_or_404(request, project_pk, permissions.RECTIFY)
    error = None
    if request.method == "POST":
        try:
            due = datetime.date.fromisoformat(request.POST.get("due", ""))
        except ValueError:
            error = "整改期限应为日期，如 2024-09-30"
        else:
            try:
                item = services.create(
                    project,
                    request.user,
                    request.POST.get("source", ""),
                    request.POST.get("requirement", ""),
                    due,
                )
            except JixiaoError as e:
                error = str(e)
            else:
                messages.success(request, "已下达整改通知")
                return _back(item.pk)
    return render(
        request,
        "rectification/new.html",
        {
            "project": project,
            "sources": followup.SOURCES,
            "error": error,
            "posted": request.POST if request.method == "POST" else {},
            "default_due": timezone.localdate() + datetime.timedelta(days=30),
            "nav": "rectifications",
        },
        status=400 if error else 200,
    )
