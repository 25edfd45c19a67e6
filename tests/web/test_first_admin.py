"""第一次使用 in the browser: the one-time page `jixiao serve` prints makes the first
系统管理员; without the token, or once an administrator exists, it makes nobody."""

from __future__ import annotations

import pytest

from jixiao.web.accounts import first_run

PASSWORD = "First-admin-passw0rd"


@pytest.fixture
def token():
    yield first_run.issue()
    first_run.spend()


def post(client, token, **overrides):
    data = {
        "token": token,
        "username": "guanli",
        "full_name": "系统管理员",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return client.post("/first-admin/", {**data, **overrides})


@pytest.mark.django_db
def test_it_makes_the_first_administrator_once(client, token):
    from django.contrib.auth import get_user_model

    from jixiao.web.audit.models import AuditEntry

    login = client.get("/login/").content.decode()
    assert "系统还没有系统管理员" in login
    assert "创建系统管理员" in client.get(f"/first-admin/?token={token}").content.decode()
    done = post(client, token)
    assert done.status_code == 302 and done["Location"] == "/login/"
    page = client.get("/login/").content.decode()
    assert "已创建系统管理员 guanli" in page and "系统设置" in page
    assert "系统还没有系统管理员" not in page
    user = get_user_model().objects.get(username="guanli")
    assert user.profile.role == "admin" and not user.profile.must_change_password
    entry = AuditEntry.objects.get(action="user.create")
    assert entry.username == "第一次使用（网页）"
    # Spent: the same link now only points to the log-in page, and makes nobody.
    again = post(client, token, username="second")
    assert again.status_code == 302 and again["Location"] == "/login/"
    assert not get_user_model().objects.filter(username="second").exists()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_it_refuses_a_wrong_or_missing_token(client, token):
    from django.contrib.auth import get_user_model

    wrong = token[:-1] + ("x" if token[-1] != "x" else "y")  # never the token itself
    for given in ("", wrong):
        refused = post(client, given)
        assert refused.status_code == 403
        assert "这个地址无效或已经用过" in refused.content.decode()
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_it_refuses_without_a_token_issued(client):
    first_run.spend()
    assert post(client, "").status_code == 403


@pytest.mark.django_db
def test_it_says_what_is_wrong_with_the_password_in_chinese(client, token):
    from django.contrib.auth import get_user_model

    short = post(client, token, password1="short", password2="short").content.decode()
    assert "密码不合要求" in short or "至少" in short
    differ = post(client, token, password2=PASSWORD + "x").content.decode()
    assert "两次输入的密码不一致" in differ
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_the_new_administrators_home_page_says_what_to_do_first(client):
    from jixiao.web.accounts.services import create_admin

    client.force_login(create_admin("guanli", PASSWORD, by="test"))
    home = client.get("/").content.decode()
    assert "还没有任何单位。第一次使用：点击“系统设置”" in home and 'id="units"' not in home


@pytest.mark.django_db
def test_two_browsers_posting_at_once_make_one_administrator(client, token, monkeypatch):
    """The second browser posts while the first one's administrator is being made (on
    PostgreSQL neither sees the other's yet): it is refused, one administrator is made."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from jixiao.web.accounts import first_admin

    real = first_admin.create_admin
    other: list[int] = []

    def create_admin(*args, **kwargs):
        if not other:  # the other browser, at this very moment
            other.append(post(Client(), token, username="guanli2").status_code)
        return real(*args, **kwargs)

    monkeypatch.setattr(first_admin, "create_admin", create_admin)
    assert post(client, token).status_code == 302
    assert other == [403]
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["guanli"]


@pytest.mark.django_db
def test_a_refused_attempt_gives_the_token_back(client, token):
    from django.contrib.auth import get_user_model

    weak = post(client, token, password1="123", password2="123")
    assert weak.status_code == 200 and not get_user_model().objects.exists()
    assert post(client, token).status_code == 302  # the same token still works once
    assert first_run.matches(token) is False
