"""Spending and indicator progress, hand-computed on the seed's plans (domain.md §5)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.actual_values import parse_actual
from jixiao.core.monitoring import (
    IndicatorEntry,
    Payment,
    elapsed_months,
    indicator_color,
    monitor,
    spending_color,
    spending_progress,
    worst,
)
from jixiao.core.targets import parse_target

D = Decimal
P1 = "13021322P00000410179E"  # 2.28 万元, plan 25/50/75/100
P2 = "13021322P000004101777"  # 15.96 万元, plan 30/60/90/100
P11 = "13021322P00000410190M"  # 1.40 万元, plan 40%, blank, 100%, blank
P16 = "13021322P00000410183L"  # 3.00 万元, plan blank, blank, blank, 100%


def day(s: str) -> datetime.date:
    return datetime.date.fromisoformat(s)


def pay(code: str, date: str, wan: str, line: int = 0) -> Payment:
    return Payment(day(date), code, D(wan), "", line)


@pytest.mark.parametrize(
    ("as_of", "months"),
    [
        ("2022-01-01", 0),
        ("2022-02-28", 2),
        ("2022-03-30", 2),
        ("2022-03-31", 3),
        ("2022-06-30", 6),
        ("2022-12-30", 11),
        ("2022-12-31", 12),
        ("2021-12-31", 0),
        ("2023-01-15", 12),
    ],
)
def test_elapsed_months_count_a_month_only_at_its_end(as_of, months):
    assert elapsed_months(day(as_of), 2022) == months


def test_leap_february_ends_on_the_29th():
    assert elapsed_months(day("2024-02-28"), 2024) == 1
    assert elapsed_months(day("2024-02-29"), 2024) == 2


@pytest.mark.parametrize(
    ("rate", "expected", "color"),
    [
        ("59.99", "100", "red"),
        ("60", "100", "yellow"),
        ("79.99", "100", "yellow"),
        ("80", "100", "green"),
        ("150", "100", "green"),
        ("12", "40", "red"),  # ratio 30
        ("32", "40", "green"),  # ratio 80 exactly
        ("0", "0", "green"),  # nothing expected yet
        (None, "0", "green"),
        (None, "50", None),  # no budget, nothing to compare
    ],
)
def test_spending_color_thresholds(rate, expected, color):
    assert spending_color(None if rate is None else D(rate), D(expected)) == color


# -- a plan with a blank after a filled cell (project 11: 40%, blank, 100%, blank) -------


@pytest.mark.parametrize(
    ("as_of", "spent", "expected", "rate", "color"),
    [
        ("2022-03-30", "0", "0.00", "0.00", "green"),  # before the first checkpoint
        ("2022-03-31", "0.28", "40.00", "20.00", "red"),  # at it: ratio 50
        ("2022-06-30", "0.42", "40.00", "30.00", "yellow"),  # blank carries 40: ratio 75
        ("2022-08-15", "0.42", "40.00", "30.00", "yellow"),  # between checkpoints
        ("2022-10-31", "1.12", "100.00", "80.00", "green"),  # ratio exactly 80
        ("2022-12-31", "1.12", "100.00", "80.00", "green"),  # blank December keeps 100
    ],
)
def test_project_11_at_and_between_checkpoints(seed_doc, as_of, spent, expected, rate, color):
    project = seed_doc.project_by_code(P11)
    payments = [pay(P11, "2022-01-10", spent)]
    s = spending_progress(project, payments, day(as_of))
    assert (s.executed, s.expected_percent, s.execution_rate, s.color) == (
        D(spent),
        D(expected),
        D(rate),
        color,
    )
    assert s.basis == "plan"


def test_project_11_forecast_keeps_the_gap_and_spends_the_rest_as_planned(seed_doc):
    s = spending_progress(
        seed_doc.project_by_code(P11), [pay(P11, "2022-05-01", "0.42")], day("2022-06-30")
    )
    # 0.42 spent; the plan still has 100 − 40 = 60 % of 1.40 to go → 0.42 + 0.84.
    assert s.forecast == D("1.26")
    assert s.forecast_rate == D("90.00")


# -- a plan with leading blanks (project 16: blank, blank, blank, 100%) -------------------


def test_project_16_is_green_with_no_spending_until_december(seed_doc):
    s = spending_progress(seed_doc.project_by_code(P16), [], day("2022-11-30"))
    assert (s.expected_percent, s.execution_rate, s.color) == (D("0.00"), D("0.00"), "green")
    assert s.time_percent == D("91.67")
    assert s.forecast == D("3.00")


@pytest.mark.parametrize(("spent", "color"), [("0", "red"), ("1.80", "yellow"), ("2.40", "green")])
def test_project_16_at_year_end(seed_doc, spent, color):
    s = spending_progress(
        seed_doc.project_by_code(P16), [pay(P16, "2022-12-20", spent)], day("2022-12-31")
    )
    assert s.expected_percent == D("100.00")
    assert s.color == color
    assert s.forecast == D(spent)  # the year is over: the forecast is what was spent


def test_a_project_with_no_payments(seed_doc):
    s = spending_progress(seed_doc.project_by_code(P2), [], day("2022-06-30"))
    assert (s.executed, s.payments, s.execution_rate, s.expected_percent) == (
        D(0),
        0,
        D("0.00"),
        D("60.00"),
    )
    assert s.color == "red"
    assert s.forecast == D("6.384")  # 15.96 × (100 − 60) %


def test_refunds_reduce_spending(seed_doc):
    project = seed_doc.project_by_code(P1)
    gross = [pay(P1, "2022-02-01", "0.57")]  # 25 % of 2.28: on plan
    refund = pay(P1, "2022-03-15", "-0.228")
    assert spending_progress(project, gross, day("2022-03-31")).color == "green"
    s = spending_progress(project, [*gross, refund], day("2022-03-31"))
    assert (s.executed, s.refunds, s.payments) == (D("0.342"), D("0.228"), 2)
    assert (s.execution_rate, s.ratio, s.color) == (D("15.00"), D("60.00"), "yellow")


def test_without_a_plan_time_progress_is_the_yardstick(seed):
    project = seed.project_by_code(P1)
    for cell in project.spending_plan.cells:
        cell.percent, cell.text = None, ""
    s = spending_progress(project, [pay(P1, "2022-02-01", "0.456")], day("2022-04-30"))
    # 4 months → 33.33 %; 0.456 / 2.28 = 20 % → ratio 60
    assert (s.basis, s.time_percent, s.expected_percent) == ("time", D("33.33"), D("33.33"))
    assert (s.execution_rate, s.color) == (D("20.00"), "yellow")
    assert s.forecast == D("0.456") + D("2.28") * (D(100) - D(400) / 12) / 100


def test_payments_of_other_projects_years_or_later_dates_do_not_count(seed_doc):
    project = seed_doc.project_by_code(P1)
    payments = [
        pay(P1, "2022-02-01", "0.5"),
        pay(P2, "2022-02-01", "9"),
        pay(P1, "2021-12-31", "9"),
        pay(P1, "2022-04-01", "9"),
    ]
    assert spending_progress(project, payments, day("2022-03-31")).executed == D("0.5")


# -- monitor(): the whole document --------------------------------------------------------


def test_monitor_places_every_payment(seed_doc):
    payments = [
        pay(P1, "2022-02-01", "0.57", 2),
        pay("NOT-IN-DOC", "2022-02-01", "1", 3),
        pay(P2, "2021-12-31", "2", 4),
        pay(P2, "2022-07-01", "3", 5),
        pay(P1, "2022-03-01", "-0.07", 6),
    ]
    r = monitor(seed_doc, payments, day("2022-06-30"))
    assert [p.line for p in r.unmatched] == [3]
    assert [p.line for p in r.out_of_year] == [4]
    assert r.later == 1
    first = r.projects[0].spending
    assert (first.executed, first.refunds, first.payments) == (D("0.50"), D("0.07"), 2)
    t = r.totals
    assert (t.projects, t.budget, t.executed, t.refunds) == (36, D("788.92"), D("0.50"), D("0.07"))
    assert (t.unmatched, t.unmatched_amount, t.out_of_year, t.later) == (1, D(1), 1, 1)
    assert sum(t.colors.values()) == 36


def test_monitor_totals_expected_is_budget_weighted(seed_doc):
    r = monitor(seed_doc, [], day("2022-03-31"))
    weighted = sum(p.budget.total * p.spending_plan.expected_percent(3) for p in seed_doc.projects)
    assert r.totals.expected_percent == (weighted / D("788.92")).quantize(D("0.01"))
    # nothing spent, so every project with a March checkpoint above 0 is red
    reds = sum(1 for p in seed_doc.projects if p.spending_plan.expected_percent(3) > 0)
    assert r.totals.colors["red"] == reds
    assert r.totals.colors["green"] == 36 - reds


# -- indicator progress ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "value", "months", "progress", "color"),
    [
        ("≥100", "29", 6, "58.00", "red"),
        ("≥100", "30", 6, "60.00", "yellow"),
        ("≥100", "40", 6, "80.00", "green"),
        ("≥100", "59", 6, "118.00", "green"),
        ("≥100", "60", 6, "120.00", "blue"),
        ("＞90%", "45%", 6, "100.00", "green"),
        ("100", "25", 3, "100.00", "green"),  # bare number read as at least
        ("≥100", "0", 0, None, "green"),  # no time elapsed yet
        ("≥0", "0", 6, None, "green"),
        ("≤5天", "5天", 6, None, "green"),
        ("≤5天", "6天", 6, None, "red"),
        ("<5天", "5天", 6, None, "red"),
        ("<5天", "4天", 6, None, "green"),
        ("达成年度指标", "达成", 6, None, "green"),
        ("达成年度指标", "部分达成年度指标并具有一定效果", 6, None, "yellow"),
        ("达成年度指标", "未达成年度指标且效果较差", 6, None, "red"),
        ("优", "良", 6, None, "green"),
        ("优", "中", 6, None, "yellow"),
        ("优", "差", 6, None, "red"),
        ("好", "12", 6, None, None),  # a qualitative target with a number: cannot compare
    ],
)
def test_indicator_colors(target, value, months, progress, color):
    got = indicator_color(parse_target(target), parse_actual(value), months)
    assert got == (None if progress is None else D(progress), color)


def test_a_project_shows_its_worst_color(seed_doc):
    entries = [
        IndicatorEntry(P1, 1, "60", expected_value="100", likelihood="确定能"),
        IndicatorEntry(
            P2,
            1,
            "29",
            deviation_reason="人员到岗晚",
            correction_needed=True,
            follow_up="下季度补发",
        ),
    ]
    payments = [pay(P1, "2022-02-01", "1.14"), pay(P2, "2022-02-01", "9.576")]
    r = monitor(seed_doc, payments, day("2022-06-30"), entries)
    p1, p2 = r.projects[0], r.projects[1]
    assert (p1.spending.color, p1.indicators[0].color, p1.color) == ("green", "blue", "blue")
    assert (p2.spending.color, p2.indicators[0].color, p2.color) == ("green", "red", "red")
    assert p2.indicators[0].entry.deviation_reason == "人员到岗晚"


def test_worst_order():
    assert worst(["green", "blue", "yellow"]) == "yellow"
    assert worst(["green", "blue"]) == "blue"
    assert worst([None, "green"]) == "green"
    assert worst([None]) is None


# -- properties ---------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=1000, places=2)
dates = st.dates(min_value=datetime.date(2022, 1, 1), max_value=datetime.date(2022, 12, 31))
RANK = {"red": 0, "yellow": 1, "green": 2}


@given(a=amounts, b=amounts, as_of=dates)
def test_spending_more_never_worsens_the_color(seed_doc, a, b, as_of):
    """Within the budget; beyond it, see the next property."""
    project = seed_doc.project_by_code(P11)
    lo, hi = sorted([a, b])
    s_hi = spending_progress(project, [pay(P11, "2022-01-01", str(hi))], as_of)
    if s_hi.forecast_rate is not None and s_hi.forecast_rate > 100:
        return
    c_lo = spending_progress(project, [pay(P11, "2022-01-01", str(lo))], as_of).color
    assert RANK[c_lo] <= RANK[s_hi.color]


@given(a=amounts, as_of=dates)
def test_spending_beyond_the_budget_is_never_green(seed_doc, a, as_of):
    project = seed_doc.project_by_code(P11)
    s = spending_progress(project, [pay(P11, "2022-01-01", str(a))], as_of)
    if s.execution_rate is not None and s.execution_rate > 100:
        assert s.color == "red"
    elif s.forecast_rate is not None and s.forecast_rate > 100:
        assert s.color != "green"


@given(a=amounts, as_of=dates)
def test_forecast_is_never_below_what_is_spent(seed_doc, a, as_of):
    s = spending_progress(seed_doc.project_by_code(P2), [pay(P2, "2022-01-01", str(a))], as_of)
    assert s.forecast is not None and s.forecast >= s.executed
    assert 0 <= s.time_percent <= 100


def test_a_code_used_twice_counts_once_and_is_reported(seed):
    seed.projects[1].code = P1
    seed.projects[2].code = None
    r = monitor(
        seed, [pay(P1, "2022-02-01", "1"), pay(P1, "2022-02-02", "-0.5")], day("2022-03-31")
    )
    assert [p.spending.executed for p in r.projects[:3]] == [D("0.5"), D(0), D(0)]
    assert [p.spending.refunds for p in r.projects[:3]] == [D("0.5"), D(0), D(0)]
    assert r.totals.executed == D("0.5")
    assert len(r.warnings) == 2 and "重复" in r.warnings[0] and "没有项目编码" in r.warnings[1]


def test_spending_curve_for_charts(seed_doc):
    from jixiao.core.monitoring import spending_curve

    payments = [
        pay(P11, "2022-01-10", "0.28"),
        pay(P11, "2022-03-31", "0.14"),
        pay(P11, "2022-04-02", "-0.07"),
        pay(P11, "2021-12-31", "9"),
        pay(P1, "2022-02-01", "9"),
    ]
    curve = spending_curve(seed_doc.project_by_code(P11), payments, 2022, day("2022-04-30"))
    assert [(c.month, c.planned_percent, c.executed, c.executed_percent) for c in curve] == [
        (1, D("0.00"), D("0.28"), D("20.00")),
        (2, D("0.00"), D("0.28"), D("20.00")),
        (3, D("40.00"), D("0.42"), D("30.00")),
        (4, D("40.00"), D("0.35"), D("25.00")),
    ]
    full = spending_curve(seed_doc.project_by_code(P11), payments, 2022)
    assert len(full) == 12 and full[9].planned_percent == D("100.00")


codes = st.sampled_from([P1, P2, P11, P16, "UNKNOWN"])
any_dates = st.dates(min_value=datetime.date(2021, 11, 1), max_value=datetime.date(2023, 2, 1))
signed = st.decimals(min_value=-100, max_value=1000, places=4)


@given(
    rows=st.lists(st.tuples(codes, any_dates, signed), max_size=40),
    as_of=any_dates,
)
def test_every_payment_is_counted_or_listed(seed_doc, rows, as_of):
    payments = [Payment(d, c, a, "", i) for i, (c, d, a) in enumerate(rows)]
    r = monitor(seed_doc, payments, as_of)
    counted = sum(p.spending.payments for p in r.projects)
    assert counted + len(r.unmatched) + len(r.out_of_year) + r.later == len(payments)
    expected = sum(
        (
            p.amount
            for p in payments
            if p.project_code != "UNKNOWN" and p.date.year == 2022 and p.date <= as_of
        ),
        D(0),
    )
    assert r.totals.executed == expected
