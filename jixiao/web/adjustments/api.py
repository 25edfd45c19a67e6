"""API: adjustment requests (调整申请) and decisions, fixed indicators (固化指标)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Schema, Status
from pydantic import JsonValue

from jixiao.web import permissions
from jixiao.web.adjustments import services
from jixiao.web.adjustments.models import Adjustment
from jixiao.web.api.common import ApiRouter, errors

router = ApiRouter(tags=["调整"])

#: Changes to a project's fields in the shape of GET /projects/{id}, as the core checks them.
Changes = dict[str, JsonValue]


class AdjustmentOut(Schema):
    id: int
    project: int
    number: int
    status: str
    status_label: str
    reason: str
    changes: Changes
    requested_by: str | None
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    effective_from: date | None
    comment: str


class AdjustmentList(Schema):
    id: int
    results: list[AdjustmentOut]


class AdjustmentIn(Schema):
    reason: str | None = None
    changes: Changes = Field(description='要调整的项目字段，如 {"budget": {"total": "60.00"}}')


class AdjustmentCreated(Schema):
    id: int
    status: str
    number: int


class ApproveIn(Schema):
    effective_from: date | None = Field(None, description="生效日期，如 2024-07-01")


class ReturnIn(Schema):
    comment: str | None = None


class FixedIndicators(Schema):
    id: int
    names: list[str]


class FixIn(Schema):
    names: list[str] = Field(min_length=1, description="要固化的三级指标名称")


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


@router.get(
    "projects/{int:pk}/adjustments",
    response={200: AdjustmentList, **errors(404)},
    url_name="project_adjustments",
)
def project_adjustments(request: HttpRequest, pk: int) -> dict[str, Any]:
    """The project's adjustment requests."""
    project = permissions.get_project_or_404(request, pk, permissions.VIEW)
    rows = project.adjustments.select_related("requested_by", "decided_by")
    return {"id": project.pk, "results": [adjustment_data(a) for a in rows]}


@router.post(
    "projects/{int:pk}/adjustments", response={201: AdjustmentCreated, **errors(400, 404, 409)}
)
def request_adjustment(
    request: HttpRequest, pk: int, payload: AdjustmentIn
) -> Status[AdjustmentCreated]:
    """Ask for an adjustment of an approved project (填报人)."""
    project = permissions.get_project_or_404(request, pk, permissions.ADJUST)
    adj = services.request_adjustment(project, request.user, payload.reason or "", payload.changes)
    return Status(201, AdjustmentCreated(id=adj.pk, status=adj.status, number=adj.number))


@router.post(
    "adjustments/{int:pk}/approve",
    response={200: AdjustmentOut, **errors(400, 404, 409)},
    url_name="adjustment_approve",
)
def approve(request: HttpRequest, pk: int, payload: ApproveIn | None = None) -> dict[str, Any]:
    """Approve an adjustment, effective from a date (审核人)."""
    effective = payload.effective_from if payload else None
    services.approve_adjustment(_adjustment(request, pk), request.user, effective)
    return adjustment_data(_adjustment(request, pk))


@router.post(
    "adjustments/{int:pk}/return",
    response={200: AdjustmentOut, **errors(400, 404, 409)},
    url_name="adjustment_return",
)
def return_(request: HttpRequest, pk: int, payload: ReturnIn | None = None) -> dict[str, Any]:
    """Send an adjustment back with a comment (审核人)."""
    comment = (payload.comment if payload else None) or ""
    services.return_adjustment(_adjustment(request, pk), request.user, comment)
    return adjustment_data(_adjustment(request, pk))


@router.get(
    "projects/{int:pk}/fixed-indicators",
    response={200: FixedIndicators, **errors(404)},
    url_name="fixed_indicators",
)
def fixed_indicators(request: HttpRequest, pk: int) -> FixedIndicators:
    """The project's fixed (固化) indicators by 三级 name."""
    project = permissions.get_project_or_404(request, pk, permissions.VIEW)
    names = sorted(project.fixed_indicators.values_list("name", flat=True))
    return FixedIndicators(id=project.pk, names=names)


@router.post(
    "projects/{int:pk}/fixed-indicators", response={200: FixedIndicators, **errors(400, 404)}
)
def fix_indicators(request: HttpRequest, pk: int, payload: FixIn) -> FixedIndicators:
    """Fix indicators by 三级 name (审核人); unknown names are refused."""
    project = permissions.get_project_or_404(request, pk, permissions.APPROVE)
    names = services.fix_indicators(project, request.user, payload.names)
    return FixedIndicators(id=project.pk, names=names)
