"""The project API: the list (filters, search, pages or keyset), the project (GET, PATCH with
its version, DELETE a draft), the workflow transitions, findings, comments and versions."""

from __future__ import annotations

from typing import Any

from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from ninja import Query

from jixiao.web import permissions
from jixiao.web.api.base import BadRequest
from jixiao.web.api.common import ApiRouter, errors, page_of
from jixiao.web.api.schemas import (
    CodeIn,
    Comments,
    Findings,
    ProjectDetail,
    ProjectPage,
    ProjectPatch,
    ProjectQuery,
    ReturnIn,
    VersionIn,
    Versions,
)
from jixiao.web.front import counts, quality
from jixiao.web.goals import mapping, workflow
from jixiao.web.goals.models import STATUSES, Project

router = ApiRouter(tags=["项目"])
DETAIL = {200: ProjectDetail, **errors(400, 404, 409)}


def summary(p: Project) -> dict[str, Any]:
    unit = p.document.unit
    return {
        "id": p.pk,
        "seq": p.seq,
        "code": p.code,
        "name": p.name,
        "unit": {"code": unit.code, "name": unit.name},
        "year": p.document.year,
        "budget_total": None if p.budget_total is None else str(p.budget_total),
        "status": p.status,
        "version": p.version,
        "updated_at": p.updated_at,
    }


@router.post("projects/{int:pk}/code", response=DETAIL, url_name="code", exclude_unset=True)
def code(request: HttpRequest, pk: int, payload: CodeIn) -> dict[str, Any]:
    """Record the missing 项目编码 of an approved project (填报人、审核人; only while blank):
    400 for a code of the wrong form or one another project of the document has, 409 when
    the project is not approved or already has a code."""
    obj = permissions.get_project_or_404(request, pk, permissions.CODE)
    try:
        workflow.assign_code(obj, request.user, payload.code, version=payload.version)
    except workflow.InvalidCodeError as e:
        raise BadRequest(str(e)) from None
    return _detail(Project.objects.get(pk=obj.pk))


@router.get(
    "projects",
    response={200: ProjectPage, **errors(400)},
    url_name="projects",
    exclude_unset=True,
)
def projects(request: HttpRequest, params: Query[ProjectQuery]) -> dict[str, Any]:
    """The projects you may see, filtered by year, unit, status and ``q``, in id order.

    ``count`` stops at 1,000, with ``q`` at 100 (``count_exact`` false past it), so a page
    costs the same at a million projects. ``after=<id>`` switches to keyset pagination in
    the same order (for walking long lists: each page costs the same however deep): the
    reply carries ``next_after`` (null on the last page) and no ``count``.
    """
    from jixiao.web.goals.search import search_projects as search

    qs = mapping.for_listing(permissions.visible_projects(request.user))
    if params.year is not None:
        qs = qs.filter(document__year=params.year)
    if params.unit:
        qs = qs.filter(document__unit__code=params.unit)
    if params.status:
        if params.status not in STATUSES:
            raise BadRequest(f"参数 status=“{params.status[:40]}”无效，可选：{'、'.join(STATUSES)}")
        qs = qs.filter(status=params.status)
    q = params.q.strip()[:100]
    qs = search(qs, q)
    size = params.page_size
    if params.after is not None:
        rows = list(qs.filter(pk__gt=params.after).order_by("pk")[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        return {
            "page_size": size,
            "next_after": rows[-1].pk if more and rows else None,
            "results": [summary(p) for p in rows],
        }
    # In id order, as `after` walks: the primary key serves it with a search's filter too,
    # where an order by year and unit code joined and sorted every match (0.5 s at 1,000,000).
    qs = qs.order_by("id")
    counted = counts.bounded_count(qs, counts.SEARCH_COUNT_LIMIT if q else counts.COUNT_LIMIT)
    return {
        **page_of(qs, params, summary, count=counted.n),
        "count_exact": not counted.over,
    }


def _detail(project: Project) -> dict[str, Any]:
    prefetch_related_objects([project], "indicators", "plan_cells")
    return mapping.project_data(project)


@router.get("projects/{int:pk}", response=DETAIL, url_name="project", exclude_unset=True)
def project(request: HttpRequest, pk: int) -> dict[str, Any]:
    """The project: the `jixiao read` shape plus id, status and version."""
    return _detail(permissions.get_project_or_404(request, pk, permissions.VIEW))


@router.patch("projects/{int:pk}", response=DETAIL, exclude_unset=True)
def edit(request: HttpRequest, pk: int, payload: ProjectPatch) -> dict[str, Any]:
    """Change some fields; ``version`` is the one last read (409 if someone saved since)."""
    obj = permissions.get_project_or_404(request, pk, permissions.EDIT)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    if not changes:
        raise BadRequest("没有要修改的字段")
    workflow.edit(obj, request.user, changes, version=version)
    return _detail(Project.objects.get(pk=obj.pk))


@router.delete("projects/{int:pk}", response={204: None, **errors(404, 409)})
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a draft (填报人, 系统管理员); a project once submitted stays (409)."""
    from jixiao.web.goals.drafting import delete_project

    obj = permissions.get_project_or_404(request, pk, permissions.DELETE)
    delete_project(obj, request.user)
    return HttpResponse(status=204)


@router.post("projects/{int:pk}/submit", response=DETAIL, url_name="submit", exclude_unset=True)
def submit(request: HttpRequest, pk: int, payload: VersionIn | None = None) -> dict[str, Any]:
    """Submit for review (草稿或已退回 → 已提交)."""
    obj = permissions.get_project_or_404(request, pk, permissions.SUBMIT)
    workflow.submit(obj, request.user, version=payload.version if payload else None)
    return _detail(obj)


@router.post("projects/{int:pk}/return", response=DETAIL, url_name="return", exclude_unset=True)
def return_(request: HttpRequest, pk: int, payload: ReturnIn) -> dict[str, Any]:
    """Send back for changes (已提交 → 已退回) with the reviewer's comments."""
    obj = permissions.get_project_or_404(request, pk, permissions.RETURN)
    comments = [
        workflow.CommentInput(text=c)
        if isinstance(c, str)
        else workflow.CommentInput(text=c.text, field=c.field or "", indicator=c.indicator)
        for c in payload.comments
    ]
    workflow.return_project(obj, request.user, comments, version=payload.version)
    return _detail(obj)


@router.post("projects/{int:pk}/approve", response=DETAIL, url_name="approve", exclude_unset=True)
def approve(request: HttpRequest, pk: int, payload: VersionIn | None = None) -> dict[str, Any]:
    """Approve (已提交 → 已审核)."""
    obj = permissions.get_project_or_404(request, pk, permissions.APPROVE)
    workflow.approve(obj, request.user, version=payload.version if payload else None)
    return _detail(obj)


@router.get(
    "projects/{int:pk}/findings", response={200: Findings, **errors(404)}, url_name="findings"
)
def findings(request: HttpRequest, pk: int) -> dict[str, Any]:
    """The review findings that concern this project."""
    obj = permissions.get_project_or_404(request, pk, permissions.VIEW)
    _, items = quality.project_review(obj)
    return {"id": obj.pk, "available": quality.available(), "findings": items}


@router.get(
    "projects/{int:pk}/comments", response={200: Comments, **errors(404)}, url_name="comments"
)
def comments(request: HttpRequest, pk: int) -> dict[str, Any]:
    """The reviewers' comments on this project, oldest first."""
    obj = permissions.get_project_or_404(request, pk, permissions.VIEW)
    rows = obj.comments.select_related("author", "submission").order_by("created_at", "id")
    return {
        "id": obj.pk,
        "comments": [
            {
                "id": c.pk,
                "field": c.field,
                "indicator": c.indicator,
                "text": c.text,
                "author": c.author.username if c.author else None,
                "created_at": c.created_at,
                "resolved": c.resolved,
                "submission": c.submission.number if c.submission else None,
            }
            for c in rows
        ],
    }


@router.get(
    "projects/{int:pk}/versions",
    response={200: Versions, **errors(404)},
    url_name="versions",
    exclude_unset=True,
)
def versions(request: HttpRequest, pk: int) -> dict[str, Any]:
    """The versions reviewers decided on (submissions, then approved adjustments), each with
    what changed since the one before."""
    from jixiao.web.adjustments.services import versions as project_versions

    obj = permissions.get_project_or_404(request, pk, permissions.VIEW)
    return {"id": obj.pk, "versions": project_versions(obj)}
