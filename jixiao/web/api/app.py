"""The typed API on django-ninja: one `NinjaAPI`, one router per area, errors in one shape.

Every error is ``{"error": "<one line in Chinese>", ...}`` with the status below, the same
shape the hand-written views returned, so clients and tests see no difference:

- 400 bad input (``BadRequest``, a body that is not JSON, a body or parameter the schema
  refuses — each field named with a short Chinese phrase from `PHRASES` — ``ChangeError``
  with ``fields``, any other ``JixiaoError``);
- 401 no or bad credentials; 403 ``PermissionDenied`` or a password still to change;
- 404 ``Http404``; 405 a method the path does not offer (``Allow`` lists those it does);
  409 ``StaleVersionError`` and ``WorkflowError``.

The schema generated from the routers' types is served at ``/api/v1/openapi.json``.

Routers live next to what they serve (``jixiao/web/api/<area>.py`` or ``<app>/api.py``) and
are added at the bottom of this module. Authentication is `ApiAuth`: a Bearer token, or the
browser's session with CSRF enforced on writes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from functools import wraps
from types import MappingProxyType
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer

from jixiao.core.errors import JixiaoError
from jixiao.web.accounts import tokens
from jixiao.web.accounts.middleware import must_change_password
from jixiao.web.api.base import UNSAFE, BadRequest, error, load_json
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


class ChineseJSON(JSONRenderer):
    """UTF-8 JSON: Chinese text as itself, not ``\\uXXXX``, as every other view answers."""

    json_dumps_params: Mapping[str, Any] = MappingProxyType({"ensure_ascii": False})


def _utf8_schema(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema view of django-ninja, its JSON re-encoded without ``\\uXXXX`` escapes."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and response.get("Content-Type", "").startswith(
            "application/json"
        ):
            data = json.loads(response.content)
            response.content = json.dumps(data, ensure_ascii=False).encode("utf-8")
        return response

    return wrapper


class JsonBody(Parser):
    """Bodies read by `load_json` (ninja's own parser lets a lone surrogate through to the
    database, a 500)."""

    def parse_body(self, request: HttpRequest) -> Any:
        return load_json(request.body)


api = NinjaAPI(
    title="jixiao API",
    version="1",
    description='预算绩效管理系统的接口。令牌：POST /api/v1/token。错误统一为 {"error": "…"}。',
    auth=ApiAuth(),
    urls_namespace="v1",
    docs_url=None,  # the interactive docs page loads scripts from a CDN: offline by design
    openapi_url="openapi.json",
    docs_decorator=_utf8_schema,
    renderer=ChineseJSON(),
    parser=JsonBody(),
)


@api.exception_handler(ApiRefusal)
def _refused(request: HttpRequest, exc: ApiRefusal) -> HttpResponse:
    return error(exc.status, exc.message)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error(401, "需要登录：请在请求头中提供 Authorization: Bearer <令牌>")


# Pydantic's error types in short Chinese phrases; anything else: "格式不正确".
PHRASES = {
    "missing": "缺少此项",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "string_type": "应为文本",
    "string_unicode": "应为文本",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "list_type": "应为列表",
    "dict_type": "应为 JSON 对象",
    "model_type": "应为 JSON 对象",
    "model_attributes_type": "应为 JSON 对象",
    "date_type": "应为日期，如 2024-09-30",
    "date_parsing": "应为日期，如 2024-09-30",
    "date_from_datetime_parsing": "应为日期，如 2024-09-30",
    "date_from_datetime_inexact": "应为日期，如 2024-09-30",
    "too_short": "不能为空",
    "string_too_short": "不能为空",
    "too_long": "太长",
    "string_too_long": "太长",
    "literal_error": "不是可选的值",
    "enum": "不是可选的值",
    "extra_forbidden": "不是可修改的字段",
    "json_invalid": "不是有效的 JSON",
}


def _phrase(e: dict[str, Any]) -> str:
    kind = e.get("type", "")
    ctx = e.get("ctx") or {}
    bounds = {
        "greater_than_equal": ("应不小于", "ge"),
        "greater_than": ("应大于", "gt"),
        "less_than_equal": ("应不大于", "le"),
        "less_than": ("应小于", "lt"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return f"{words} {ctx.get(key)}"
    if kind == "value_error" and isinstance(ctx.get("error"), ValueError):
        return str(ctx["error"])
    return PHRASES.get(kind, "格式不正确")


#: Chinese names of the fields a request may send; a field not listed is named as sent.
LABELS = {
    "achieved": "实际完成情况",
    "actual": "实际完成值",
    "amount": "金额",
    "as_of": "截至日期",
    "attachments": "附件",
    "basis": "指标值确定依据",
    "budget": "预算",
    "budget_adjusted": "全年预算数",
    "budget_initial": "年初预算数",
    "budget_reason": "执行率偏低原因",
    "carryover": "上年结转资金",
    "changes": "调整内容",
    "code": "编码",
    "comment": "意见",
    "comments": "审核意见",
    "content": "内容",
    "correction": "整改措施",
    "correction_needed": "是否需要整改",
    "date": "日期",
    "department": "主管部门",
    "description": "绩效指标描述",
    "due": "整改期限",
    "effective_from": "生效日期",
    "executed": "全年执行数",
    "fiscal": "财政资金",
    "goals": "绩效目标",
    "goals_text": "绩效目标",
    "indicator": "指标序号",
    "indicators": "绩效指标",
    "level1": "一级指标",
    "level2": "二级指标",
    "likelihood": "完成目标可能性",
    "lines": "指标",
    "measures": "工作保障措施",
    "money_unit": "金额单位",
    "month": "月份",
    "name": "名称",
    "names": "指标名称",
    "note": "摘要",
    "notes": "说明",
    "other": "其他资金",
    "overall_goals": "总体绩效目标",
    "password": "密码",
    "payments": "支付记录",
    "percent": "比例",
    "project": "项目",
    "project_summaries": "分项绩效目标",
    "purpose": "资金用途",
    "reason": "原因",
    "region": "区划",
    "renumber": "是否改编码年度",
    "requirement": "整改要求",
    "role": "角色",
    "score": "得分",
    "seed": "随机种子",
    "seq": "项目序号",
    "share": "抽取比例",
    "spending_plan": "资金支出计划",
    "target": "指标值",
    "text": "内容",
    "title": "标题",
    "total": "预算数",
    "unit": "单位",
    "username": "用户名",
    "version": "版本",
    "weight": "分值",
    "year": "预算年度",
}
_SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}
#: Pydantic's tags for the member of a union that failed (``amount.str``): not fields.
_UNION_TAGS = {"str", "int", "float", "bool", "decimal", "none"}


def _path(loc: list[Any]) -> tuple[str, str]:
    """(the field's path as sent, 1-based: ``payments[4].amount``; its Chinese name:
    ``第 4 项 金额（amount）``)."""
    key, words = "", []
    for part in loc:
        if isinstance(part, int):
            key += f"[{part + 1}]"
            words.append(f"第 {part + 1} 项")
            continue
        part = str(part)
        if part in _UNION_TAGS or "[" in part or part.startswith(("function-", "constrained-")):
            continue
        key += f".{part}" if key else part
        label = LABELS.get(part)
        words.append(f"{label}（{part}）" if label else part)
    return key, "".join(w if w.endswith("）") else w + " " for w in words).strip()


@api.exception_handler(SchemaError)
def _schema(request: HttpRequest, exc: SchemaError) -> HttpResponse:
    """A body or parameter the schema refuses: 400, each field named with its problem, a
    field inside a list with its row (``第 4 项 金额（amount）应为文本``)."""
    fields: dict[str, str] = {}
    parts: list[str] = []
    for e in exc.errors:
        loc = list(e.get("loc", ()))
        where = str(loc.pop(0)) if loc and loc[0] in _SOURCES else ""
        if where == "body" and len(loc) > 1:
            loc = loc[1:]  # ninja nests a whole-body schema under the view's parameter name
        key, name = _path(loc)
        key, name = key or "请求体", name or "请求体"
        if key in fields:
            continue
        fields[key] = _phrase(e)
        label = f"参数 {name}" if where in ("query", "path") else name
        missing = e.get("type") == "missing"
        gap = "" if label.endswith("）") else " "
        parts.append(f"请提供 {label}" if missing else f"{label}{gap}{fields[key]}")
    more = f"等共 {len(parts)} 处" if len(parts) > 10 else ""
    return error(400, "请求有误：" + "；".join(parts[:10]) + more, fields=fields)


@api.exception_handler(HttpError)
def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        cause = exc.__cause__
        return error(
            400, str(cause) if isinstance(cause, BadRequest) else "请求内容不是有效的 JSON"
        )
    return error(exc.status_code, str(exc))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(404, str(exc) or "对象不存在")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error(403, str(exc) or "没有权限")


@api.exception_handler(ChangeError)
def _change(request: HttpRequest, exc: ChangeError) -> HttpResponse:
    parts = [_field_problem(key, text) for key, text in list(exc.errors.items())[:10]]
    return error(400, "修改内容有误：" + "；".join(parts), fields=exc.errors)


#: A problem that names its field itself, as `jixiao.core.validation` writes it
#: (``资金用途：文字过长…``, ``第 1 个指标的三级指标：…``): a label before the first ``：``.
_LABELLED = re.compile(r"([^“”\"：，。；]{1,40})：(.+)", re.DOTALL)


def _field_problem(key: str, text: str) -> str:
    """One field's problem with the field named once: by the problem's own label where it
    has one (``资金用途（purpose）：文字过长``), else by the field's (``名称（name）：不能为空``)."""
    m = _LABELLED.fullmatch(text)
    if m:
        return f"{m.group(1)}（{key}）：{m.group(2)}"
    return f"{_named(key)}：{text}"


def _named(key: str) -> str:
    """``indicators[2].target`` (1-based, as `ChangeError` writes it) in Chinese."""
    loc: list[Any] = []
    for part in re.findall(r"\[(\d+)\]|([^.\[\]]+)", key):
        loc.append(int(part[0]) - 1 if part[0] else part[1])
    return _path(loc)[1] or key


@api.exception_handler(StaleVersionError)
@api.exception_handler(WorkflowError)
def _conflict(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(409, str(exc))


@api.exception_handler(BadRequest)
@api.exception_handler(JixiaoError)
def _bad(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(400, str(exc))


# Routers, one per area. Add yours here (one line each; keep the list sorted).
from jixiao.web.adjustments import api as _adjustments  # noqa: E402
from jixiao.web.api import audit as _audit  # noqa: E402
from jixiao.web.api import documents as _documents  # noqa: E402
from jixiao.web.api import orgs as _orgs  # noqa: E402
from jixiao.web.api import projects as _projects  # noqa: E402
from jixiao.web.api import tokens as _tokens  # noqa: E402
from jixiao.web.disclosure import api as _disclosure  # noqa: E402
from jixiao.web.library import api as _library  # noqa: E402
from jixiao.web.monitoring import api as _monitoring  # noqa: E402
from jixiao.web.rectification import api as _rectification  # noqa: E402

api.add_router("", _adjustments.router)
api.add_router("", _audit.router)
api.add_router("", _disclosure.router)
api.add_router("", _library.router)
api.add_router("", _monitoring.router)
api.add_router("", _orgs.router)
api.add_router("", _projects.router)
api.add_router("", _rectification.router)
api.add_router("", _documents.router)
api.add_router("", _tokens.router)
