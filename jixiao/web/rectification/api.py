"""API: rectification items (整改) and re-checks (复核)."""

from __future__ import annotations

import base64
import binascii
import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Schema, Status
from pydantic import BeforeValidator

from jixiao.core import followup
from jixiao.core.amounts import to_percent
from jixiao.core.bounds import MAX_INT
from jixiao.web import permissions
from jixiao.web.api.base import BadRequest
from jixiao.web.api.common import ApiRouter, BodyId, Page, Year, errors, whole
from jixiao.web.rectification import services
from jixiao.web.rectification.models import Recheck, Rectification

router = ApiRouter(tags=["整改与复核"])


def _number_as_text(value: Any) -> Any:
    """A share or score may come as a JSON number; the core's parser reads its text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


#: A percentage or score as the core's parser reads it ("0.3", "30%", 55).
Percent = Annotated[str, BeforeValidator(_number_as_text)]


class Attachment(Schema):
    id: int
    name: str
    size: int


class ItemOut(Schema):
    id: int
    project: int
    project_name: str
    unit: str
    source: str
    source_label: str
    requirement: str
    due: datetime.date
    status: str
    status_label: str
    overdue: bool
    measures: str
    comment: str
    attachments: list[Attachment]
    created_at: datetime.datetime
    answered_at: datetime.datetime | None
    closed_at: datetime.datetime | None


class ItemFilter(Schema):
    overdue: str = Field("", description="true：只看逾期的")
    status: str = Field("", description="、".join(followup.STATUSES))
    project: str = Field("", description="项目编号")


class ItemIn(Schema):
    project: BodyId
    source: str | None = None
    requirement: str | None = None
    due: datetime.date = Field(description="整改期限，如 2024-09-30")


class FileIn(Schema):
    name: str
    content: str = Field("", description="base64")


class AnswerIn(Schema):
    measures: str | None = None
    attachments: list[FileIn] | None = None


class CommentIn(Schema):
    comment: str | None = None


class RecheckOut(Schema):
    id: int
    project: int
    project_name: str
    unit_score: str | None
    bureau_score: str | None
    difference: str | None
    rectification: int | None
    notes: str


class DrawIn(Schema):
    year: Year
    share: Percent = Field(str(followup.DEFAULT_RECHECK_SHARE), description="抽取比例")
    seed: int = Field(0, ge=0, le=followup.MAX_SEED, strict=True, description="随机种子")


class DrawOut(Schema):
    id: int
    population: int
    results: list[RecheckOut]


class ScoreIn(Schema):
    score: Percent | None = None
    notes: str | None = None


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


def _pk(raw: str) -> int | None:
    text = raw.strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or int(text) > MAX_INT:
        raise BadRequest(f"参数 project=“{text[:40]}”应为项目编号")
    return int(text)


@router.get(
    "rectifications",
    response={200: Page[ItemOut], **errors(400)},
    url_name="rectifications",
)
def rectifications(request: HttpRequest, params: Query[ItemFilter]) -> dict[str, Any]:
    """Rectification items in your scope: ?overdue=true&status=&project=."""
    qs = services.visible(request.user).select_related("project__document__unit")
    qs = qs.prefetch_related("attachments")
    flag = params.overdue.lower()
    if flag in ("true", "1", "yes"):
        qs = services.overdue(qs)
    elif flag not in ("", "false", "0", "no"):
        raise BadRequest(f"参数 overdue=“{flag[:40]}”应为 true 或 false")
    if params.status:
        if params.status not in followup.STATUSES:
            raise BadRequest(
                f"参数 status=“{params.status[:40]}”无效，可选：{'、'.join(followup.STATUSES)}"
            )
        qs = qs.filter(status=params.status)
    project = _pk(params.project)
    if project is not None:
        qs = qs.filter(project_id=project)
    return whole(qs[:1000], item_data)


@router.post("rectifications", response={201: ItemOut, **errors(400, 404)})
def create(request: HttpRequest, payload: ItemIn) -> Status[dict[str, Any]]:
    """A new rectification item on a project (审核人)."""
    target = permissions.get_project_or_404(request, payload.project, permissions.RECTIFY)
    item = services.create(
        target,
        request.user,
        payload.source or "",
        payload.requirement or "",
        payload.due,
    )
    return Status(201, item_data(_item(request, item.pk)))


@router.get(
    "rectifications/{int:pk}", response={200: ItemOut, **errors(404)}, url_name="rectification"
)
def rectification(request: HttpRequest, pk: int) -> dict[str, Any]:
    """One rectification item."""
    return item_data(_item(request, pk))


@router.post(
    "rectifications/{int:pk}/answer",
    response={200: ItemOut, **errors(400, 404, 409)},
    url_name="rectification_answer",
)
def answer(request: HttpRequest, pk: int, payload: AnswerIn) -> dict[str, Any]:
    """The unit's measures, with attachments in base64 (填报人)."""
    item = _item(request, pk)
    files = []
    for a in payload.attachments or []:
        try:
            files.append((a.name, base64.b64decode(a.content, validate=True)))
        except (binascii.Error, ValueError):
            raise BadRequest(f"附件“{a.name[:40]}”的 content 不是有效的 base64") from None
    services.answer(item, request.user, payload.measures or "", files)
    return item_data(_item(request, pk))


@router.post(
    "rectifications/{int:pk}/accept",
    response={200: ItemOut, **errors(400, 404, 409)},
    url_name="rectification_accept",
)
def accept(request: HttpRequest, pk: int, payload: CommentIn) -> dict[str, Any]:
    """Accept the measures and close the item (审核人)."""
    services.accept(_item(request, pk), request.user, payload.comment or "")
    return item_data(_item(request, pk))


@router.post(
    "rectifications/{int:pk}/return",
    response={200: ItemOut, **errors(400, 404, 409)},
    url_name="rectification_return",
)
def return_(request: HttpRequest, pk: int, payload: CommentIn) -> dict[str, Any]:
    """Send the measures back with a comment (审核人)."""
    services.send_back(_item(request, pk), request.user, payload.comment or "")
    return item_data(_item(request, pk))


def _decimal(raw: str | None, name: str) -> Decimal:
    """A share or a score: the core's percentage parser and bounds (0–1000)."""
    try:
        value = to_percent(raw)
    except ValueError as e:
        raise BadRequest(f"{name}：{e}") from None
    if value is None:
        raise BadRequest(f"请提供 {name}")
    return value


def recheck_data(r: Recheck) -> RecheckOut:
    def s(v: Decimal | None) -> str | None:
        return None if v is None else str(v)

    return RecheckOut(
        id=r.pk,
        project=r.project_id,
        project_name=r.project.name,
        unit_score=s(r.unit_score),
        bureau_score=s(r.bureau_score),
        difference=s(r.difference),
        rectification=r.rectification_id,
        notes=r.notes,
    )


@router.post("rechecks", response={201: DrawOut, **errors(400)}, url_name="rechecks")
def rechecks(request: HttpRequest, payload: DrawIn) -> Status[DrawOut]:
    """Draw a reproducible sample of a year's evaluated projects to re-check (审核人)."""
    share = _decimal(payload.share, "share")
    d = services.draw(request.user, payload.year, share, payload.seed)
    rows = d.rechecks.select_related("project")
    return Status(
        201,
        DrawOut(id=d.pk, population=d.population, results=[recheck_data(r) for r in rows]),
    )


@router.post(
    "rechecks/{int:pk}/score",
    response={200: RecheckOut, **errors(400, 404, 409)},
    url_name="recheck_score",
)
def recheck_score(request: HttpRequest, pk: int, payload: ScoreIn) -> RecheckOut:
    """The bureau's re-score of one drawn project (审核人)."""
    visible = permissions.visible_projects(request.user)
    try:
        r = Recheck.objects.select_related("project__document__unit").get(
            pk=pk, project__in=visible
        )
    except Recheck.DoesNotExist:
        raise Http404("复核记录不存在") from None
    done = services.record_recheck(
        r, request.user, _decimal(payload.score, "score"), payload.notes or ""
    )
    return recheck_data(done)
