"""The typed API (django-ninja): errors in one shape, authentication as before."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_anonymous_gets_the_json_401(client):
    r = client.get("/api/v1/tokens")
    assert r.status_code == 401
    assert r.json()["error"].startswith("需要登录")


@pytest.mark.django_db
def test_a_bad_token_gets_the_json_401(client):
    r = client.get("/api/v1/tokens", headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401
    assert "令牌无效" in r.json()["error"]


@pytest.mark.django_db
def test_a_bad_path_parameter_is_a_json_error_not_a_crash(client, django_user_model):
    user = django_user_model.objects.create_user("t1", password="pw-Long-enough-1")
    client.force_login(user)
    r = client.delete("/api/v1/tokens/abc")
    assert r.status_code in (400, 404)
    assert "error" in r.json()


@pytest.mark.django_db
def test_the_generated_schema_documents_the_token_routes(client):
    r = client.get("/api/v1/openapi-ninja.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    assert "/api/v1/tokens" in paths and "delete" in paths["/api/v1/tokens/{pk}"]
