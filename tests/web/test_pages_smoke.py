"""Every page renders for every role that may see it (and in Chinese)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["alice", "bob", "carol", "dave", "eve", "grace", "frank"])
def test_home_renders_for_every_role(client, users, seeded, name):
    client.force_login(getattr(users, name))
    r = client.get("/")
    assert r.status_code == 200
    assert "首页" in r.content.decode()


def test_a_form_without_its_csrf_token_is_refused_in_chinese(users, project):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users.alice)
    r = browser.post(f"/projects/{project.pk}/submit/")
    assert r.status_code == 403 and "页面已过期" in r.content.decode()
    project.refresh_from_db()
    assert project.status == "draft"


@pytest.mark.parametrize("path", ["/projects/999999/", "/nothing-here/"])
def test_404_pages_are_in_chinese(client, users, path):
    client.force_login(users.alice)
    r = client.get(path)
    assert r.status_code == 404 and "页面不存在" in r.content.decode()


def test_the_unit_home_shows_the_exact_budget_total_and_score(client, users, seeded):
    client.force_login(users.alice)
    html = client.get("/").content.decode()
    assert "788.92 万元" in html
    # the seed's document score (docs/review.md), in the band the core's one table gives
    assert 'class="score low" title="较差">59<' in html


def test_every_page_names_an_icon_that_exists(client, users):
    # Without one, browsers fetch /favicon.ico and log a 404 on every page.
    import re

    page = client.get("/login/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', page)
    assert icon is not None
    assert client.get(icon.group(1)).status_code == 200


def test_the_unit_home_says_what_to_do_next_with_each_document(client, users, seeded):
    """A newcomer's home named the year's document but not the next step: drafts are to be
    reviewed and submitted; once approved, monitoring and self-evaluation are linked."""
    import re

    from jixiao.web.goals.models import APPROVED

    client.force_login(users.alice)

    def next_step() -> str:
        html = client.get("/").content.decode()
        m = re.search(r'<small class="next-step muted">(.*?)</small>', html, re.S)
        assert m is not None
        return m.group(1)

    assert "有 36 个草稿项目" in next_step() and "提交审核" in next_step()
    assert (
        f'href="/monitoring/units/{seeded.unit_id}/?year=2022"'
        not in client.get("/").content.decode()
    )
    seeded.projects.update(status=APPROVED)
    assert "项目均已审核" in next_step() and "运行监控" in next_step()
    html = client.get("/").content.decode()
    assert f'href="/monitoring/units/{seeded.unit_id}/?year=2022"' in html
    assert f'href="/evaluation/units/{seeded.unit_id}/?year=2022"' in html


def test_the_reviewer_home_with_nothing_to_review_points_to_the_rest_of_the_year(
    client, users, seeded
):
    client.force_login(users.bob)
    import re

    html = client.get("/").content.decode()
    empty = re.search(r'<p class="muted" id="queue-empty">(.*?)</p>', html, re.S)
    assert empty is not None  # the nav has these links too: look in the paragraph
    for href in ("/monitoring/", "/evaluation/", "/rechecks/", "/rectifications/"):
        assert f'href="{href}"' in empty.group(1)
