"""One table of bands and colours: every copy (pages, CLI report, legend) reads it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from jixiao.core.model import Budget, PlanCell, Project, SpendingPlan
from jixiao.core.monitoring.progress import progress_from_totals
from jixiao.core.review.formatters import format_html
from jixiao.core.scales import (
    COLOR_LABELS,
    COLORS,
    QUALITY_BANDS,
    color_legend,
    quality_band,
    quality_legend,
)

D = Decimal


def project(plan: list[str | None]) -> Project:
    cells = [
        PlanCell(m, v, None if v is None else D(v))
        for m, v in zip((3, 6, 10, 12), plan, strict=True)
    ]
    return Project(
        seq=1, code="P", name="项目", budget=Budget(D(100)), spending_plan=SpendingPlan(cells)
    )


@pytest.mark.parametrize(
    ("score", "key"),
    [(100, "high"), (90, "high"), (89, "mid"), (60, "mid"), (59, "low"), (0, "low")],
)
def test_quality_bands(score, key):
    assert quality_band(score).key == key


@pytest.mark.parametrize("score", [59, 60, 79, 80, 89, 90])
def test_cli_html_report_uses_the_same_bands_as_the_pages(score):
    from django.template import Context, Template

    from jixiao.core.review.engine import Report

    page = Template("{% load front %}{{ s|score }}").render(Context({"s": score}))
    report = Report(findings=[], score=score, projects=[], unit="单位", year=2022, file="a.txt")
    cli = format_html(report)
    key = quality_band(score).key
    assert f'class="score {key}"' in page
    assert f'score {key}">{score}<' in cli


def test_the_legend_explains_every_colour_from_the_table():
    legend = color_legend()
    assert [c for c, _, _ in legend] == list(COLORS)
    assert {c: label for c, label, _ in legend} == COLOR_LABELS
    blue = dict((c, m) for c, _, m in legend)["blue"]
    assert "120 及以上" in blue and "超过预算数" in blue
    assert "低于 60" in dict((c, m) for c, _, m in legend)["red"]


def test_a_forecast_beyond_the_budget_is_not_green():
    # Plan: 50 % by June, 100 % by December; 90 spent by June → forecast 140 % of budget.
    p = project(["10", "50", "80", "100"])
    s = progress_from_totals(p, D(90), D(0), 1, 6)
    assert s.forecast_rate == D("140.00")
    assert s.color == "blue"


def test_spending_beyond_the_budget_is_red():
    p = project(["10", "50", "80", "100"])
    assert progress_from_totals(p, D(120), D(0), 1, 12).color == "red"


def test_on_plan_is_green():
    p = project(["10", "50", "80", "100"])
    s = progress_from_totals(p, D(50), D(0), 1, 6)
    assert (s.forecast_rate, s.color) == (D("100.00"), "green")


def test_bands_are_ordered_best_first():
    lows = [b.low for b in QUALITY_BANDS]
    assert lows == sorted(lows, reverse=True) and lows[-1] == 0
    assert re.fullmatch(r"良好 ≥90，一般 60–<90，较差 <60", quality_legend())
