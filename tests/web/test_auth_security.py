"""等保 rules on logging in: lock-out, password rules, idle sessions, tokens, audit of access."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from jixiao.web.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _token(client, username: str, password: str):
    return client.post(
        "/api/v1/token",
        json.dumps({"username": username, "password": password}),
        content_type="application/json",
    )


# --- lock-out ---------------------------------------------------------------------------


def test_100_wrong_passwords_then_the_right_one_is_refused_on_the_login_page(
    client, users, password
):
    for _ in range(100):
        client.post("/login/", {"username": "alice", "password": "Wrong-passw0rd"})
    r = client.post("/login/", {"username": "alice", "password": password})
    assert r.status_code == 429
    assert "登录失败次数过多" in r.content.decode() and "锁定 15 分钟" in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_5_wrong_passwords_lock_the_token_endpoint_too(client, users, password):
    for _ in range(5):
        assert _token(client, "bob", "Wrong-passw0rd").status_code in (401, 429)
    r = _token(client, "bob", password)
    assert r.status_code == 429 and "登录失败次数过多" in r.json()["error"]
    # The lock-out is shared: the login page refuses bob as well.
    assert client.post("/login/", {"username": "bob", "password": password}).status_code == 429


def test_4_wrong_passwords_do_not_lock_and_a_login_resets_the_count(client, users, password):
    for _ in range(4):
        client.post("/login/", {"username": "carol", "password": "Wrong-passw0rd"})
    assert client.post("/login/", {"username": "carol", "password": password}).status_code == 302


def test_the_lock_out_ends_after_the_cool_off(client, users, password):
    from axes.models import AccessAttempt

    for _ in range(5):
        _token(client, "dave", "Wrong-passw0rd")
    assert _token(client, "dave", password).status_code == 429
    AccessAttempt.objects.all().delete()  # what the 15 minutes do
    assert _token(client, "dave", password).status_code == 201


# --- password rules -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("password", "密码长度太短"),
        ("12345678", "密码长度太短"),
        ("Passw0rd!", "密码长度太短"),
        ("abcdefghijkl", "至少 3 类"),
        ("Password123", "太常见"),
        ("Alice-2024-x", None),  # accepted: 12 characters, 4 classes
    ],
)
def test_password_rules(users, new, message):
    from jixiao.web.accounts.passwords import PasswordRuleError, check_password_rules

    if message is None:
        check_password_rules(new, users.alice)
        return
    with pytest.raises(PasswordRuleError) as e:
        check_password_rules(new, users.alice)
    assert str(e.value).startswith("密码不合要求：") and message in str(e.value)


def test_a_password_like_the_user_name_is_refused(org):
    from jixiao.web.accounts.passwords import PasswordRuleError
    from jixiao.web.accounts.services import create_user

    with pytest.raises(PasswordRuleError, match="与用户名或姓名太相似"):
        create_user("zhangsan01", "auditor", "Zhangsan01!")


def test_weak_passwords_are_refused_on_the_account_page(client, users, password):
    client.force_login(users.alice)
    for weak in ("password", "12345678", "alice-alice-alice"):
        r = client.post(
            "/account/",
            {"old_password": password, "new_password1": weak, "new_password2": weak},
        )
        assert r.status_code == 200 and "密码" in r.content.decode()
    users.alice.refresh_from_db()
    assert users.alice.check_password(password)


# --- sessions -------------------------------------------------------------------------------


def test_an_idle_session_ends(client, users):
    import time

    client.force_login(users.alice)
    assert client.get("/").status_code == 200
    session = client.session
    session["last_seen"] = int(time.time()) - 31 * 60
    session.save()
    r = client.get("/")
    assert r.status_code == 302 and r["Location"].startswith("/login/")


def test_the_session_cookie_lasts_the_idle_timeout(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60


# --- tokens ---------------------------------------------------------------------------------


def _api_get(client, token: str, path: str = "projects"):
    return client.get(f"/api/v1/{path}", headers={"Authorization": f"Bearer {token}"})


def test_a_token_is_refused_after_logging_out_of_the_pages(client, users, password):
    token = _token(client, "alice", password).json()["token"]
    assert _api_get(client, token).status_code == 200
    client.force_login(users.alice)
    client.post("/logout/")
    assert _api_get(client, token).status_code == 401


def test_a_token_is_refused_after_a_password_change(client, users, password):
    token = _token(client, "alice", password).json()["token"]
    client.force_login(users.alice)
    new = "Another-passw0rd-9"
    r = client.post(
        "/account/", {"old_password": password, "new_password1": new, "new_password2": new}
    )
    assert r.status_code == 302
    assert _api_get(client, token).status_code == 401
    assert client.get("/").status_code == 200  # the page session that changed it goes on


def test_delete_token_logs_the_token_out(client, users, password):
    token = _token(client, "alice", password).json()["token"]
    r = client.delete("/api/v1/token", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 204
    assert _api_get(client, token).status_code == 401


def test_an_expired_token_is_refused(client, users, password):
    from datetime import timedelta

    from django.utils import timezone

    from jixiao.web.accounts.models import ApiToken

    reply = _token(client, "alice", password).json()
    assert reply["expires"]
    ApiToken.objects.update(expires=timezone.now() - timedelta(seconds=1))
    assert _api_get(client, reply["token"]).status_code == 401


@override_settings(JIXIAO_TOKENS_PER_USER=3)
def test_tokens_are_capped_per_user_the_oldest_going_first(client, users, password):
    from jixiao.web.accounts.models import ApiToken

    first = _token(client, "alice", password).json()["token"]
    for _ in range(4):
        _token(client, "alice", password)
    assert ApiToken.objects.filter(user=users.alice).count() == 3
    assert _api_get(client, first).status_code == 401
    assert AuditEntry.objects.filter(action="token.revoke").count() == 2


def test_owners_list_and_revoke_their_tokens_and_admins_everybodys(client, users, password):
    alice = _token(client, "alice", password).json()["token"]
    bob = _token(client, "bob", password).json()["token"]
    mine = _api_get(client, alice, "tokens").json()
    assert [t["username"] for t in mine["results"]] == ["alice"]
    assert "token" not in mine["results"][0]
    everyone = _api_get(client, _token(client, "carol", password).json()["token"], "tokens")
    assert {t["username"] for t in everyone.json()["results"]} == {"alice", "bob", "carol"}
    bob_id = next(t["id"] for t in everyone.json()["results"] if t["username"] == "bob")
    # alice may not see bob's token; the admin revokes it.
    r = client.delete(f"/api/v1/tokens/{bob_id}", headers={"Authorization": f"Bearer {alice}"})
    assert r.status_code == 404
    client.force_login(users.carol)
    page = client.get("/account/").content.decode()
    assert "全部 API 令牌" in page and "bob" in page
    assert client.post(f"/account/tokens/{bob_id}/revoke/").status_code == 302
    assert _api_get(client, bob).status_code == 401


# --- the demo password --------------------------------------------------------------------


def _demo_user(org):
    from jixiao.web.accounts.services import create_user

    return create_user(
        "tianbao",
        "unit",
        "jixiao-demo",
        unit=org.unit_a,
        **__import__("jixiao.web.demo", fromlist=["DEMO_PASSWORD"]).DEMO_PASSWORD,
    )


def test_outside_demo_mode_the_demo_password_must_be_changed_first(client, org, settings):
    settings.JIXIAO_DEMO = False
    user = _demo_user(org)
    assert client.post("/login/", {"username": "tianbao", "password": "jixiao-demo"}).status_code
    r = client.get("/projects/")
    assert r.status_code == 302 and r["Location"] == "/account/"
    assert _token(client, "tianbao", "jixiao-demo").status_code == 403
    new = "Tianbao-new-passw0rd"
    client.post(
        "/account/", {"old_password": "jixiao-demo", "new_password1": new, "new_password2": new}
    )
    user.profile.refresh_from_db()
    assert not user.profile.must_change_password
    assert client.get("/projects/").status_code == 200


def test_in_demo_mode_the_demo_password_works(client, org, settings):
    settings.JIXIAO_DEMO = True
    _demo_user(org)
    client.post("/login/", {"username": "tianbao", "password": "jixiao-demo"})
    assert client.get("/projects/").status_code == 200
    assert _token(client, "tianbao", "jixiao-demo").status_code == 201


# --- audit of access ---------------------------------------------------------------------


def test_logins_failed_logins_and_logouts_are_audited(client, users, password):
    client.post("/login/", {"username": "alice", "password": "Wrong-passw0rd"})
    client.post("/login/", {"username": "alice", "password": password})
    client.post("/logout/")
    _token(client, "nobody", "x")
    entries = list(
        AuditEntry.objects.filter(action__in=["login", "login.failed", "logout"])
        .order_by("id")
        .values_list("action", "object_repr")
    )
    assert entries == [
        ("login.failed", "alice"),
        ("login", "alice"),
        ("logout", "alice"),
        ("login.failed", "nobody"),
    ]


def test_permission_denials_are_audited(client, users):
    client.force_login(users.alice)
    assert client.get("/audit/").status_code == 403
    entry = AuditEntry.objects.get(action="access.denied")
    assert entry.username == "alice" and entry.object_repr == "GET /audit/"


def test_exports_are_audited_and_not_cached(client, users, project):
    client.force_login(users.alice)
    r = client.get("/export/", {"project": project.pk, "format": "xlsx"})
    assert r.status_code == 200
    assert "no-store" in r["Cache-Control"]
    entry = AuditEntry.objects.get(action="export")
    assert entry.username == "alice" and entry.object_repr.endswith(".xlsx")
    assert entry.new["url"].startswith("/export/?")


def test_logged_in_pages_are_not_cached_and_carry_a_csp(client, users):
    client.force_login(users.alice)
    r = client.get("/")
    assert "no-store" in r["Cache-Control"]
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


# --- lifting a lock-out (系统设置 › 用户) -------------------------------------------------


def _lock(client, username: str) -> None:
    for _ in range(5):
        client.post("/login/", {"username": username, "password": "Wrong-passw0rd"})


def test_the_admin_sees_a_locked_user_and_lifts_the_lock_out(client, users, password):
    from django.test import Client

    from jixiao.web.accounts.lockout import locked_until

    _lock(Client(), "alice")
    assert locked_until("alice") is not None
    client.force_login(users.carol)
    listing = client.get("/setup/users/").content.decode()
    assert "已锁定" in listing
    page = client.get(f"/setup/users/{users.alice.pk}/").content.decode()
    assert "登录失败次数过多" in page and "解除锁定" in page
    r = client.post(f"/setup/users/{users.alice.pk}/", {"unlock": "1"})
    assert r.status_code == 302
    assert locked_until("alice") is None
    assert Client().post("/login/", {"username": "alice", "password": password}).status_code == 302
    entry = AuditEntry.objects.filter(action="user.update", object_repr="alice").last()
    assert entry.old == {"locked": True} and entry.new == {"locked": False}


def test_a_password_reset_by_the_admin_lifts_the_lock_out_too(client, users):
    from django.test import Client

    from jixiao.web.accounts.lockout import locked_until

    _lock(Client(), "alice")
    client.force_login(users.carol)
    new = "Reset-passw0rd-2026"
    r = client.post(
        f"/setup/users/{users.alice.pk}/", {"password": new, "password2": new, "reset": "1"}
    )
    assert r.status_code == 302, r.content.decode()
    assert locked_until("alice") is None


def test_an_unlocked_user_shows_no_lock_and_unlock_is_admin_only(client, users):
    client.force_login(users.carol)
    page = client.get(f"/setup/users/{users.alice.pk}/").content.decode()
    assert "解除锁定" not in page
    client.force_login(users.bob)
    assert client.post(f"/setup/users/{users.alice.pk}/", {"unlock": "1"}).status_code == 403


def test_the_lock_out_message_of_a_locked_address_does_not_blame_the_account(
    client, users, password
):
    # Five failures for five different names lock the address, not carol's account:
    # carol never failed, so the message must not say her account is locked.
    for name in ("n1", "n2", "n3", "n4", "n5"):
        client.post("/login/", {"username": name, "password": "Wrong-passw0rd"})
    r = client.post("/login/", {"username": "carol", "password": password})
    assert r.status_code == 429
    text = r.content.decode()
    assert "该账户已被锁定" not in text and "本机地址" in text


# --- initial passwords ---------------------------------------------------------------------


def test_a_user_created_by_the_admin_changes_the_initial_password_first(client, users, password):
    from django.test import Client

    client.force_login(users.carol)
    initial = "Initial-passw0rd-2026"
    r = client.post(
        "/setup/users/",
        {
            "username": "xin",
            "role": "unit",
            "unit": users.alice.profile.unit.pk,
            "password": initial,
            "password2": initial,
        },
    )
    assert r.status_code == 302
    xin = Client()
    assert xin.post("/login/", {"username": "xin", "password": initial}).status_code == 302
    home = xin.get("/")
    assert home.status_code == 302 and home.url == "/account/"
    mine = "Own-passw0rd-of-xin"
    changed = xin.post(
        "/account/",
        {"old_password": initial, "new_password1": mine, "new_password2": mine},
        follow=True,
    )
    # Straight on to the home page, not left on the account page with its API tokens.
    assert changed.redirect_chain == [("/", 302)]
    assert "密码已修改，现在可以开始使用了" in changed.content.decode()
    assert xin.get("/").status_code == 200
    # A password the admin resets is again one the admin knows.
    from django.contrib.auth import get_user_model

    pk = get_user_model().objects.get(username="xin").pk
    client.post(f"/setup/users/{pk}/", {"password": initial, "password2": initial, "reset": "1"})
    assert xin.get("/").status_code == 302


def test_refusals_before_any_view_carry_the_page_headers_too(client, users):
    """The 413 of a body too large and the 400 of a NUL are answered by middlewares that run
    before any view: they carry the CSP and the frame refusal like every page."""
    client.force_login(users.bob)
    too_large = client.post(
        "/rechecks/draw/", "x", content_type="text/plain", CONTENT_LENGTH=str(10**10)
    )
    nul = client.get("/projects/?q=%00")
    for r, status in ((too_large, 413), (nul, 400)):
        assert r.status_code == status
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
        assert r.headers["X-Frame-Options"] == "DENY"


def test_old_password_guesses_on_the_account_page_count_toward_the_lock_out(
    client, users, password
):
    """Whoever holds a session cannot try old passwords without end: the same lock-out as
    the log-in page (5), for the account page and for logging in."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client.force_login(users.alice)
    new = "Another-horse-battery-7"
    for i in range(5):
        client.post(
            "/account/",
            {"old_password": f"Guess-{i}-x", "new_password1": new, "new_password2": new},
        )
    r = client.post(
        "/account/", {"old_password": password, "new_password1": new, "new_password2": new}
    )
    assert r.status_code == 429 and "登录失败次数过多" in r.content.decode()
    assert get_user_model().objects.get(username="alice").check_password(password)
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert other.post("/login/", {"username": "alice", "password": password}).status_code == 429


def test_the_guess_that_reaches_the_limit_shows_the_account_page_with_the_lock_out(
    client, users, password
):
    """The fifth wrong old password: the account page itself (not the log-in page) with the
    one-line lock-out message, status 429, the password unchanged."""
    from django.contrib.auth import get_user_model

    client.force_login(users.alice)
    new = "Another-horse-battery-7"
    for i in range(5):
        r = client.post(
            "/account/",
            {"old_password": f"Guess-{i}-x", "new_password1": new, "new_password2": new},
        )
        names = [t.name for t in r.templates]
        if i < 4:
            assert r.status_code == 200 and "accounts/account.html" in names
    assert r.status_code == 429
    assert "accounts/account.html" in names and "front/login.html" not in names
    page = r.content.decode()
    assert page.count("该账户已被锁定") == 1 and "原密码" not in str(r.context["form"].errors)
    assert "_auth_user_id" in client.session  # still logged in: the page, not a log-in
    assert get_user_model().objects.get(username="alice").check_password(password)
