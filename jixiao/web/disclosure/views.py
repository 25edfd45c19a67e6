"""The public site (no login) and the open data API. Only `services.public_rows` decides
what is visible, so an unpublished project is a 404 here whatever its id."""

from __future__ import annotations

import re

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from jixiao.core.bounds import parse_int
from jixiao.core.disclosure import opendata
from jixiao.core.disclosure.model import to_wan
from jixiao.core.disclosure.tables import evaluation_html, project_table_html
from jixiao.web.disclosure import services
from jixiao.web.disclosure.models import Publication
from jixiao.web.front.choosers import CODE_LENGTH, few_units
from jixiao.web.nul import lookup_text

PAGE_SIZE = 50


def _id(raw: str) -> int:
    """An id posted by a form; anything else is no id (0)."""
    try:
        return parse_int(raw, "id", 0) or 0
    except ValueError:
        return 0


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "").strip()
    if not raw:
        return None
    if not re.fullmatch(r"[0-9]{4}", raw):
        raise ValueError(f"参数 year=“{raw[:20]}”应为四位年度，如 2024")
    return int(raw)


def index(request: HttpRequest) -> HttpResponse:
    try:
        year = _year(request)
    except ValueError as e:
        return render(request, "disclosure/index.html", {"error": str(e)}, status=400)
    q = request.GET.get("q", "").strip()[:100]
    rows = services.public_rows(year, q)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.budget_wan = to_wan(row.budget_total, row.document.money_unit)
    units = Publication.objects.select_related("unit")
    if year is not None:
        units = units.filter(year=year)
    years = sorted(set(Publication.objects.values_list("year", flat=True)), reverse=True)
    return render(
        request,
        "disclosure/index.html",
        {"page": page, "q": q, "year": year, "years": years, "publications": units},
    )


def project(request: HttpRequest, pk: int) -> HttpResponse:
    row = services.public_rows().filter(pk=pk).first()
    if row is None:
        raise Http404("项目不存在或未公开")
    published = services.to_published(row)
    return render(
        request,
        "disclosure/project.html",
        {
            "row": row,
            "table": mark_safe(project_table_html(published)),  # escaped by the core
            "evaluation": mark_safe(evaluation_html(published)),
        },
    )


def _json(data: object, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def open_projects(request: HttpRequest) -> HttpResponse:
    """GET /open/v1/projects?year= → {count, results} (published projects only)."""
    if request.method != "GET":
        return _json({"error": f"不支持 {request.method} 请求"}, status=405)
    try:
        year = _year(request)
    except ValueError as e:
        return _json({"error": str(e)}, status=400)
    projects = services.published_projects(year)
    results = [
        {**opendata.project_row(p), "indicator_table": opendata.indicator_rows(p)} for p in projects
    ]
    return _json({"count": len(results), "results": results})


def open_datapackage(request: HttpRequest) -> HttpResponse:
    try:
        year = _year(request)
    except ValueError as e:
        return _json({"error": str(e)}, status=400)
    return _json(opendata.datapackage(year))


def open_file(request: HttpRequest, name: str) -> HttpResponse:
    """projects.csv / indicators.csv / projects.json for ?year= (published data only)."""
    try:
        year = _year(request)
    except ValueError as e:
        return _json({"error": str(e)}, status=400)
    files = opendata.files(services.published_projects(year), year)
    if name not in files:
        raise Http404("没有该文件")
    kind = "text/csv" if name.endswith(".csv") else "application/json"
    return HttpResponse(files[name], content_type=f"{kind}; charset=utf-8")


# -- the admin's page --------------------------------------------------------------------


def publications_page(request: HttpRequest) -> HttpResponse:
    """/publications/: the admin publishes or withdraws a unit's year."""
    from django.contrib import messages
    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import redirect

    from jixiao.core.errors import JixiaoError
    from jixiao.web import permissions
    from jixiao.web.orgs.models import Unit

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_manage(request.user):
        raise PermissionDenied("只有系统管理员可以管理绩效公开")
    if request.method == "POST":
        try:
            if request.POST.get("withdraw"):
                pub = (
                    Publication.objects.select_related("unit")
                    .filter(pk=_id(request.POST["withdraw"]))
                    .first()
                )
                if pub is None:
                    raise Http404("公开记录不存在")
                services.withdraw(request.user, pub)
                messages.success(request, f"已撤回 {pub.unit.name} {pub.year}年度的公开")
            else:
                code = lookup_text(request.POST.get("unit"), CODE_LENGTH)
                unit = Unit.objects.filter(code=code).first() if code else None
                raw = request.POST.get("year", "")
                if unit is None or not re.fullmatch(r"[0-9]{4}", raw):
                    raise services.PublicationError("请选择单位并填写四位年度")
                services.publish(request.user, unit, int(raw))
                messages.success(request, f"已公开 {unit.name} {raw}年度的绩效目标和自评结果")
        except JixiaoError as e:
            messages.error(request, str(e))
        return redirect("disclosure:publications")
    return render(
        request,
        "disclosure/publications.html",
        {
            "rows": Publication.objects.select_related("unit", "published_by"),
            "units": few_units(Unit.objects.all()),
            "nav": "publications",
        },
    )
