"""API: adjustment requests and decisions, fixed indicators."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from jixiao.web import permissions
from jixiao.web.adjustments import services
from jixiao.web.adjustments.models import Adjustment
from jixiao.web.api.base import BadRequest, api_view, body, json_response


def adjustment_data(a: Adjustment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "project": a.project_id,
        "number": a.number,
        "status": a.status,
        "status_label": a.status_label,
        "reason": a.reason,
        "changes": a.changes,
        "requested_by": a.requested_by.username if a.requested_by else None,
        "requested_at": a.requested_at,
        "decided_by": a.decided_by.username if a.decided_by else None,
        "decided_at": a.decided_at,
        "effective_from": a.effective_from,
        "comment": a.comment,
    }


def _adjustment(request: HttpRequest, pk: int) -> Adjustment:
    visible = permissions.visible_projects(request.user)
    try:
        return Adjustment.objects.select_related(
            "project__document__unit", "requested_by", "decided_by"
        ).get(pk=pk, project__in=visible)
    except Adjustment.DoesNotExist:
        raise Http404("调整申请不存在") from None


@api_view("GET", "POST")
def project_adjustments(request: HttpRequest, pk: int) -> HttpResponse:
    """GET the project's adjustment requests; POST {reason, changes} (unit) → 201."""
    if request.method == "GET":
        project = permissions.get_project_or_404(request, pk, permissions.VIEW)
        rows = project.adjustments.select_related("requested_by", "decided_by")
        return json_response({"id": project.pk, "results": [adjustment_data(a) for a in rows]})
    project = permissions.get_project_or_404(request, pk, permissions.ADJUST)
    data = body(request)
    changes = data.get("changes")
    if not isinstance(changes, dict):
        raise BadRequest('请提供 changes：要调整的项目字段，如 {"budget": {"total": "60.00"}}')
    adj = services.request_adjustment(project, request.user, data.get("reason") or "", changes)
    return json_response({"id": adj.pk, "status": adj.status, "number": adj.number}, status=201)


@api_view("POST")
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    """POST {effective_from?: "YYYY-MM-DD"} (reviewer)."""
    adj = _adjustment(request, pk)
    raw = body(request).get("effective_from")
    effective = None
    if raw is not None:
        try:
            effective = date.fromisoformat(str(raw))
        except ValueError:
            raise BadRequest(f"effective_from=“{raw}”应为日期，如 2024-07-01") from None
    services.approve_adjustment(adj, request.user, effective)
    return json_response(adjustment_data(_adjustment(request, pk)))


@api_view("POST")
def return_(request: HttpRequest, pk: int) -> HttpResponse:
    """POST {comment} (reviewer)."""
    adj = _adjustment(request, pk)
    services.return_adjustment(adj, request.user, body(request).get("comment") or "")
    return json_response(adjustment_data(_adjustment(request, pk)))


@api_view("GET", "POST")
def fixed_indicators(request: HttpRequest, pk: int) -> HttpResponse:
    """GET the fixed (固化) indicators; POST {names: [三级 names]} (reviewer)."""
    if request.method == "GET":
        project = permissions.get_project_or_404(request, pk, permissions.VIEW)
        names = sorted(project.fixed_indicators.values_list("name", flat=True))
        return json_response({"id": project.pk, "names": names})
    project = permissions.get_project_or_404(request, pk, permissions.APPROVE)
    raw = body(request).get("names")
    if not isinstance(raw, list) or not raw or not all(isinstance(n, str) for n in raw):
        raise BadRequest("请提供 names：要固化的三级指标名称列表")
    return json_response(
        {"id": project.pk, "names": services.fix_indicators(project, request.user, raw)}
    )
