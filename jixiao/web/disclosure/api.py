"""API: publications (公开): everyone reads the list; the admin publishes a unit's year."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema, Status

from jixiao.web.api.base import BadRequest
from jixiao.web.api.common import ApiRouter, Page, Year, errors, whole
from jixiao.web.disclosure import services
from jixiao.web.disclosure.models import Publication
from jixiao.web.orgs.models import Unit

router = ApiRouter(tags=["公开"])


class PublicationOut(Schema):
    id: int
    unit: str
    unit_name: str
    year: int
    published_by: str | None
    published_at: datetime


class PublicationIn(Schema):
    unit: str = Field(min_length=1, description="单位编码")
    year: Year


def publication_data(p: Publication) -> dict[str, Any]:
    return {
        "id": p.pk,
        "unit": p.unit.code,
        "unit_name": p.unit.name,
        "year": p.year,
        "published_by": p.published_by.username if p.published_by else None,
        "published_at": p.published_at,
    }


@router.get(
    "publications", response={200: Page[PublicationOut], **errors()}, url_name="publications"
)
def publications(request: HttpRequest) -> dict[str, Any]:
    """The published unit-years."""
    rows = Publication.objects.select_related("unit", "published_by")[:1000]
    return whole(rows, publication_data)


@router.post("publications", response={201: PublicationOut, **errors(400)})
def publish(request: HttpRequest, payload: PublicationIn) -> Status[dict[str, Any]]:
    """Publish a unit's approved projects of a year (系统管理员)."""
    unit = Unit.objects.filter(code=payload.unit).first()
    if unit is None:
        raise BadRequest(f"单位编码“{payload.unit[:40]}”不存在")
    return Status(201, publication_data(services.publish(request.user, unit, payload.year)))
