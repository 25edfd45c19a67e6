"""GET /api/v1/library/indicators?q=&level2=&project=&limit= → ranked suggestions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Schema

from jixiao.core.bounds import MAX_INT
from jixiao.core.library import suggest
from jixiao.core.library.entries import LibraryEntry
from jixiao.web import permissions
from jixiao.web.api.common import ApiRouter, Page, errors, whole
from jixiao.web.library.services import entries_for

router = ApiRouter(tags=["指标库"])


class LibraryEntryOut(Schema):
    level1: str | None
    level2: str | None
    name: str | None
    description: str | None
    target: str | None
    basis: str | None
    uses: int
    category: str | None
    source: str
    score: float | None = None


class Suggest(Schema):
    q: str = ""
    level2: str = ""
    project: int | None = Field(None, ge=0, le=MAX_INT)
    limit: int = Field(10, ge=1, le=50)


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


@router.get(
    "library/indicators",
    response={200: Page[LibraryEntryOut], **errors(400, 404)},
    url_name="library_indicators",
    exclude_unset=True,
)
def indicators(request: HttpRequest, params: Query[Suggest]) -> dict[str, Any]:
    """Indicators from the library ranked for a query, a 二级指标 and a project."""
    project = None
    if params.project is not None:
        project = permissions.get_project_or_404(request, params.project)
    ranked = suggest(
        entries_for(project),
        query=params.q.strip()[:100],
        project_name=project.name if project else "",
        purpose=(project.purpose or "") if project else "",
        level2=params.level2.strip()[:50] or None,
        limit=params.limit,
    )
    return whole(ranked, lambda s: entry_data(s.entry, s.score))
