"""API: rectification items (整改) and re-checks (复核)."""

from __future__ import annotations

import base64
import binascii
import datetime
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from jixiao.core import followup
from jixiao.core.amounts import to_percent
from jixiao.core.bounds import parse_int, shown
from jixiao.web import permissions
from jixiao.web.api.base import BadRequest, api_view, body, json_response
from jixiao.web.rectification import services
from jixiao.web.rectification.models import Recheck, Rectification


def item_data(r: Rectification, today: datetime.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    return {
        "id": r.pk,
        "project": r.project_id,
        "project_name": r.project.name,
        "unit": r.project.document.unit.code,
        "source": r.source,
        "source_label": r.source_label,
        "requirement": r.requirement,
        "due": r.due,
        "status": r.status,
        "status_label": r.status_label,
        "overdue": followup.is_overdue(r.status, r.due, today),
        "measures": r.measures,
        "comment": r.comment,
        "attachments": [{"id": a.pk, "name": a.name, "size": a.size} for a in r.attachments.all()],
        "created_at": r.created_at,
        "answered_at": r.answered_at,
        "closed_at": r.closed_at,
    }


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


def _date(raw: Any, name: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(raw))
    except ValueError:
        raise BadRequest(f"{name}=“{raw}”应为日期，如 2024-09-30") from None


def _pk(raw: Any, name: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 < raw < 2**63:
        raise BadRequest(f"{name} 应为正整数编号")
    return raw


@api_view("GET", "POST")
def rectifications(request: HttpRequest) -> HttpResponse:
    """GET ?overdue=true&status=&project= → {count, results}; POST {project, source,
    requirement, due} (reviewer) → 201."""
    if request.method == "GET":
        qs = services.visible(request.user).select_related("project__document__unit")
        qs = qs.prefetch_related("attachments")
        flag = request.GET.get("overdue", "").lower()
        if flag in ("true", "1", "yes"):
            qs = services.overdue(qs)
        elif flag not in ("", "false", "0", "no"):
            raise BadRequest(f"参数 overdue=“{flag}”应为 true 或 false")
        status = request.GET.get("status")
        if status:
            if status not in followup.STATUSES:
                raise BadRequest(
                    f"参数 status=“{status}”无效，可选：{'、'.join(followup.STATUSES)}"
                )
            qs = qs.filter(status=status)
        project = request.GET.get("project")
        if project:
            if not fits_id(project):
                raise BadRequest(f"参数 project=“{shown(project)}”应为项目编号")
            qs = qs.filter(project_id=int(project))
        rows = list(qs[:1000])
        return json_response({"count": len(rows), "results": [item_data(r) for r in rows]})
    data = body(request)
    target = permissions.get_project_or_404(
        request, _pk(data.get("project"), "project"), permissions.RECTIFY
    )
    item = services.create(
        target,
        request.user,
        str(data.get("source") or ""),
        data.get("requirement") or "",
        _date(data.get("due"), "due"),
    )
    return json_response(item_data(_item(request, item.pk)), status=201)


@api_view("GET")
def rectification(request: HttpRequest, pk: int) -> HttpResponse:
    return json_response(item_data(_item(request, pk)))


@api_view("POST")
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """POST {measures, attachments?: [{name, content (base64)}]} (unit)."""
    item = _item(request, pk)
    data = body(request)
    files = []
    for a in data.get("attachments") or []:
        if not isinstance(a, dict) or not isinstance(a.get("name"), str):
            raise BadRequest("attachments 的每一项应为 {name, content}")
        try:
            files.append((a["name"], base64.b64decode(str(a.get("content") or ""), validate=True)))
        except (binascii.Error, ValueError):
            raise BadRequest(f"附件“{a['name']}”的 content 不是有效的 base64") from None
    services.answer(item, request.user, data.get("measures") or "", files)
    return json_response(item_data(_item(request, pk)))


@api_view("POST")
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    services.accept(_item(request, pk), request.user, str(body(request).get("comment") or ""))
    return json_response(item_data(_item(request, pk)))


@api_view("POST")
def return_(request: HttpRequest, pk: int) -> HttpResponse:
    services.send_back(_item(request, pk), request.user, str(body(request).get("comment") or ""))
    return json_response(item_data(_item(request, pk)))


def fits_id(raw: str) -> bool:
    """ASCII digits of an id that fits (``²`` is a digit to ``str.isdigit``, not to ``int``)."""
    try:
        return parse_int(raw, "project", 0) is not None
    except ValueError:
        return False


def _decimal(raw: Any, name: str) -> Decimal:
    """A share or a score: the core's percentage parser and bounds (0–1000)."""
    try:
        value = to_percent(raw)
    except ValueError as e:
        raise BadRequest(f"{name}：{e}") from None
    if value is None:
        raise BadRequest(f"请提供 {name}")
    return value


def recheck_data(r: Recheck) -> dict[str, Any]:
    def s(v: Decimal | None) -> str | None:
        return None if v is None else str(v)

    return {
        "id": r.pk,
        "project": r.project_id,
        "project_name": r.project.name,
        "unit_score": s(r.unit_score),
        "bureau_score": s(r.bureau_score),
        "difference": s(r.difference),
        "rectification": r.rectification_id,
        "notes": r.notes,
    }


@api_view("POST")
def rechecks(request: HttpRequest) -> HttpResponse:
    """POST {year, share, seed} (reviewer) → 201 {id, population, results}."""
    data = body(request)
    year = data.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise BadRequest("year 应为年度，如 2024")
    seed = data.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or abs(seed) >= 2**63:
        raise BadRequest("seed 应为整数")
    share = _decimal(data.get("share", str(followup.DEFAULT_RECHECK_SHARE)), "share")
    d = services.draw(request.user, year, share, seed)
    rows = d.rechecks.select_related("project")
    return json_response(
        {"id": d.pk, "population": d.population, "results": [recheck_data(r) for r in rows]},
        status=201,
    )


@api_view("POST")
def recheck_score(request: HttpRequest, pk: int) -> HttpResponse:
    """POST {score, notes?} (reviewer): the bureau's re-score of one drawn project."""
    visible = permissions.visible_projects(request.user)
    try:
        r = Recheck.objects.select_related("project__document__unit").get(
            pk=pk, project__in=visible
        )
    except Recheck.DoesNotExist:
        raise Http404("复核记录不存在") from None
    data = body(request)
    done = services.record_recheck(
        r, request.user, _decimal(data.get("score"), "score"), str(data.get("notes") or "")
    )
    return json_response(recheck_data(done))
