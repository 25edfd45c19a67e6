"""Monitoring follows approved projects only (`monitoring.data.is_monitored`): a document
with approved, draft, submitted and returned projects shows the approved ones with their
colours; the others are in no list, colour count or total on any surface (unit page, API,
project page), and the unit page names them in one line linking to the document."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from jixiao.core.amounts import DISPLAY_UNIT, convert
from jixiao.web.goals.models import APPROVED, RETURNED, SUBMITTED
from jixiao.web.monitoring.models import IndicatorProgress

AS_OF = "2022-06-30"  # half the year gone, nothing paid: a project with a budget is red
APPROVED_SEQS = {1, 2, 3, 4}


@pytest.fixture
def mixed(seeded):
    """The seed (36 projects): 4 approved, one submitted, one returned, 30 drafts."""
    seeded.projects.filter(seq__in=APPROVED_SEQS).update(status=APPROVED)
    seeded.projects.filter(seq=5).update(status=SUBMITTED)
    seeded.projects.filter(seq=6).update(status=RETURNED)
    return seeded


def test_only_approved_projects_are_listed_coloured_and_counted(login, users, org, mixed):
    bob = login(users.bob)
    page = bob.get(reverse("monitoring:unit", args=[org.unit_a.pk]), {"as_of": AS_OF})
    api = bob.get("/api/v1/monitoring", {"unit": org.unit_a.code, "year": 2022, "as_of": AS_OF})
    assert page.status_code == api.status_code == 200
    body = api.json()
    ctx = page.context

    listed = {ln["row"].seq for ln in ctx["lines"]}
    assert listed == APPROVED_SEQS
    assert {p["project"]["id"] for p in body["projects"]} == {ln["row"].pk for ln in ctx["lines"]}
    # Every colour count and total covers the same 4 projects on both surfaces.
    page_colors = {c["key"]: c["count"] for c in ctx["colors"]}
    api_colors = {c["key"]: c["projects"] for c in body["colors"]}
    assert page_colors == api_colors
    assert sum(page_colors.values()) == ctx["totals"].projects == body["totals"]["projects"] == 4
    approved = mixed.projects.filter(seq__in=APPROVED_SEQS)
    budget = sum(p.budget_total or Decimal(0) for p in approved)
    assert ctx["totals"].budget == budget
    assert Decimal(body["totals"]["budget"]) == convert(budget, mixed.money_unit, DISPLAY_UNIT)
    assert page_colors["red"] >= 1  # the approved ones are still coloured
    # The chart draws the listed projects only.
    assert len(ctx["chart"]["labels"]) == 4


def test_the_others_are_named_once_with_a_link(login, users, org, mixed):
    bob = login(users.bob)
    page = bob.get(reverse("monitoring:unit", args=[org.unit_a.pk]), {"as_of": AS_OF})
    text = page.content.decode()
    assert "另有 32 个项目尚未审核通过，审核通过后纳入监控" in text
    assert f'href="{reverse("document", args=[mixed.pk])}"' in text
    pending = bob.get(
        "/api/v1/monitoring", {"unit": org.unit_a.code, "year": 2022, "as_of": AS_OF}
    ).json()["pending"]
    others = mixed.projects.exclude(seq__in=APPROVED_SEQS)
    assert sorted(p["id"] for p in pending) == sorted(others.values_list("pk", flat=True))
    # Draft rows are not in the table at all (no red row, no lamp).
    for row in others:
        assert f'data-project="{row.pk}"' not in text


def test_all_approved_leaves_no_note(login, users, org, monitored):
    page = login(users.bob).get(reverse("monitoring:unit", args=[org.unit_a.pk]))
    assert not page.context["pending"]
    assert "尚未审核通过" not in page.content.decode()


@pytest.mark.parametrize("seq", [5, 6, 7])  # submitted, returned, draft
def test_a_project_not_approved_shows_no_colour_on_its_own_page(login, users, mixed, seq):
    row = mixed.projects.get(seq=seq)
    alice = login(users.alice)
    page = alice.get(reverse("monitoring:project", args=[row.pk]), {"as_of": AS_OF})
    assert page.status_code == 200
    assert page.context["color"] is None and page.context["spending_color"] is None
    assert page.context["monitored"] is False
    text = page.content.decode()
    assert 'id="not-monitored"' in text and "审核通过后纳入监控" in text
    before_legend = text.split('id="color-legend"')[0]
    assert 'class="lamp red"' not in before_legend and 'class="lamp yellow"' not in before_legend
    # An approved project's page keeps its colour.
    approved = mixed.projects.get(seq=1)
    page = alice.get(reverse("monitoring:project", args=[approved.pk]), {"as_of": AS_OF})
    assert page.context["monitored"] is True and page.context["color"] == "red"


def test_progress_on_a_draft_gets_no_colour(login, users, mixed):
    """Project 7 is a draft: a value that would be red needs no deviation reason (there is
    no approved target to deviate from yet) and its entry shows no colour."""
    row = mixed.projects.get(seq=7)
    client = login(users.alice)
    url = reverse("monitoring:progress_add", args=[row.pk])
    r = client.post(url, {"indicator": "1", "date": AS_OF, "value": "0"})
    assert r.status_code == 302, r.content.decode()[:500]
    assert IndicatorProgress.objects.filter(project=row).count() == 1
    page = client.get(reverse("monitoring:project", args=[row.pk]), {"as_of": AS_OF})
    assert all(r["p"] is None or r["p"].color is None for r in page.context["indicators"])


def test_the_unit_home_counts_what_monitoring_follows(login, users, org, mixed):
    """The home card's link and 下一步 to 运行监控 count the projects the monitoring page
    lists (`is_monitored`), not some other status test of their own."""
    page = login(users.bob).get(reverse("monitoring:unit", args=[org.unit_a.pk]), {"as_of": AS_OF})
    home = login(users.alice).get(reverse("home"))
    card = next(d for d in home.context["documents"] if d.pk == mixed.pk)
    assert card.monitored == len(page.context["lines"]) == len(APPROVED_SEQS)
    assert reverse("monitoring:unit", args=[org.unit_a.pk]) in home.content.decode()
    mixed.projects.update(status=SUBMITTED)  # nothing monitored: no link to monitoring
    home = login(users.alice).get(reverse("home"))
    card = next(d for d in home.context["documents"] if d.pk == mixed.pk)
    assert card.monitored == 0
    assert reverse("monitoring:unit", args=[org.unit_a.pk]) not in home.content.decode()
