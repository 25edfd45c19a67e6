"""Hostile query parameters on the API: a 400 with one Chinese line, never a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("param", ["page", "page_size", "year"])
def test_the_document_list_refuses_an_integer_no_column_holds(client, users, seeded, api, param):
    r = api(users.alice).get("documents", **{param: "99999999999999999999"})
    assert r.status == 400
    assert param in r.data["error"] and "应不大于" in r.data["error"]
