"""The OpenAPI schema that django-ninja generates from the routers' types."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.urls import URLPattern

from jixiao.web.api.app import api


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads(json.dumps(api.get_openapi_schema()))  # as served: string statuses


def routes() -> set[str]:
    """Every route of the ninja API, as the schema spells it (``/api/v1/projects/{pk}``)."""
    patterns, _, _ = api.urls
    return {
        "/api/v1/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(p.pattern))
        for p in patterns
        if isinstance(p, URLPattern) and p.name not in ("openapi-json", "api-root")
    }


def test_every_route_is_documented(schema):
    assert len(routes()) > 25
    assert routes() == set(schema["paths"])


def _untyped(
    node: Any, where: str, components: dict[str, Any], seen: set[str] | None = None
) -> list[str]:
    """Places under ``node`` (following $refs) with an object schema that says nothing about
    its keys: no properties and no typed additionalProperties."""
    seen = set() if seen is None else seen
    found = []
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if name in seen:
                return []
            seen.add(name)
            return _untyped(components[name], f"{where}→{name}", components, seen)
        extra = node.get("additionalProperties")
        if (
            node.get("type") == "object"
            and "properties" not in node
            and not isinstance(extra, dict)
        ):
            found.append(where)
        for key, value in node.items():
            found += _untyped(value, f"{where}.{key}", components, seen)
    elif isinstance(node, list):
        for k, value in enumerate(node):
            found += _untyped(value, f"{where}[{k}]", components, seen)
    return found


def test_no_response_is_untyped(schema):
    components = schema["components"]["schemas"]
    problems = []
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            for status, response in op["responses"].items():
                where = f"{method.upper()} {path} {status}"
                content = response.get("content", {}).get("application/json")
                if status != "204" and content is None:
                    problems.append(where + " has no body schema")
                    continue
                if content is not None:
                    problems += _untyped(content["schema"], where, components)
    assert problems == []


def test_the_untyped_check_can_fail():
    components = {
        "Outer": {"type": "object", "properties": {"inner": {"$ref": "#/x/Loose"}}},
        "Loose": {"type": "object", "properties": {"x": {"type": "object"}}},
    }
    assert _untyped({"$ref": "#/x/Outer"}, "r", components) == [
        "r→Outer.properties.inner→Loose.properties.x"
    ]
    assert _untyped({"type": "object", "additionalProperties": True}, "r", components) == ["r"]
    typed = {"type": "object", "additionalProperties": {"type": "string"}}
    assert _untyped(typed, "r", components) == []


def test_every_ref_points_at_a_component(schema):
    refs = set(re.findall(r'"\$ref": "#/components/(\w+)/([\w\-]+)"', json.dumps(schema)))
    assert refs
    for kind, name in refs:
        assert name in schema["components"][kind], (kind, name)


def test_the_documented_methods_match_the_views(schema):
    methods = {path: set(ops) for path, ops in schema["paths"].items()}
    assert methods["/api/v1/projects/{pk}"] == {"get", "patch", "delete"}
    assert methods["/api/v1/token"] == {"post", "delete"}
    assert methods["/api/v1/projects/{pk}/submit"] == {"post"}
    assert methods["/api/v1/rectifications"] == {"get", "post"}


def test_errors_are_documented_in_one_shape(schema):
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    responses = schema["paths"]["/api/v1/projects/{pk}"]["patch"]["responses"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(responses)
    assert responses["409"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }


@pytest.mark.django_db
def test_an_unknown_api_path_is_a_json_404(client):
    for path in (
        "/api/v1/",
        "/api/v1/projects/null,null",
        "/api/v1/nothing",
        "/api/v1/projects/1/x",
    ):
        r = client.get(path)
        assert r.status_code == 404 and r["Content-Type"].startswith("application/json"), path
        assert "error" in r.json()


@pytest.mark.django_db
def test_the_schema_is_served_without_login(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    data = r.json()
    assert data["openapi"].startswith("3.")
    assert "/api/v1/projects/{pk}/findings" in data["paths"]
