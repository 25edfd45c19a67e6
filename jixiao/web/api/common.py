"""What every router shares: the error schema, page parameters and the page envelope,
bounded integer types, and a router whose 405 answers in JSON like every other error."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Annotated, Any, Generic, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpResponse
from ninja import Field, Router, Schema
from ninja.operation import PathView
from pydantic import BeforeValidator

from jixiao.core.bounds import MAX_INT, MAX_YEAR, MIN_YEAR
from jixiao.web.api.base import error

T = TypeVar("T")


class Error(Schema):
    """Every error: one line in Chinese; ``fields`` maps a field to its problem (400)."""

    error: str
    fields: dict[str, str] | None = None


def errors(*statuses: int) -> dict[int, type[Error]]:
    """Responses documented for ``statuses`` (401 and 403 always: token, password, CSRF)."""
    return {s: Error for s in sorted({401, 403, *statuses})}


def _blank_is_none(value: Any) -> Any:
    """A blank query parameter (``?year=``) means no filter, as it did before."""
    return None if isinstance(value, str) and not value.strip() else value


#: An integer query parameter: ASCII digits that fit a database column; blank → None.
QueryInt = Annotated[
    Annotated[int, Field(ge=-MAX_INT, le=MAX_INT)] | None, BeforeValidator(_blank_is_none)
]
#: A year in a request body.
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR, strict=True)]
#: A positive id in a request body.
BodyId = Annotated[int, Field(gt=0, lt=2**63, strict=True)]


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_INT)
    page_size: int = Field(settings.JIXIAO_PAGE_SIZE, ge=1, le=settings.JIXIAO_MAX_PAGE_SIZE)


class Page(Schema, Generic[T]):
    """One page of a list. With ``after`` (keyset, the project list) ``count`` and ``page``
    are left out and ``next_after`` is the ``after`` of the next page (null on the last)."""

    count: int | None = None
    page: int | None = None
    page_size: int
    next_after: int | None = None
    results: list[T]


def page_of(
    qs: QuerySet[Any], params: PageParams, row: Callable[[Any], Any], count: int | None = None
) -> dict[str, Any]:
    """Page ``params.page`` of ``qs`` (already ordered), each row converted by ``row``;
    ``count`` when the caller counted (a bounded count), else every row of ``qs``."""
    size = params.page_size
    rows = qs[(params.page - 1) * size : params.page * size]
    return {
        "count": qs.count() if count is None else count,
        "page": params.page,
        "page_size": size,
        "results": [row(r) for r in rows],
    }


def whole(rows: Sequence[Any] | Iterable[Any], row: Callable[[Any], Any]) -> dict[str, Any]:
    """A short list (capped by its query) in the page envelope: one page of everything."""
    out = [row(r) for r in rows]
    return {"count": len(out), "page": 1, "page_size": max(len(out), 1), "results": out}


class _JsonPathView(PathView):
    def clone(self) -> PathView:  # the API mounts clones
        cloned = super().clone()
        cloned.__class__ = _JsonPathView
        return cloned

    def _not_allowed(self) -> HttpResponse:
        methods = list(dict.fromkeys(m for op in self.operations for m in op.methods))
        response = error(405, "不支持此请求方法")
        response["Allow"] = ", ".join(methods)
        return response


class ApiRouter(Router):
    """A `Router` whose wrong-method answer is the JSON 405 with ``Allow`` in declared order."""

    def add_api_operation(self, path: str, *args: Any, **kwargs: Any) -> None:
        super().add_api_operation(path, *args, **kwargs)
        for view in self.path_operations.values():
            view.__class__ = _JsonPathView
