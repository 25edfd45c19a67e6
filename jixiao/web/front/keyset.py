"""Keyset pagination ("上一页 / 下一页" by cursor) for lists ordered by (column, id).

A page is "the next ``n`` rows after (or before) this row" in the list's order, found from
an index on (column, id) however deep the page is, where ``OFFSET`` reads and drops every
earlier row. Ties on the column are broken by id, so the order is total and a walk sees
every row exactly once; rows inserted during a walk appear on the side of the cursor where
they sort, and never shift the rows already seen.

NULL sorts after every value (``NULLS LAST`` ascending, ``NULLS FIRST`` descending) on both
databases, so the comparisons below treat it as the largest value.

The cursor in the query string is the row's (column value, id), JSON in URL-safe base64:
opaque to users, and a cursor that does not decode is ignored (the first page), never an
error.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy

#: Longest cursor accepted from a query string (a name sort's cursor carries the name).
MAX_CURSOR = 2000


@dataclass(frozen=True)
class Order:
    """A list's order: ``column`` then id, both ascending or both descending."""

    column: str
    desc: bool = False

    def reversed(self) -> Order:
        return Order(self.column, not self.desc)

    def order_by(self) -> list[OrderBy]:
        if self.desc:
            return [F(self.column).desc(nulls_first=True), F("id").desc()]
        return [F(self.column).asc(nulls_last=True), F("id").asc()]


@dataclass
class Window:
    """One page of rows, with the cursors of the pages around it (``None``: no such page)."""

    rows: list[Any]
    after: str | None  # the cursor of the next page (its rows come after the last row)
    before: str | None  # the cursor of the previous page


def encode(row: Any, order: Order) -> str:
    value = getattr(row, order.column)
    if isinstance(value, datetime.datetime | datetime.date):
        value = value.isoformat()
    elif isinstance(value, Decimal):
        value = str(value)
    raw = json.dumps([value, row.pk], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str, qs: QuerySet[Any], order: Order) -> tuple[Any, int] | None:
    """The (value, id) of ``cursor`` for ``order``, or ``None`` when it does not decode."""
    if not cursor or len(cursor) > MAX_CURSOR:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, pk = json.loads(raw.decode())
        if not isinstance(pk, int) or isinstance(pk, bool):
            return None
        field = qs.model._meta.get_field(order.column)
        if value is not None:
            if isinstance(value, bool | list | dict):
                return None
            value = field.to_python(value)
        return value, pk
    except (ValueError, TypeError, ValidationError, binascii.Error, UnicodeDecodeError):
        return None


def _past(qs: QuerySet[Any], order: Order, value: Any, pk: int) -> QuerySet[Any]:
    """The rows of ``qs`` strictly past (value, pk) in ``order``.

    Written as ``column >= value AND (column > value OR id > pk)`` rather than an ``OR`` of
    the two cases, so the first condition is a range an index on (column, id) starts from.
    """
    col = order.column
    nullable = qs.model._meta.get_field(col).null
    if not order.desc:
        if value is None:  # in the NULLs, which come last
            return qs.filter(**{f"{col}__isnull": True, "id__gt": pk})
        past = Q(**{f"{col}__gte": value}) & (Q(**{f"{col}__gt": value}) | Q(id__gt=pk))
        return qs.filter(past | Q(**{f"{col}__isnull": True}) if nullable else past)
    if value is None:  # in the NULLs, which come first
        return qs.filter(
            Q(**{f"{col}__isnull": True, "id__lt": pk}) | Q(**{f"{col}__isnull": False})
        )
    return qs.filter(Q(**{f"{col}__lte": value}) & (Q(**{f"{col}__lt": value}) | Q(id__lt=pk)))


def _rows(qs: QuerySet[Any], order: Order, limit: int, load: QuerySet[Any]) -> list[Any]:
    """The first ``limit`` rows of ``qs`` in ``order``: their ids first, then those rows from
    ``load``. When the order cannot come from an index (a search's matches), the database
    sorts narrow (column, id) pairs instead of whole rows, and the filters run once."""
    ids = list(qs.order_by(*order.order_by()).values_list("id", flat=True)[:limit])
    found = load.order_by().in_bulk(ids) if ids else {}
    return [found[pk] for pk in ids if pk in found]


def window(
    qs: QuerySet[Any],
    order: Order,
    size: int,
    after: str = "",
    before: str = "",
    load: QuerySet[Any] | None = None,
) -> Window:
    """The page of ``size`` rows of ``qs`` after the cursor ``after``, or before ``before``
    (the first page without either, or when the cursor does not decode). Near the start,
    going back shows the first page whole. The rows are read from ``load`` by id (the
    model's every row when not given): what to join and leave out when showing them."""
    load = qs.model._default_manager.all() if load is None else load
    if before and (at := decode(before, qs, order)) is not None:
        back = order.reversed()
        rows = _rows(_past(qs, back, *at), back, size + 1, load)
        if len(rows) > size:
            rows = rows[:size][::-1]
            return Window(rows, encode(rows[-1], order), encode(rows[0], order))
        # Fewer than a page before the cursor: the start of the list, as a full first page.
    elif after and (at := decode(after, qs, order)) is not None:
        rows = _rows(_past(qs, order, *at), order, size + 1, load)
        more = len(rows) > size
        rows = rows[:size]
        return Window(
            rows,
            encode(rows[-1], order) if more else None,
            encode(rows[0], order) if rows else None,  # past the end: "首页" only
        )
    rows = _rows(qs, order, size + 1, load)
    more = len(rows) > size
    rows = rows[:size]
    return Window(rows, encode(rows[-1], order) if more else None, None)
