"""The OpenAPI schema documents every API route."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern

from jixiao.web.api import urls as api_urls


def openapi_path(pattern: URLPattern) -> str:
    return "/" + re.sub(
        r"<(?:\w+:)?(\w+)>",
        lambda m: "{id}" if m.group(1) == "pk" else "{" + m.group(1) + "}",
        str(pattern.pattern),
    )


def test_every_route_is_documented():
    from jixiao.web.api.openapi import SCHEMA

    # Routes still hand-written (the django-ninja ones document themselves).
    routes = {
        openapi_path(p)
        for p in api_urls.urlpatterns
        if isinstance(p, URLPattern) and p.name != "not_found"
    }
    assert routes <= set(SCHEMA["paths"])


@pytest.mark.django_db
def test_an_unknown_api_path_is_a_json_404(client):
    for path in ("/api/v1/projects/null,null", "/api/v1/nothing", "/api/v1/projects/1/x"):
        r = client.get(path)
        assert r.status_code == 404 and r["Content-Type"].startswith("application/json"), path
        assert "error" in r.json()


@pytest.mark.django_db
def test_the_schema_is_served_without_login(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    data = r.json()
    assert data["openapi"].startswith("3.")
    assert "/projects/{id}/findings" in data["paths"]


def test_every_ref_points_at_a_component():
    import json

    from jixiao.web.api.openapi import SCHEMA

    refs = set(re.findall(r'"\$ref": "#/components/(\w+)/(\w+)"', json.dumps(SCHEMA)))
    assert refs
    for kind, name in refs:
        assert name in SCHEMA["components"][kind], (kind, name)


def test_the_documented_methods_match_the_views():
    from jixiao.web.api.openapi import SCHEMA

    methods = {path: set(ops) for path, ops in SCHEMA["paths"].items()}
    assert methods["/projects/{id}"] == {"get", "patch", "delete"}
    assert methods["/token"] == {"post", "delete"}
    assert methods["/projects/{id}/submit"] == {"post"}
    for pattern in api_urls.urlpatterns:
        if not isinstance(pattern, URLPattern) or pattern.name == "not_found":
            continue
        view_methods = getattr(pattern.callback, "methods", None)
        if view_methods is not None:  # every view but /token and /openapi.json
            assert methods[openapi_path(pattern)] == {m.lower() for m in view_methods}, pattern
