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
