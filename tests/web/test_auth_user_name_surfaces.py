"""One reading of a typed user name on every log-in surface (`jixiao.core.names.
user_name_key`): the log-in page and the API token endpoint accept the same variants, and
their failures count toward one lock-out (django-axes)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

VARIANTS = ["ａｌｉｃｅ", " alice ", "\u3000alice", "\u00a0ａｌｉｃｅ\t"]


def _token(client, username: str, password: str):
    return client.post(
        "/api/v1/token",
        json.dumps({"username": username, "password": password}),
        content_type="application/json",
    )


@pytest.mark.parametrize("typed", VARIANTS)
def test_a_variant_of_a_user_name_logs_in_on_both_surfaces(users, password, typed):
    page = Client()
    r = page.post("/login/", {"username": typed, "password": password})
    assert r.status_code == 302 and page.session.get("_auth_user_id") == str(users.alice.pk)
    r = _token(Client(), typed, password)
    assert r.status_code == 201, r.content.decode()


@pytest.mark.parametrize("typed", ["ali ce", "alice\u200b", "Alice"])
def test_a_look_alike_is_refused_on_both_surfaces(users, password, typed):
    assert Client().post("/login/", {"username": typed, "password": password}).status_code == 200
    assert _token(Client(), typed, password).status_code == 401


def test_failures_on_the_api_and_the_page_count_toward_one_lock_out(users, password):
    """Three failures on the API as ａｌｉｃｅ and two on the page as `alice ` (each from its
    own address, so only the user name can lock) lock alice out everywhere."""
    for i, typed in enumerate(["ａｌｉｃｅ", "\u3000alice", "ａｌｉｃｅ "]):
        assert _token(Client(REMOTE_ADDR=f"10.0.0.{i}"), typed, "Wrong-passw0rd").status_code == 401
    for i in range(2):
        Client(REMOTE_ADDR=f"10.0.1.{i}").post(
            "/login/", {"username": "alice ", "password": "Wrong-passw0rd"}
        )
    r = Client(REMOTE_ADDR="10.0.2.1").post("/login/", {"username": "alice", "password": password})
    assert r.status_code == 429 and "该账户已被锁定" in r.content.decode()
    r = _token(Client(REMOTE_ADDR="10.0.2.2"), "ａｌｉｃｅ", password)
    assert r.status_code == 429 and "该账户已被锁定" in r.json()["error"]


def test_four_failures_across_surfaces_do_not_lock(users, password):
    for i in range(2):
        _token(Client(REMOTE_ADDR=f"10.0.3.{i}"), "ａｌｉｃｅ", "Wrong-passw0rd")
        Client(REMOTE_ADDR=f"10.0.4.{i}").post(
            "/login/", {"username": " alice", "password": "Wrong-passw0rd"}
        )
    assert _token(Client(REMOTE_ADDR="10.0.5.1"), "alice", password).status_code == 201
