"""A busy database answers "busy, retry" (HTTP 503 with ``Retry-After``), never a 500.

SQLite has one writer at a time: a writer that waits longer than the connection's
``timeout`` (``JIXIAO_DB_TIMEOUT``) gets ``OperationalError: database is locked``. That is
the server being busy, not a fault: the client may simply try again.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse

#: Seconds a client should wait before retrying.
RETRY_AFTER = 2
MESSAGE = "系统正忙（数据库正在写入），请稍后重试"
_BUSY = (
    "database is locked",
    "database table is locked",
    "lock timeout",
    "bulk load in progress",  # goals.bulk.GUARD_MESSAGE: a large load holds the goal tables
)


def is_busy(exception: BaseException) -> bool:
    return isinstance(exception, OperationalError) and any(s in str(exception) for s in _BUSY)


def busy_response(request: HttpRequest) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"error": MESSAGE}, status=503, json_dumps_params={"ensure_ascii": False}
        )
    else:
        response = HttpResponse(
            f'<!doctype html><html lang="zh-hans"><meta charset="utf-8"><title>系统正忙</title>'
            f"<p>{MESSAGE}。</p></html>",
            status=503,
            content_type="text/html; charset=utf-8",
        )
    response["Retry-After"] = str(RETRY_AFTER)
    return response


class BusyDatabaseMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return busy_response(request) if is_busy(exception) else None
