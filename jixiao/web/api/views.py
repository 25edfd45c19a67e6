"""What is left of the hand-written API: the JSON 404 for any other path under /api/v1/, and
the page and integer parameters the documents views (not yet on django-ninja) read."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from jixiao.core.bounds import parse_int
from jixiao.web.api.base import BadRequest, error


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


@csrf_exempt  # it changes nothing; a write to a wrong path must get this JSON, not a CSRF page
def not_found(request: HttpRequest) -> HttpResponse:
    return error(404, "没有这个接口或对象（请检查路径和编号）")
