"""A body Django cannot parse (multipart without its boundary) is refused before any view:
under /api/ with the API's JSON error in Chinese, not the site's HTML page."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("content_type", ["multipart/form-data", "multipart/form-data; boundary="])
def test_an_unreadable_api_body_gets_a_json_error(client, users, api, content_type):
    from jixiao.web.rectification.models import RecheckDraw

    bob = api(users.bob)
    r = client.post(
        "/api/v1/rechecks", b'{"year": 2022}', content_type=content_type, headers=bob.headers
    )
    assert r.status_code == 400 and r["Content-Type"].startswith("application/json")
    assert "请求内容无法解析" in json.loads(r.content)["error"]
    assert not RecheckDraw.objects.exists()


def test_an_unreadable_form_body_keeps_the_page(client, users):
    client.force_login(users.bob)
    r = client.post("/rechecks/draw/", b"x", content_type="multipart/form-data")
    assert r.status_code == 400 and "请求有误" in r.content.decode()
