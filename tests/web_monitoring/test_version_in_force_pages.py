"""Monitoring and self-evaluation use the project version in force on each date: before an
approved adjustment's effective date the approved original, from it the adjusted one."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from jixiao.core.formats.json_io import project_to_dict
from jixiao.web.adjustments.services import approve_adjustment, request_adjustment
from jixiao.web.goals import workflow
from jixiao.web.goals.editing import ChangeError
from jixiao.web.goals.mapping import project_from_db
from jixiao.web.monitoring.data import project_score, unit_monitoring
from jixiao.web.monitoring.services import add_payment, save_evaluation

D = Decimal
EFFECTIVE = datetime.date(2022, 7, 1)
PLAN = [{"month": 3, "text": "50%"}, {"month": 6, "text": "60%"}, {"month": 12, "text": "100%"}]
ADJUSTED_PLAN = [
    {"month": 3, "text": "25%"},
    {"month": 6, "text": "30%"},
    {"month": 12, "text": "100%"},
]


@pytest.fixture
def approved(project, users):
    """Project 1 (budget 2.28 万元) approved with a plan of 50 % by March, 60 % by June."""
    from jixiao.web.goals.editing import apply_changes
    from jixiao.web.goals.mapping import project_to_db

    project_to_db(project, apply_changes(project_from_db(project), {"spending_plan": PLAN}))
    workflow.submit(project, users.alice)
    workflow.approve(project, users.bob)
    project.refresh_from_db()
    return project


def adjust(project, users, effective=EFFECTIVE):
    """Double the budget, flatten the plan and lower the first target to ≥50."""
    indicators = project_to_dict(project_from_db(project))["indicators"]
    indicators = [
        {**i, "target": "≥50" if k == 0 else i["target"]["text"]} for k, i in enumerate(indicators)
    ]
    changes = {
        "budget": {"total": "4.56", "fiscal": "4.56"},
        "spending_plan": ADJUSTED_PLAN,
        "indicators": indicators,
    }
    adj = request_adjustment(project, users.alice, "追加预算", changes)
    adj = approve_adjustment(adj, users.bob, effective)
    project.refresh_from_db()
    return adj


def spending(document, day):
    report = unit_monitoring(document, day).report
    return report.projects[0].spending


def test_payments_are_measured_against_the_version_in_force(approved, users):
    add_payment(approved, users.alice, date=datetime.date(2022, 3, 10), amount=D("1.14"))
    adjust(approved, users)
    document = approved.document
    march = spending(document, datetime.date(2022, 3, 31))
    # Before 1 July: the original budget and plan (1.14 of 2.28 = 50 %, 50 % planned).
    assert (march.budget, march.execution_rate, march.expected_percent) == (
        D("2.28"),
        D("50.00"),
        D("50.00"),
    )
    july = spending(document, datetime.date(2022, 7, 31))
    # From 1 July: the adjusted ones (1.14 of 4.56 = 25 %, 30 % planned by June).
    assert (july.budget, july.execution_rate, july.expected_percent) == (
        D("4.56"),
        D("25.00"),
        D("30.00"),
    )


def test_the_project_page_and_its_chart_follow_the_version(login, users, approved):
    add_payment(approved, users.alice, date=datetime.date(2022, 3, 10), amount=D("1.14"))
    adjust(approved, users)
    client = login(users.alice)
    page = reverse("monitoring:project", args=[approved.pk])
    r = client.get(page, {"as_of": "2022-03-31"})
    assert r.context["s"].budget == D("2.28") and r.context["adjusted"]
    r = client.get(page, {"as_of": "2022-07-31"})
    assert r.context["s"].budget == D("4.56")
    chart = r.context["chart"]
    assert (chart["planned"][2], chart["executed"][2]) == ("50.00", "50.00")  # March: original
    assert (chart["planned"][6], chart["executed"][6]) == ("30.00", "25.00")  # July: adjusted


def test_evaluation_takes_the_year_end_version(login, users, approved):
    adjust(approved, users)
    # What is typed as 全年预算数 does not count: the version in force at year end does.
    save_evaluation(approved, users.alice, budget_adjusted=D("9.99"), executed=D("4.56"))
    score = project_score(approved)
    assert score.budget.budget_adjusted == D("4.56") and score.execution_rate == D("100.00")
    assert score.lines[0].target == "≥50"
    r = login(users.alice).get(reverse("monitoring:evaluation", args=[approved.pk]))
    assert 'name="budget_adjusted" value="4.56" readonly' in r.content.decode()


def test_an_adjustment_effective_after_the_year_leaves_the_year_end_original(users, approved):
    save_evaluation(approved, users.alice, executed=D("2.28"))
    with pytest.raises(ChangeError, match="不在 2022 预算年度内"):
        adjust(approved, users, effective=datetime.date(2023, 1, 1))
    assert project_score(approved).budget.budget_adjusted == D("2.28")


def test_approval_without_a_date_takes_effect_within_the_year(users, approved):
    adj = adjust(approved, users, effective=None)
    # Approved after 2022 (today): in force from its last day, so the year end uses it.
    assert adj.effective_from == datetime.date(2022, 12, 31)
    save_evaluation(approved, users.alice, executed=D("2.28"))
    assert project_score(approved).budget.budget_adjusted == D("4.56")
    assert spending(approved.document, datetime.date(2022, 12, 30)).budget == D("2.28")
