"""API views: token, project list and detail, edit, workflow transitions, findings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.views.decorators.csrf import csrf_exempt

from jixiao.core.bounds import parse_int
from jixiao.web import permissions
from jixiao.web.accounts import tokens
from jixiao.web.accounts.middleware import must_change_password
from jixiao.web.api import tokens as api_tokens
from jixiao.web.api.base import BadRequest, api_view, body, call, error, json_response
from jixiao.web.front import quality
from jixiao.web.goals import mapping, workflow
from jixiao.web.goals.models import STATUSES, Project


@csrf_exempt
def token(request: HttpRequest) -> HttpResponse:
    """POST {"username", "password"} → {"token", "expires"}; DELETE revokes the token sent."""
    if request.method == "DELETE":
        return api_tokens.logout(request)
    if request.method != "POST":
        response = error(405, f"不支持 {request.method} 请求")
        response["Allow"] = "POST, DELETE"
        return response

    def issue(request: HttpRequest) -> HttpResponse:
        data = body(request)
        try:  # django-axes reads the form of a failed login: a broken body must be a 400
            request.POST  # noqa: B018
        except MultiPartParserError:
            raise BadRequest("请求内容格式不正确，请以 JSON 提交 username 和 password") from None
        username, password = data.get("username"), data.get("password")
        if not isinstance(username, str) or not isinstance(password, str):
            raise BadRequest("请提供 username 和 password")
        # Refused while the user name or address is locked out (django-axes), whatever the
        # password; the lock-out middleware then answers 429.
        user = authenticate(request, username=username, password=password)
        if user is None:
            return error(401, "用户名或密码不正确")
        if must_change_password(user):
            return error(403, "请先登录网页修改初始密码，再申请令牌")
        row, plain = tokens.issue(user)
        return json_response({"token": plain, "expires": row.expires}, status=201)

    return call(issue, request)


def _int(request: HttpRequest, name: str, default: int | None = None) -> int | None:
    try:
        value = parse_int(request.GET.get(name), name)
    except ValueError as e:
        raise BadRequest(str(e)) from None
    return default if value is None else value


def _page(request: HttpRequest) -> tuple[int, int]:
    page = _int(request, "page", 1)
    size = _int(request, "page_size", settings.JIXIAO_PAGE_SIZE)
    assert page is not None and size is not None
    if page < 1 or not 1 <= size <= settings.JIXIAO_MAX_PAGE_SIZE:
        raise BadRequest(f"page 应不小于 1，page_size 应在 1–{settings.JIXIAO_MAX_PAGE_SIZE} 之间")
    return page, size


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


@api_view("GET")
def projects(request: HttpRequest) -> HttpResponse:
    """GET /api/v1/projects?year=&unit=&status=&q=&page=&page_size= → {"count", "results"}.

    ``after=<id>`` switches to keyset pagination in id order (for walking long lists: each
    page costs the same however deep): the reply carries ``next_after`` (null on the last
    page) and no ``count``.
    """
    from jixiao.web.front.listing import search

    qs = mapping.for_listing(permissions.visible_projects(request.user))
    year = _int(request, "year")
    if year is not None:
        qs = qs.filter(document__year=year)
    unit = request.GET.get("unit")
    if unit:
        qs = qs.filter(document__unit__code=unit)
    status = request.GET.get("status")
    if status:
        if status not in STATUSES:
            raise BadRequest(f"参数 status=“{status}”无效，可选：{'、'.join(STATUSES)}")
        qs = qs.filter(status=status)
    qs = search(qs, request.GET.get("q", "").strip()[:100])
    if "after" in request.GET:
        after = _int(request, "after", 0)
        size = _int(request, "page_size", settings.JIXIAO_PAGE_SIZE)
        assert after is not None and size is not None
        if after < 0 or not 1 <= size <= settings.JIXIAO_MAX_PAGE_SIZE or after >= 2**63:
            raise BadRequest(
                f"after 应为不小于 0 的项目编号，page_size 应在 1–{settings.JIXIAO_MAX_PAGE_SIZE} 之间"
            )
        rows = list(qs.filter(pk__gt=after).order_by("pk")[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        return json_response(
            {
                "page_size": size,
                "next_after": rows[-1].pk if more and rows else None,
                "results": [summary(p) for p in rows],
            }
        )
    page, size = _page(request)
    qs = qs.order_by("-document__year", "document__unit__code", "seq", "id")
    count = qs.count()
    rows = list(qs[(page - 1) * size : page * size])
    return json_response(
        {"count": count, "page": page, "page_size": size, "results": [summary(p) for p in rows]}
    )


def _detail(project: Project) -> HttpResponse:
    prefetch_related_objects([project], "indicators", "plan_cells")
    return json_response(mapping.project_data(project))


def _version(data: dict[str, Any], required: bool) -> int | None:
    version = data.get("version")
    if version is None and not required:
        return None
    if isinstance(version, bool) or not isinstance(version, int):
        raise BadRequest("请提供上次读取时的 version（整数），以免覆盖他人的修改")
    return version


@api_view("GET", "PATCH", "DELETE")
def project(request: HttpRequest, pk: int) -> HttpResponse:
    """GET the project (the `jixiao read` shape + id, status, version); PATCH fields;
    DELETE a draft (204; 409 once submitted)."""
    if request.method == "DELETE":
        from jixiao.web.goals.drafting import delete_project

        delete_project(
            permissions.get_project_or_404(request, pk, permissions.DELETE), request.user
        )
        return HttpResponse(status=204)
    if request.method == "GET":
        return _detail(permissions.get_project_or_404(request, pk, permissions.VIEW))
    obj = permissions.get_project_or_404(request, pk, permissions.EDIT)
    data = body(request)
    version = _version(data, required=True)
    changes = {k: v for k, v in data.items() if k != "version"}
    if not changes:
        raise BadRequest("没有要修改的字段")
    workflow.edit(obj, request.user, changes, version=version)
    return _detail(Project.objects.get(pk=obj.pk))


@api_view("POST")
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = permissions.get_project_or_404(request, pk, permissions.SUBMIT)
    workflow.submit(obj, request.user, version=_version(body(request), required=False))
    return _detail(obj)


@api_view("POST")
def return_(request: HttpRequest, pk: int) -> HttpResponse:
    """POST {"comments": [{"field", "indicator", "text"}…], "version"?}."""
    obj = permissions.get_project_or_404(request, pk, permissions.RETURN)
    data = body(request)
    raw = data.get("comments")
    if not isinstance(raw, list) or not raw:
        raise BadRequest(
            '请提供 comments：至少一条审核意见，如 [{"field": "purpose", "text": "…"}]'
        )
    comments = []
    for c in raw:
        if isinstance(c, str):
            c = {"text": c}
        if not isinstance(c, dict) or not isinstance(c.get("text"), str):
            raise BadRequest("每条审核意见应为对象，且有 text")
        indicator = c.get("indicator")
        if indicator is not None and (
            isinstance(indicator, bool) or not isinstance(indicator, int)
        ):
            raise BadRequest("indicator 应为指标序号（从 1 起的整数）")
        comments.append(
            workflow.CommentInput(text=c["text"], field=c.get("field") or "", indicator=indicator)
        )
    workflow.return_project(obj, request.user, comments, version=_version(data, required=False))
    return _detail(obj)


@api_view("POST")
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    obj = permissions.get_project_or_404(request, pk, permissions.APPROVE)
    workflow.approve(obj, request.user, version=_version(body(request), required=False))
    return _detail(obj)


@api_view("GET")
def findings(request: HttpRequest, pk: int) -> HttpResponse:
    """The review findings that concern this project."""
    obj = permissions.get_project_or_404(request, pk, permissions.VIEW)
    _, items = quality.project_review(obj)
    return json_response({"id": obj.pk, "available": quality.available(), "findings": items})


@api_view("GET")
def comments(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewers' comments on this project, oldest first."""
    obj = permissions.get_project_or_404(request, pk, permissions.VIEW)
    rows = obj.comments.select_related("author", "submission").order_by("created_at", "id")
    return json_response(
        {
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
    )


@api_view("GET")
def versions(request: HttpRequest, pk: int) -> HttpResponse:
    """The versions reviewers decided on (submissions, then approved adjustments), each with
    what changed since the one before."""
    from jixiao.web.adjustments.services import versions as project_versions

    obj = permissions.get_project_or_404(request, pk, permissions.VIEW)
    return json_response({"id": obj.pk, "versions": project_versions(obj)})


@api_view("GET")
def audit(request: HttpRequest) -> HttpResponse:
    """The audit log, newest first (admins and auditors); filters object_type, object_id."""
    from jixiao.web.audit.models import AuditEntry

    if not permissions.can_view_audit(request.user):
        raise PermissionDenied("只有系统管理员和审计员可以查看审计日志")
    qs = AuditEntry.objects.order_by("-at", "-id")
    for key in ("object_type", "object_id", "action"):
        if request.GET.get(key):
            qs = qs.filter(**{key: request.GET[key]})
    page, size = _page(request)
    rows = qs[(page - 1) * size : page * size]
    return json_response(
        {
            "count": qs.count(),
            "page": page,
            "page_size": size,
            "results": [
                {
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
                for e in rows
            ],
        }
    )


@csrf_exempt  # it changes nothing; a write to a wrong path must get this JSON, not a CSRF page
def not_found(request: HttpRequest) -> HttpResponse:
    return error(404, "没有这个接口或对象（请检查路径和编号）")


def schema(request: HttpRequest) -> HttpResponse:
    from jixiao.web.api.openapi import SCHEMA

    return json_response(SCHEMA)
