"""Hostile input on the department part's edit page: every error names its place in Chinese."""

from __future__ import annotations

import html
import re

import pytest

pytestmark = pytest.mark.django_db


def _problems(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_a_too_long_indicator_name_is_named_in_chinese(client, users, org):
    from jixiao.web.goals.drafting import create_document

    document = create_document(org.unit_a, 2023, "万元", users.alice)
    client.force_login(users.alice)
    r = client.post(
        f"/documents/{document.pk}/department/edit/",
        {
            "version": document.version,
            "ind-1-name": "服务老人人数",
            "ind-1-target": "≥1000人",
            "ind-2-name": "长" * 400,
            "ind-2-target": "≥1人",
        },
    )
    assert r.status_code == 400
    text = _problems(r.content.decode())
    assert "第 2 个指标的三级指标" in text
    assert "indicators[" not in text and ".name" not in text
    document.refresh_from_db()
    assert not document.department_indicators
