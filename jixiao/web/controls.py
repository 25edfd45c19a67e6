"""Control characters out of every form post (`textcodec.CONTROL`, docs/reliability.md).

A browser lets a user paste what an office program left in a text (a vertical tab, a form
feed, a NUL); nobody types them and no page shows them. They are dropped from every field
of a posted form, names and values, before any view reads it, as the file readers drop
them: so no form, and no view that reads ``request.POST`` itself, stores one. JSON bodies
(the API) are refused instead, naming the field (`jixiao.web.api.base.load_json`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

from jixiao.core.textcodec import CONTROL, drop_controls

#: Content types whose body Django parses into ``request.POST``.
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class ControlCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type in FORM_TYPES:
            post = request.POST
            if any(
                CONTROL.search(key) or any(CONTROL.search(v) for v in values)
                for key, values in post.lists()
            ):
                cleaned = QueryDict(mutable=True)
                for key, values in post.lists():
                    cleaned.setlist(drop_controls(key), [drop_controls(v) for v in values])
                cleaned._mutable = False
                request.POST = cleaned  # type: ignore[misc,assignment]
        return self.get_response(request)
