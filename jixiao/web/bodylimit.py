"""A request body larger than any upload we accept is refused before it is read.

One bound, ``settings.JIXIAO_MAX_BODY_BYTES``: the largest single request we accept (one
imported file, or a rectification answer's evidence files, in base64 as the API takes
them) plus room for the form's other fields. The middleware refuses a longer declared body with a Chinese 413 page (JSON
under ``/api/``) before Django reads it; ``jixiao serve`` gives waitress a slightly larger
``max_request_body_size`` as a backstop for bodies that lie about their length, so the
server never spools a gigabyte to disk.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

MIB = 1024 * 1024
#: Room for the multipart headers and the other fields of a form that carries files.
FORM_MARGIN = MIB
#: What waitress accepts above the bound, so that the bound's own Chinese page is reached.
SERVER_MARGIN = MIB


def max_body_bytes(file_bytes: int, attachment_bytes: int, attachments: int) -> int:
    """The largest request body: the largest upload of one request, in base64 (the API
    sends a rectification answer's evidence so: 4 bytes for 3), plus the form margin."""
    largest = max(file_bytes, attachment_bytes * attachments)
    return -(-largest * 4 // 3) + FORM_MARGIN


def message(limit: int) -> str:
    return f"提交的内容过大（上限约 {limit // MIB} MB），请缩小文件或分批上传"


def too_large_response(request: HttpRequest, limit: int) -> HttpResponse:
    text = message(limit)
    if request.path.startswith("/api/"):
        return JsonResponse({"error": text}, status=413, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(
        '<!doctype html><html lang="zh-hans"><meta charset="utf-8"><title>内容过大</title>'
        f"<p>{escape(text)}。请返回上一页。</p></html>",
        status=413,
        content_type="text/html; charset=utf-8",
    )


def declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except (TypeError, ValueError):
        return 0


class BodyLimitMiddleware:
    """First middleware: nothing before it reads the body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit: int = settings.JIXIAO_MAX_BODY_BYTES
        if declared_length(request) > limit:
            return too_large_response(request, limit)
        return self.get_response(request)


def refuse_in_chinese(limit: int) -> None:
    """Make waitress's own refusal of a body past its bound (it answers before the
    application sees the request) the same Chinese page, not ``Request Entity Too Large``."""
    import waitress.parser  # type: ignore[import-untyped]
    import waitress.utilities  # type: ignore[import-untyped]

    class TooLarge(waitress.utilities.RequestEntityTooLarge):  # type: ignore[misc]
        def to_response(self, ident: str | None = None) -> tuple[str, list[Any], bytes]:
            body = (
                '<!doctype html><html lang="zh-hans"><meta charset="utf-8"><title>内容过大</title>'
                f"<p>{escape(message(limit))}。请返回上一页。</p></html>"
            )
            headers = [("Content-Type", "text/html; charset=utf-8")]
            return f"{self.code} {self.reason}", headers, body.encode("utf-8")

    waitress.parser.RequestEntityTooLarge = TooLarge
