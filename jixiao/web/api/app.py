"""The typed API on django-ninja: one `NinjaAPI`, one router per area, errors in one shape.

Every error is ``{"error": "<one line in Chinese>", ...}`` with the status below, the same
shape the hand-written views returned, so clients and tests see no difference:

- 400 bad input (``BadRequest``, a request body or parameter the schema refuses,
  ``ChangeError`` with ``fields``, any other ``JixiaoError``);
- 401 no or bad credentials; 403 ``PermissionDenied`` or a password still to change;
- 404 ``Http404``; 409 ``StaleVersionError`` and ``WorkflowError``.

Routers live next to what they serve (``jixiao/web/api/<area>.py`` or ``<app>/api.py``) and
are added at the bottom of this module. Authentication is `ApiAuth`: a Bearer token, or the
browser's session with CSRF enforced on writes.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError
from ninja.security import HttpBearer

from jixiao.core.errors import JixiaoError
from jixiao.web.accounts import tokens
from jixiao.web.accounts.middleware import must_change_password
from jixiao.web.api.base import UNSAFE, BadRequest, error
from jixiao.web.goals.editing import ChangeError
from jixiao.web.goals.workflow import StaleVersionError, WorkflowError


class ApiRefusal(Exception):
    """Raised by `ApiAuth` to answer with a specific status and Chinese message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class ApiAuth(HttpBearer):
    """A Bearer token (``Authorization: Bearer <令牌>``) or a logged-in browser session.

    A session may use the API too; its writes then need the CSRF token like a form would.
    Documented in the schema as HTTP bearer authentication.
    """

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        user: Any
        if header:
            scheme, _, plain = header.partition(" ")
            row = tokens.find(plain.strip()) if scheme.lower() == "bearer" else None
            if row is None:
                raise ApiRefusal(401, "令牌无效或已失效，请重新获取（POST /api/v1/token）")
            user = row.user
        else:
            user = getattr(request, "user", None)
            if user is None or not user.is_authenticated:
                raise ApiRefusal(401, "需要登录：请在请求头中提供 Authorization: Bearer <令牌>")
            if request.method in UNSAFE:
                check = CsrfViewMiddleware(lambda r: HttpResponse())
                if check.process_view(request, lambda r: HttpResponse(), (), {}) is not None:
                    raise ApiRefusal(403, "CSRF 校验失败，请刷新页面后重试")
        if must_change_password(user):
            raise ApiRefusal(403, "请先登录网页修改初始密码")
        request.user = user
        return user

    def authenticate(self, request: HttpRequest, token: str) -> Any:  # pragma: no cover
        return None  # __call__ does the work


api = NinjaAPI(
    title="jixiao API",
    version="1",
    description='预算绩效管理系统的接口。令牌：POST /api/v1/token。错误统一为 {"error": "…"}。',
    auth=ApiAuth(),
    urls_namespace="v1",
    docs_url=None,  # the interactive docs page loads scripts from a CDN: offline by design
    openapi_url="openapi-ninja.json",  # the hand-written /openapi.json goes when all is here
)


@api.exception_handler(ApiRefusal)
def _refused(request: HttpRequest, exc: ApiRefusal) -> HttpResponse:
    return error(exc.status, exc.message)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error(401, "需要登录：请在请求头中提供 Authorization: Bearer <令牌>")


@api.exception_handler(HttpError)
def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja raises it for a body it cannot parse, with an English message.
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return error(400, "请求内容不是有效的 JSON")
    return error(exc.status_code, str(exc))


@api.exception_handler(SchemaError)
def _schema(request: HttpRequest, exc: SchemaError) -> HttpResponse:
    fields = {
        ".".join(str(p) for p in e.get("loc", ()) if p not in ("body", "query", "path")): e.get(
            "msg", ""
        )
        for e in exc.errors
    }
    return error(400, "请求内容有误：" + "；".join(k or "请求体" for k in fields), fields=fields)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(404, str(exc) or "对象不存在")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error(403, str(exc) or "没有权限")


@api.exception_handler(ChangeError)
def _change(request: HttpRequest, exc: ChangeError) -> HttpResponse:
    return error(400, "修改内容有误", fields=exc.errors)


@api.exception_handler(StaleVersionError)
@api.exception_handler(WorkflowError)
def _conflict(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(409, str(exc))


@api.exception_handler(BadRequest)
@api.exception_handler(JixiaoError)
def _bad(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(400, str(exc))


# Routers, one per area. Add yours here (one line each; keep the list sorted).
from jixiao.web.api import tokens as _tokens  # noqa: E402
from jixiao.web.monitoring import api as _monitoring  # noqa: E402

api.add_router("", _monitoring.router)
api.add_router("", _tokens.router)
