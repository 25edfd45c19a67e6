"""GET /api/v1/audit: the audit log, newest first (系统管理员, 审计员)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Query

from jixiao.web import permissions
from jixiao.web.api.common import ApiRouter, Page, errors, page_of
from jixiao.web.api.schemas import AuditOut, AuditQuery
from jixiao.web.audit.models import AuditEntry

router = ApiRouter(tags=["审计"])


def entry_data(e: AuditEntry) -> dict[str, Any]:
    return {
        "id": e.pk,
        "at": e.at,
        "username": e.username,
        "action": e.action,
        "object_type": e.object_type,
        "object_id": e.object_id,
        "object_repr": e.object_repr,
        "old": e.old,
        "new": e.new,
    }


@router.get("audit", response={200: Page[AuditOut], **errors(400)}, url_name="audit")
def audit(request: HttpRequest, params: Query[AuditQuery]) -> dict[str, Any]:
    """The audit log, newest first; filters object_type, object_id, action."""
    if not permissions.can_view_audit(request.user):
        raise PermissionDenied("只有系统管理员和审计员可以查看审计日志")
    qs = AuditEntry.objects.order_by("-at", "-id")
    for key in ("object_type", "object_id", "action"):
        value = getattr(params, key)
        if value:
            qs = qs.filter(**{key: value})
    return page_of(qs, params, entry_data)
