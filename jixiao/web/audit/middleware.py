"""Audit of what no view records itself: permission denials (every 403) and downloads by
logged-in users (every response sent as an attachment: exports of projects, evaluations,
the audit log). Anonymous downloads of published data are not recorded."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse

from jixiao.web.audit.log import record

_FILENAME = re.compile(r"filename\*=utf-8''([^;]+)|filename=\"?([^\";]+)", re.IGNORECASE)


def _filename(disposition: str) -> str:
    m = _FILENAME.search(disposition)
    if not m:
        return ""
    return unquote(m.group(1)) if m.group(1) else m.group(2)


class AuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else "未登录"
        client = {"ip": request.META.get("REMOTE_ADDR", ""), "url": request.get_full_path()[:500]}
        if response.status_code == 403:
            record(
                actor,
                "access.denied",
                object_type="url",
                object_repr=f"{request.method} {request.path}"[:300],
                new=client,
            )
        elif (
            response.status_code == 200
            and actor is user
            and "attachment" in response.get("Content-Disposition", "")
        ):
            name = _filename(response["Content-Disposition"])
            if not response.streaming:
                client["bytes"] = str(len(response.content))
            record(actor, "export", object_type="file", object_repr=name, new=client)
        return response
