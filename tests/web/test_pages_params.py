"""The project list's query parameters: parsed leniently, and links reproduce them."""

from __future__ import annotations

from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.bounds import MAX_YEAR, MIN_YEAR
from jixiao.web.front.forms import error_label
from jixiao.web.front.listing import PAGE_SIZES, SORTS, Params

params = st.builds(
    Params,
    q=st.text(max_size=20).map(str.strip),
    unit=st.none() | st.integers(1, 10**6),
    status=st.sampled_from(["", "draft", "submitted", "returned", "approved"]),
    year=st.none() | st.integers(MIN_YEAR, MAX_YEAR),  # the core's years
    score_min=st.none() | st.integers(0, 100),
    score_max=st.none() | st.integers(0, 100),
    sort=st.sampled_from(["", *SORTS]),
    desc=st.booleans(),
    page=st.integers(1, 500),
    per=st.sampled_from(PAGE_SIZES),
)


@given(params)
def test_a_link_built_from_parameters_parses_back_to_them(p):
    if not p.sort:
        p.desc = False
    back = Params.parse(QueryDict(p.query()))
    assert back == p


@given(
    st.dictionaries(
        st.sampled_from(
            ["q", "unit", "status", "year", "score_min", "score_max", "sort", "page", "per"]
        ),
        st.text(max_size=12),
    )
)
def test_any_query_string_parses_without_error(raw):
    p = Params.parse(_qd(raw))
    assert p.page >= 1 and p.per in PAGE_SIZES
    assert p.status in ("", "draft", "submitted", "returned", "approved")
    assert p.score_min is None or 0 <= p.score_min <= 100


def _qd(raw: dict[str, str]) -> QueryDict:
    qd = QueryDict(mutable=True)
    for k, v in raw.items():
        qd[k] = v
    return qd


def test_error_paths_are_named_in_chinese():
    assert error_label("indicators[2].target") == "第 2 个指标的指标值"
    assert error_label("spending_plan[1].text") == "第 1 个支出计划时点的比例"
    assert error_label("budget.total") == "预算数"
    assert error_label("indicators[3]") == "第 3 个指标"
