"""A NUL character (``\\0``) in a query string: refused with 400 before any view sees it.

PostgreSQL can neither store nor compare a text holding NUL (psycopg raises ``DataError``:
a 500 on the project list's ``?q=%00``, the setting-up lists' search, the monitoring and
audit unit codes); SQLite found nothing. Form posts lose NUL with every control character
(`jixiao.web.controls`), and the API refuses it in JSON bodies (`jixiao.web.api.base`); a code looked up
from a posted form without a Django form goes through `lookup_text`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render

MESSAGE = "请求含空字符（\\0），已拒绝：请删去后重试"


def _has_nul(params: QueryDict) -> bool:
    items: Iterable[tuple[str, list[str]]] = params.lists()
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in items)


def refused(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": MESSAGE}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    return render(request, "400.html", {"message": MESSAGE}, status=400)


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request.GET):
            return refused(request)
        return self.get_response(request)


def lookup_text(value: object, limit: int) -> str:
    """A posted code to look up: stripped, at most ``limit`` characters, and "" (nothing
    to find) when it holds NUL, which PostgreSQL cannot compare."""
    text = str(value or "").strip()[:limit]
    return "" if "\x00" in text else text
