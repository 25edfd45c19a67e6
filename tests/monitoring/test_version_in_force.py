"""The project version in force on a date (after goal adjustments) drives monitoring."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest

from jixiao.core.model import Budget, Document, PlanCell, Project, SpendingPlan, Unit
from jixiao.core.monitoring import Payment, monitor, spending_curve
from jixiao.core.versions import Version, document_in_force, in_force, year_end

D = Decimal
EFFECTIVE = datetime.date(2022, 7, 1)


def plan(*percents: str | None) -> SpendingPlan:
    return SpendingPlan(
        [
            PlanCell(m, p, None if p is None else D(p))
            for m, p in zip((3, 6, 10, 12), percents, strict=True)
        ]
    )


ORIGINAL = Project(1, "P1", "项目", Budget(D(100)), spending_plan=plan("50", "60", "80", "100"))
ADJUSTED = replace(ORIGINAL, budget=Budget(D(200)), spending_plan=plan("25", "30", "40", "100"))
VERSIONS = [Version(ORIGINAL), Version(ADJUSTED, EFFECTIVE)]


def test_before_the_effective_date_the_original_is_in_force():
    assert in_force(VERSIONS, datetime.date(2022, 6, 30)) is ORIGINAL
    assert in_force(VERSIONS, EFFECTIVE) is ADJUSTED
    assert in_force(VERSIONS, year_end(2022)) is ADJUSTED


def test_later_adjustments_win_and_an_empty_history_is_refused():
    third = replace(ADJUSTED, name="第二次调整")
    versions = [*VERSIONS, Version(third, datetime.date(2022, 10, 1))]
    assert in_force(versions, datetime.date(2022, 9, 30)) is ADJUSTED
    assert in_force(versions, datetime.date(2022, 10, 1)) is third
    with pytest.raises(ValueError):
        in_force([], EFFECTIVE)


def test_payments_are_compared_with_the_plan_in_force_that_day():
    doc = Document(Unit("1", "单位"), 2022, projects=[ORIGINAL])
    payments = [Payment(datetime.date(2022, 3, 10), "P1", D(50))]
    march = datetime.date(2022, 3, 31)
    before = monitor(document_in_force(doc, {0: VERSIONS}, march), payments, march)
    s = before.projects[0].spending
    # The original: 50 of 100 spent, 50 % planned by March.
    assert (s.budget, s.execution_rate, s.expected_percent) == (D(100), D("50.00"), D("50.00"))
    july = datetime.date(2022, 7, 31)
    after = monitor(document_in_force(doc, {0: VERSIONS}, july), payments, july)
    s = after.projects[0].spending
    # The adjusted: 50 of 200 spent, 30 % planned by June (the last checkpoint ended).
    assert (s.budget, s.execution_rate, s.expected_percent) == (D(200), D("25.00"), D("30.00"))


def test_the_curve_measures_each_month_against_its_version():
    payments = [Payment(datetime.date(2022, 3, 10), "P1", D(50))]
    points = spending_curve(ORIGINAL, payments, 2022, versions=VERSIONS)
    assert (points[2].planned_percent, points[2].executed_percent) == (D("50.00"), D("50.00"))
    assert (points[6].planned_percent, points[6].executed_percent) == (D("30.00"), D("25.00"))
    # Without versions the current project is used for every month (as before).
    plain = spending_curve(ADJUSTED, payments, 2022)
    assert plain[2].executed_percent == D("25.00")
