"""API: publications (admin)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from jixiao.web.api.base import BadRequest, api_view, body, json_response
from jixiao.web.disclosure import services
from jixiao.web.disclosure.models import Publication
from jixiao.web.orgs.models import Unit


def publication_data(p: Publication) -> dict:
    return {
        "id": p.pk,
        "unit": p.unit.code,
        "unit_name": p.unit.name,
        "year": p.year,
        "published_by": p.published_by.username if p.published_by else None,
        "published_at": p.published_at,
    }


@api_view("GET", "POST")
def publications(request: HttpRequest) -> HttpResponse:
    """GET the publications; POST {unit: code, year} (admin) → 201."""
    if request.method == "GET":
        rows = Publication.objects.select_related("unit", "published_by")
        return json_response(
            {"count": rows.count(), "results": [publication_data(p) for p in rows]}
        )
    data = body(request)
    code, year = data.get("unit"), data.get("year")
    if not isinstance(code, str) or not code:
        raise BadRequest("请提供 unit：单位编码")
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise BadRequest("year 应为年度，如 2024")
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise BadRequest(f"单位编码“{code[:40]}”不存在")
    pub = services.publish(request.user, unit, year)
    return json_response(publication_data(pub), status=201)
