"""Logging in and the base template (the pages themselves are tested elsewhere)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_home_sends_anonymous_users_to_the_login_page(client):
    r = client.get("/")
    assert r.status_code == 302 and r["Location"].startswith("/login/")


def test_a_user_logs_in_and_sees_its_role(client, users, seeded, password):
    r = client.post("/login/", {"username": "alice", "password": password}, follow=True)
    assert r.status_code == 200
    html = r.content.decode()
    assert "alice（填报人）" in html
    assert '<html lang="zh-Hans">' in html


def test_a_wrong_password_shows_a_chinese_message(client, users):
    r = client.post("/login/", {"username": "alice", "password": "nope"})
    assert r.status_code == 200
    assert "用户名或密码不正确" in r.content.decode()


def test_pages_keep_csrf_protection(users, password):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    r = browser.post("/login/", {"username": "alice", "password": password})
    assert r.status_code == 403


def test_the_header_names_the_role_once_when_the_name_is_the_role(client, users):
    users.carol.first_name = "系统管理员"
    users.carol.save()
    client.force_login(users.carol)
    page = client.get("/").content.decode()
    assert "系统管理员（系统管理员）" not in page
    assert "系统管理员" in page
