"""The typed API (django-ninja): errors in one shape, authentication as before."""

from __future__ import annotations

import re

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
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    assert "/api/v1/tokens" in paths and "delete" in paths["/api/v1/tokens/{pk}"]


@pytest.mark.django_db
def test_a_body_the_schema_refuses_is_named_in_chinese(api, users):
    r = api(users.bob).post("rechecks", {"year": "二〇二二", "seed": True})
    assert r.status == 400
    assert r.data["fields"] == {"year": "应为整数", "seed": "应为整数"}
    assert r.data["error"] == "请求有误：预算年度（year）应为整数；随机种子（seed）应为整数"


@pytest.mark.django_db
def test_a_missing_field_and_a_bad_query_parameter_are_named(api, users):
    r = api(users.carol).post("units", {"code": "9", "name": "x", "region": "130213"})
    assert r.status == 400 and r.data["error"] == "请求有误：请提供 主管部门（department）"
    assert r.data["fields"] == {"department": "缺少此项"}
    r = api(users.carol).get("projects", page_size=0)
    assert r.status == 400 and r.data["error"] == "请求有误：参数 page_size 应不小于 1"


@pytest.mark.django_db
def test_a_wrong_method_is_a_json_405_naming_the_allowed_ones(api, users, project):
    r = api(users.alice).client.put(f"/api/v1/projects/{project.pk}")
    assert r.status_code == 405 and r["Allow"] == "GET, PATCH, DELETE"
    assert "error" in r.json()


@pytest.mark.django_db
def test_a_transition_needs_no_body(api, users, project):
    alice = api(users.alice)
    url = f"/api/v1/projects/{project.pk}/submit"
    r = alice.client.post(url, "", content_type="application/json", headers=alice.headers)
    assert r.status_code == 200 and r.json()["status"] == "submitted"


@pytest.mark.django_db
def test_the_api_root_is_a_json_404(client):
    r = client.get("/api/v1/")
    assert r.status_code == 404 and "error" in r.json()


@pytest.mark.django_db
def test_every_path_answers_a_wrong_method_with_a_json_405(client, api, users):
    """All routers, not only some: ninja's own 405 is an English text/html page."""
    schema = client.get("/api/v1/openapi.json").json()
    alice = api(users.alice)
    wrong = []
    for path, ops in schema["paths"].items():
        method = next(m for m in ("put", "patch", "delete", "post", "get") if m not in ops)
        url = re.sub(r"\{[^}]*\}", "1", path)
        r = getattr(alice.client, method)(url, headers=alice.headers)
        if r.status_code != 405 or not r["Content-Type"].startswith("application/json"):
            wrong.append((method, url, r.status_code, r.content[:60].decode(errors="replace")))
        elif not r.json()["error"].startswith("不支持"):
            wrong.append((method, path, r.json()))
    assert wrong == []
