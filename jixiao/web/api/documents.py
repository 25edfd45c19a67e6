"""API views of writing from scratch: documents (list, create, read, delete), a new project,
deleting a project, roll-over. The rules are in `jixiao.web.goals.drafting`."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse

from jixiao.web import permissions
from jixiao.web.api.base import BadRequest, api_view, body, json_response

# The list endpoints share one way to read page and filter parameters.
from jixiao.web.api.views import _int as int_param
from jixiao.web.api.views import _page as page_params
from jixiao.web.goals import drafting, mapping
from jixiao.web.goals.models import GoalDocument, Project
from jixiao.web.orgs.models import Unit


def document_summary(d: GoalDocument, projects: int | None = None) -> dict[str, Any]:
    return {
        "id": d.pk,
        "unit": {"code": d.unit.code, "name": d.unit.name},
        "year": d.year,
        "money_unit": d.money_unit,
        "projects": projects if projects is not None else d.projects.count(),
        "source_name": d.source_name,
        "created_at": d.created_at,
    }


def _unit(code: Any) -> Unit:
    if not isinstance(code, str) or not code.strip():
        raise BadRequest("请提供 unit（单位编码）")
    unit = Unit.objects.filter(code=code.strip()).first()
    if unit is None:
        raise BadRequest(f"单位编码“{code}”不存在")
    return unit


@api_view("GET", "POST")
def documents(request: HttpRequest) -> HttpResponse:
    """GET ?year=&unit=&page=&page_size= → a page of documents; POST {unit, year, money_unit}."""
    if request.method == "POST":
        data = body(request)
        unit = _unit(data.get("unit"))
        if not permissions.can_see_unit(request.user, unit):
            raise BadRequest(f"单位编码“{unit.code}”不存在")
        document = drafting.create_document(
            unit, data.get("year"), data.get("money_unit", "万元"), request.user
        )
        return json_response(document_summary(document, 0), status=201)
    qs = GoalDocument.objects.filter(unit__in=permissions.visible_units(request.user))
    year = int_param(request, "year")
    if year is not None:
        qs = qs.filter(year=year)
    unit_code = request.GET.get("unit")
    if unit_code:
        qs = qs.filter(unit__code=unit_code)
    page, size = page_params(request)
    qs = (
        qs.select_related("unit")
        .defer("overall_goals", "measures", "project_summaries")
        .annotate(n=Count("projects"))
        .order_by("-year", "unit__code", "id")
    )
    count = qs.count()
    rows = list(qs[(page - 1) * size : page * size])
    return json_response(
        {
            "count": count,
            "page": page,
            "page_size": size,
            "results": [document_summary(d, d.n) for d in rows],
        }
    )


def _project_line(p: Project) -> dict[str, Any]:
    return {
        "id": p.pk,
        "seq": p.seq,
        "code": p.code,
        "name": p.name,
        "status": p.status,
        "budget_total": None if p.budget_total is None else str(p.budget_total),
        "budget_to_confirm": p.budget_to_confirm,
    }


@api_view("GET", "DELETE")
def document(request: HttpRequest, pk: int) -> HttpResponse:
    """GET the document with its projects; DELETE it while every project is a draft."""
    if request.method == "DELETE":
        obj = permissions.get_document_or_404(request, pk, permissions.DELETE)
        drafting.delete_document(obj, request.user)
        return HttpResponse(status=204)
    obj = permissions.get_document_or_404(request, pk)
    rows = list(obj.projects.order_by("seq", "id"))
    data = document_summary(obj, len(rows))
    data.update(
        overall_goals=list(obj.overall_goals or []),
        project_summaries=list(obj.project_summaries or []),
        measures=list(obj.measures or []),
        project_list=[_project_line(p) for p in rows],
    )
    return json_response(data)


@api_view("POST")
def projects(request: HttpRequest, pk: int) -> HttpResponse:
    """POST the project fields (as `GET /projects/{id}` gives them) → 201 the new draft."""
    obj = permissions.get_document_or_404(request, pk, permissions.COMPOSE)
    data = body(request)
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise BadRequest("请提供 name（项目名称）")
    row = drafting.add_project(obj, request.user, name, fields=data)
    row = mapping.with_children(Project.objects.filter(pk=row.pk)).get()
    return json_response(mapping.project_data(row), status=201)


@api_view("POST")
def rollover(request: HttpRequest, pk: int) -> HttpResponse:
    """POST {"year": 2023, "renumber": false} → 201 {id, year, projects, report}."""
    obj = permissions.get_document_or_404(request, pk, permissions.ROLLOVER)
    data = body(request)
    renumber = data.get("renumber", False)
    if not isinstance(renumber, bool):
        raise BadRequest("renumber 应为 true 或 false")
    created, report = drafting.roll_over(obj, data.get("year"), request.user, renumber=renumber)
    rows = list(created.projects.order_by("id"))
    return json_response(
        {
            "id": created.pk,
            "year": created.year,
            "projects": [
                {**_project_line(p), "old_code": line.old_code, "indicators": line.indicators}
                for p, line in zip(rows, report.projects, strict=True)
            ],
            "report": report.lines(),
        },
        status=201,
    )
