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
