"""The project list: search, filters, sorting and pagination in a fixed number of queries.

Filters and sorts the database can do stay in the database: one page query by keyset
(`keyset`: "上一页 / 下一页" by cursor on (column, id), served by an index however deep) and
one count that stops at `counts.COUNT_LIMIT`, so neither reads every match. A score filter or
a sort by score needs every matching project's score: then one light query fetches ids and
document ids, scores come from `quality` (cached per document), and only the page's rows
are loaded in full (numbered pages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Max, QuerySet
from django.http import QueryDict

from jixiao.core.bounds import MAX_INT, MAX_YEAR, MIN_YEAR, parse_int
from jixiao.web.front import quality
from jixiao.web.front.counts import BoundedCount, bounded_count
from jixiao.web.front.keyset import MAX_CURSOR, Order, window
from jixiao.web.goals.models import STATUSES, Project
from jixiao.web.goals.search import search_projects
from jixiao.web.permissions import visible_documents, visible_projects, visible_units

#: Sort keys offered on the page → the column ordered by, then id (``None``: sorted by score
#: in Python).
SORTS: dict[str, tuple[str, str | None]] = {
    "code": ("项目编码", "code"),
    "name": ("项目名称", "name"),
    "budget": ("预算数", "budget_amount"),
    "score": ("质量得分", None),
    "status": ("状态", "status"),
}
#: Without a sort: the most recently changed first (indexes on (updated_at, id) and
#: (status, updated_at, id) serve it, with and without the status filter).
DEFAULT_ORDER = Order("updated_at", desc=True)
#: The year filter offers at most this many years (each found by one index lookup).
MAX_YEARS = 50
#: The document's JSON columns (goals, measures, every project's summary): large, and never
#: shown in a list, so list queries leave them out instead of decoding them on every row.
DOCUMENT_TEXT = ("document__overall_goals", "document__measures", "document__project_summaries")


def with_unit(qs: QuerySet[Project]) -> QuerySet[Project]:
    """``qs`` with each project's document and unit joined (minus the document's JSON)."""
    return qs.select_related("document__unit").defer(*DOCUMENT_TEXT)


PAGE_SIZES = (20, 50, 100)
#: Up to this many visible units the unit filter is a list to pick from; past it (a province
#: has tens of thousands: every list page would carry them all) a box for the unit's code.
UNIT_CHOICES = 200


def _int(raw: str | None, low: int = 0, high: int = MAX_INT) -> int | None:
    try:
        return parse_int(raw, "", low, high)
    except ValueError:
        return None


@dataclass
class Params:
    """The list's query string, validated (bad values are dropped, not errors)."""

    q: str = ""
    unit: int | None = None
    unit_code: str = ""
    status: str = ""
    year: int | None = None
    score_min: int | None = None
    score_max: int | None = None
    sort: str = ""
    desc: bool = False
    page: int = 1
    per: int = 50
    #: Keyset cursors (`keyset`): the page after / before this row.
    after: str = ""
    before: str = ""
    dropped: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, get: QueryDict) -> Params:
        p = cls(q=get.get("q", "").strip()[:100])
        p.unit = _int(get.get("unit"))
        p.unit_code = get.get("unit_code", "").strip()[:50]
        status = get.get("status", "")
        p.status = status if status in STATUSES else ""
        p.year = _int(get.get("year"), MIN_YEAR, MAX_YEAR)
        p.score_min = _int(get.get("score_min"), 0, 100)
        p.score_max = _int(get.get("score_max"), 0, 100)
        sort = get.get("sort", "")
        p.desc = sort.startswith("-")
        p.sort = sort.lstrip("-") if sort.lstrip("-") in SORTS else ""
        p.page = _int(get.get("page"), 1) or 1
        p.after = get.get("after", "")[:MAX_CURSOR]
        p.before = "" if p.after else get.get("before", "")[:MAX_CURSOR]
        p.per = _int(get.get("per")) or 50
        if p.per not in PAGE_SIZES:
            p.per = 50
        return p

    @property
    def by_score(self) -> bool:
        return self.sort == "score" or self.score_min is not None or self.score_max is not None

    def query(self, **override: Any) -> str:
        """The query string of these parameters with ``override`` applied (for links)."""
        values: dict[str, Any] = {
            "q": self.q,
            "unit": self.unit,
            "unit_code": self.unit_code,
            "status": self.status,
            "year": self.year,
            "score_min": self.score_min,
            "score_max": self.score_max,
            "sort": ("-" if self.desc else "") + self.sort if self.sort else "",
            "per": self.per if self.per != 50 else None,
            "page": self.page if self.page != 1 else None,
            "after": self.after,
            "before": self.before,
        }
        values.update(override)
        qd = QueryDict(mutable=True)
        for k, v in values.items():
            if v not in (None, ""):
                qd[k] = str(v)
        return qd.urlencode()


def filtered(user: Any, p: Params) -> QuerySet[Project]:
    qs = search_projects(visible_projects(user), p.q)
    if p.unit is not None:
        qs = qs.filter(document__unit_id=p.unit)
    if p.unit_code:
        qs = qs.filter(document__unit__code=p.unit_code)
    if p.status:
        qs = qs.filter(status=p.status)
    if p.year is not None:
        qs = qs.filter(document__year=p.year)
    return qs


@dataclass
class Listing:
    rows: list[Project]
    scores: dict[int, int]
    count: BoundedCount
    #: Numbered pages (the score sort and filter); ``None`` when paged by keyset.
    page: Page | None = None
    #: Keyset cursors of the next and previous pages (``None``: no such page).
    after: str | None = None
    before: str | None = None


def order_of(p: Params) -> Order:
    if not p.sort:
        return DEFAULT_ORDER
    column = SORTS[p.sort][1]
    assert column is not None  # the score sort is not a column
    return Order(column, p.desc)


def listing(user: Any, p: Params) -> Listing:
    qs = filtered(user, p)
    if not p.by_score:
        load = with_unit(Project.objects.all())
        page = window(qs, order_of(p), p.per, p.after, p.before, load)
        return Listing(
            page.rows,
            quality.scores_for(page.rows),
            bounded_count(qs),
            after=page.after,
            before=page.before,
        )
    light = list(qs.order_by(*DEFAULT_ORDER.order_by()).values_list("id", "document_id"))
    reviews = quality.reviews(doc for _, doc in light)
    scores = {pk: reviews[doc].scores.get(pk) for pk, doc in light if doc in reviews}
    ids = [pk for pk, _ in light if _score_matches(scores.get(pk), p)]
    if p.sort == "score":
        # Unscored projects (no review engine) sort last either way.
        ids.sort(key=lambda pk: (scores.get(pk) is None, scores.get(pk) or 0), reverse=False)
        if p.desc:
            scored = [pk for pk in ids if scores.get(pk) is not None][::-1]
            ids = scored + [pk for pk in ids if scores.get(pk) is None]
    by_score: Paginator[int] = Paginator(ids, p.per)
    id_page = by_score.get_page(p.page)
    by_id = with_unit(Project.objects.all()).in_bulk(list(id_page.object_list))
    rows = [by_id[pk] for pk in id_page.object_list if pk in by_id]
    return Listing(
        rows,
        {pk: s for pk, s in scores.items() if s is not None},
        BoundedCount(by_score.count),
        page=id_page,
    )


def _score_matches(score: int | None, p: Params) -> bool:
    if p.score_min is None and p.score_max is None:
        return True
    if score is None:
        return False
    return (p.score_min is None or score >= p.score_min) and (
        p.score_max is None or score <= p.score_max
    )


def filter_choices(user: Any) -> dict[str, Any]:
    """Units and years the user can filter by (two small queries). ``units`` is ``None``
    past `UNIT_CHOICES` units: the page then asks for a unit code instead of listing them."""
    first = list(
        visible_units(user).order_by("code").only("id", "code", "name")[: UNIT_CHOICES + 1]
    )
    units = first if len(first) <= UNIT_CHOICES else None
    return {"units": units, "years": visible_years(user), "statuses": STATUSES, "sorts": SORTS}


def visible_years(user: Any) -> list[int]:
    """The fiscal years of the documents ``user`` may see, latest first."""
    return latest_years(visible_documents(user))


def latest_years(rows: QuerySet[Any]) -> list[int]:
    """The distinct ``year`` values of ``rows`` (documents, roll-ups…), latest first.

    One index lookup per year (the latest year before the last one found) instead of reading
    every project: a province has a million projects and a handful of years."""
    years: list[int] = []
    while len(years) < MAX_YEARS:
        below = rows.filter(year__lt=years[-1]) if years else rows
        year = below.aggregate(y=Max("year"))["y"]
        if year is None:
            return years
        years.append(year)
    return years
