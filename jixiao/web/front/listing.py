"""The project list: search, filters, sorting and pagination in a fixed number of queries.

Filters and sorts the database can do stay in the database (one ``COUNT`` and one page
query). A score filter or a sort by score needs every matching project's score: then one
light query fetches ids and document ids, scores come from `quality` (cached per document),
and only the page's rows are loaded in full.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import QueryDict

from jixiao.core.bounds import MAX_INT, parse_int
from jixiao.web.front import quality
from jixiao.web.goals.models import STATUSES, Project
from jixiao.web.goals.search import search_projects
from jixiao.web.permissions import visible_projects, visible_units

#: Sort keys offered on the page → database ordering (``None``: sorted by score in Python).
SORTS: dict[str, tuple[str, list[str] | None]] = {
    "code": ("项目编码", ["code", "id"]),
    "name": ("项目名称", ["name", "id"]),
    "budget": ("预算数", ["budget_amount", "id"]),
    "score": ("质量得分", None),
    "status": ("状态", ["status", "id"]),
}
#: The document's JSON columns (goals, measures, every project's summary): large, and never
#: shown in a list, so list queries leave them out instead of decoding them on every row.
DOCUMENT_TEXT = ("document__overall_goals", "document__measures", "document__project_summaries")


def with_unit(qs: QuerySet[Project]) -> QuerySet[Project]:
    """``qs`` with each project's document and unit joined (minus the document's JSON)."""
    return qs.select_related("document__unit").defer(*DOCUMENT_TEXT)


DEFAULT_ORDER = ["-document__year", "document__unit__code", "seq", "id"]
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
    dropped: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, get: QueryDict) -> Params:
        p = cls(q=get.get("q", "").strip()[:100])
        p.unit = _int(get.get("unit"))
        p.unit_code = get.get("unit_code", "").strip()[:50]
        status = get.get("status", "")
        p.status = status if status in STATUSES else ""
        p.year = _int(get.get("year"), 1900, 2999)
        p.score_min = _int(get.get("score_min"), 0, 100)
        p.score_max = _int(get.get("score_max"), 0, 100)
        sort = get.get("sort", "")
        p.desc = sort.startswith("-")
        p.sort = sort.lstrip("-") if sort.lstrip("-") in SORTS else ""
        p.page = _int(get.get("page"), 1) or 1
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
    page: Page
    rows: list[Project]
    scores: dict[int, int]
    count: int


def listing(user: Any, p: Params) -> Listing:
    qs = filtered(user, p)
    if not p.by_score:
        _, order = SORTS.get(p.sort, ("", None)) if p.sort else ("", DEFAULT_ORDER)
        order = list(order or DEFAULT_ORDER)
        if p.desc:
            order = [o[1:] if o.startswith("-") else f"-{o}" for o in order]
        paginator = Paginator(with_unit(qs).order_by(*order), p.per)
        page = paginator.get_page(p.page)
        rows = list(page.object_list)
        return Listing(page, rows, quality.scores_for(rows), paginator.count)
    light = list(qs.order_by(*DEFAULT_ORDER).values_list("id", "document_id"))
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
        id_page, rows, {pk: s for pk, s in scores.items() if s is not None}, by_score.count
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
    years = sorted(
        {
            y
            for y in visible_projects(user)
            .order_by()
            .values_list("document__year", flat=True)
            .distinct()
            if y is not None
        },
        reverse=True,
    )
    return {"units": units, "years": years, "statuses": STATUSES, "sorts": SORTS}
