"""Django's error views for what no view answered (a body Django cannot parse, refused
before any view ran): the API's paths get its JSON ``{"error": …}`` in Chinese, as every
other API answer; pages keep the site's error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views import defaults

from jixiao.web.api.base import error

#: A multipart body without its boundary, a form body the server cannot read.
UNREADABLE = "请求内容无法解析（与 Content-Type 不符），API 请发送 application/json"


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return error(400, UNREADABLE)
    return defaults.bad_request(request, exception)
