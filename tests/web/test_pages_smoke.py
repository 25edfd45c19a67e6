"""Every page renders for every role that may see it (and in Chinese)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["alice", "bob", "carol", "dave", "eve", "grace", "frank"])
def test_home_renders_for_every_role(client, users, seeded, name):
    client.force_login(getattr(users, name))
    r = client.get("/")
    assert r.status_code == 200
    assert "首页" in r.content.decode()
