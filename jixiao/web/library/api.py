"""GET /api/v1/library/indicators?q=&level2=&project=&limit= → ranked suggestions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from jixiao.core.bounds import parse_int
from jixiao.core.library import suggest
from jixiao.core.library.entries import LibraryEntry
from jixiao.web import permissions
from jixiao.web.api.base import BadRequest, api_view, json_response
from jixiao.web.library.services import entries_for


def entry_data(e: LibraryEntry, score: float | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "level1": e.level1,
        "level2": e.level2,
        "name": e.name,
        "description": e.description,
        "target": e.target,
        "basis": e.basis,
        "uses": e.uses,
        "category": e.category,
        "source": e.source_label,
    }
    if score is not None:
        out["score"] = score
    return out


@api_view("GET")
def indicators(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    level2 = request.GET.get("level2", "").strip()[:50] or None
    try:
        limit = parse_int(request.GET.get("limit", "10"), "limit", 1, 50) or 10
        project_id = parse_int(request.GET.get("project"), "project", 0)
    except ValueError as e:
        raise BadRequest(str(e)) from None
    project = None
    if project_id is not None:
        project = permissions.get_project_or_404(request, project_id)
    ranked = suggest(
        entries_for(project),
        query=q,
        project_name=project.name if project else "",
        purpose=(project.purpose or "") if project else "",
        level2=level2,
        limit=limit,
    )
    return json_response(
        {"count": len(ranked), "results": [entry_data(s.entry, s.score) for s in ranked]}
    )
