"""JSON out and errors as JSON with Chinese messages (every API module), and the hand-written
views' plumbing that the documents views still use until they move to django-ninja.

`api_view("GET", "PATCH")` wraps a view: CSRF-exempt for Bearer tokens (a browser session
may use the API too, and then CSRF is enforced on writes); anonymous → 401; and our
exceptions become JSON: Http404 → 404, PermissionDenied → 403, ChangeError → 400,
StaleVersionError/WorkflowError → 409, BadRequest → 400.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt

from jixiao.core.errors import JixiaoError
from jixiao.core.textcodec import drop_controls, unstorable
from jixiao.web.accounts import tokens
from jixiao.web.accounts.middleware import must_change_password
from jixiao.web.goals.editing import ChangeError
from jixiao.web.goals.workflow import WorkflowError

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class BadRequest(JixiaoError):
    """A request the API cannot understand (bad JSON, bad query parameter)."""


def json_response(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(
        data,
        status=status,
        safe=False,
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False},
    )


def error(status: int, message: str, **extra: Any) -> JsonResponse:
    return json_response({"error": message, **extra}, status=status)


def load_json(raw: bytes, what: str = "") -> Any:
    """The JSON value of a request body, the one reader of every API body; `BadRequest`
    (``请求内容不是有效的 JSON`` + ``what``) when it is not UTF-8 JSON, is nested deeper than
    Python recurses or holds a number of more than 4,300 digits, and a line of its own,
    naming the field, for a text no stored text keeps although JSON allows it
    (`textcodec.unstorable`: an unpaired surrogate escape ``"\\ud800"``, a NUL
    ``"\\u0000"``, which PostgreSQL refuses, another control character)."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # JSONDecodeError is a ValueError
        raise BadRequest("请求内容不是有效的 JSON" + what) from None
    for where, text in _texts(data):
        problem = unstorable(text)
        if problem:
            raise BadRequest(f"请求内容{where}" + problem)
    return data


def _texts(data: Any) -> Iterator[tuple[str, str]]:
    """Every string of a parsed JSON value, keys too, with where it is (``“items[2].note”``,
    empty at the top; without recursing: any depth)."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            yield (f"“{path}”" if path else ""), item
        elif isinstance(item, dict):
            for k, v in item.items():
                name = drop_controls(k)  # the message names the key without what it refuses
                at = f"{path}.{name}" if path else name
                stack.append((f"{path}（键）" if path else "（键）", k))
                stack.append((at, v))
        elif isinstance(item, list):
            stack.extend((f"{path}[{i}]", v) for i, v in enumerate(item))


def body(request: HttpRequest) -> dict[str, Any]:
    """The JSON object in the request body ({} when empty)."""
    if not request.body.strip():
        return {}
    data = load_json(request.body)
    if not isinstance(data, dict):
        raise BadRequest("请求内容应为 JSON 对象")
    return data


def _bearer_user(request: HttpRequest) -> tuple[Any, bool]:
    """(user or None, whether a token was presented)."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None, False
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None, True
    row = tokens.find(token.strip())
    if row is None:
        return None, True
    return row.user, True


def api_view(*methods: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                response = error(405, f"不支持 {request.method} 请求")
                response["Allow"] = ", ".join(methods)
                return response
            user, presented = _bearer_user(request)
            if user is None and presented:
                return error(401, "令牌无效或已失效，请重新获取（POST /api/v1/token）")
            if user is None:
                session_user = getattr(request, "user", None)
                if session_user is None or not session_user.is_authenticated:
                    return error(401, "需要登录：请在请求头中提供 Authorization: Bearer <令牌>")
                if request.method in UNSAFE:
                    failed = CsrfViewMiddleware(lambda r: HttpResponse()).process_view(
                        request, view, (), {}
                    )
                    if failed is not None:
                        return error(403, "CSRF 校验失败，请刷新页面后重试")
                user = session_user
            if must_change_password(user):
                return error(403, "请先登录网页修改初始密码")
            request.user = user
            return call(view, request, *args, **kwargs)

        return wrapper

    return decorate


def call(
    view: Callable[..., HttpResponse], request: HttpRequest, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Run ``view`` and turn our exceptions into JSON errors."""
    from jixiao.web.goals.workflow import StaleVersionError

    try:
        return view(request, *args, **kwargs)
    except Http404 as e:
        return error(404, str(e) or "项目不存在")
    except PermissionDenied as e:
        return error(403, str(e) or "没有权限")
    except ChangeError as e:
        return error(400, "修改内容有误", fields=e.errors)
    except StaleVersionError as e:
        return error(409, str(e))
    except WorkflowError as e:
        return error(409, str(e))
    except JixiaoError as e:
        return error(400, str(e))
