"""Hostile query parameters on the API: a 400 with one Chinese line, never a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("param", ["page", "page_size", "year"])
def test_the_document_list_refuses_an_integer_no_column_holds(client, users, seeded, api, param):
    r = api(users.alice).get("documents", **{param: "99999999999999999999"})
    assert r.status == 400
    assert param in r.data["error"] and "应不大于" in r.data["error"]


def test_invisible_characters_are_dropped_from_an_edit(users, project, api):
    r = api(users.alice).patch(
        f"projects/{project.pk}",
        {"name": "残疾人\u200b专职委员\u202e队伍建设", "version": project.version},
    )
    assert r.status == 200, r.data
    project.refresh_from_db()
    assert project.name == "残疾人专职委员队伍建设"


def _raw(client, api, user, method: str, path: str, body: str):
    headers = api(user).headers
    send = getattr(client, method)
    return send(f"/api/v1/{path}", body, content_type="application/json", headers=headers)


@pytest.mark.parametrize(
    ("path", "method", "body"),
    [
        ("projects/{pk}", "patch", '{"name": "a\\ud800b", "version": 1}'),
        ("token", "post", '{"username": "alice\\udfff", "password": "x"}'),
        (
            "payments",
            "post",
            '[{"project": "{pk}", "date": "2022-03-01", "amount": "1", "note": "\\ud800"}]',
        ),
    ],
)
def test_an_unpaired_surrogate_escape_is_refused(client, users, project, api, path, method, body):
    path, body = path.replace("{pk}", str(project.pk)), body.replace("{pk}", str(project.pk))
    r = _raw(client, api, users.alice, method, path, body)
    assert r.status_code == 400
    assert "代理项" in r.json()["error"]
    project.refresh_from_db()
    assert project.version == 1


@pytest.mark.parametrize("body", ["[" * 100_000 + "]" * 100_000, "[" + "9" * 5000 + "]"])
def test_a_body_too_deep_or_too_long_a_number_is_refused(client, users, project, api, body):
    r = _raw(client, api, users.alice, "post", "payments", body)
    assert r.status_code == 400
    assert r.json()["error"].startswith("请求内容不是有效的 JSON")


def test_a_nul_character_is_refused_as_forms_refuse_it(client, users, project, api):
    body = '{"name": "残疾人\\u0000专职委员队伍建设", "version": 1}'  # PostgreSQL stores no NUL
    r = _raw(client, api, users.alice, "patch", f"projects/{project.pk}", body)
    assert r.status_code == 400
    assert "空字符" in r.json()["error"]
    project.refresh_from_db()
    assert project.version == 1


@pytest.mark.parametrize("char", ["\\u0007", "\\u001b", "\\u007f", "\\u000b"])
def test_a_control_character_is_refused_naming_the_field(client, users, project, api, char):
    body = f'{{"name": "残疾人{char}专职委员队伍建设", "version": 1}}'
    r = _raw(client, api, users.alice, "patch", f"projects/{project.pk}", body)
    assert r.status_code == 400
    error = r.json()["error"]
    assert "“name”" in error and f"控制字符（{char}）" in error
    project.refresh_from_db()
    assert project.version == 1


def test_a_control_character_in_a_nested_field_names_its_place(client, users, project, api):
    body = '[{"project": "1", "date": "2022-03-01", "amount": "1", "note": "a\\u0008"}]'
    r = _raw(client, api, users.alice, "post", "payments", body)
    assert r.status_code == 400
    assert "“[0].note”" in r.json()["error"]
