"""A refused change names each field once: the problem's own Chinese label (the core's
``资金用途：文字过长``) is the field's name in the line, with the path as sent."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("body", "line", "name"),
    [
        (
            {"purpose": "字" * 20001},
            "资金用途（purpose）：文字过长（20001 字，最多 20000 字）",
            "资金用途",
        ),
        ({"code": "c" * 100}, "项目编码（code）：文字过长（100 字，最多 64 字）", "编码"),
        (
            {"indicators": [{"level1": "产出指标", "name": "名" * 400, "target": "≥1人"}]},
            "第 1 个指标的三级指标（indicators[1].name）：文字过长（400 字，最多 300 字）",
            "三级指标",
        ),
        ({"name": ""}, "名称（name）：不能为空", "名称"),
    ],
)
def test_a_refused_field_is_named_once(api, users, project, body, line, name) -> None:
    r = api(users.alice).patch(f"projects/{project.pk}", {"version": 1, **body})
    assert r.status == 400
    assert r.data["error"] == f"修改内容有误：{line}"
    assert r.data["error"].count(name) == 1


def test_a_department_indicator_is_named_once(api, users, seeded) -> None:
    r = api(users.alice).patch(
        f"documents/{seeded.pk}",
        {
            "version": seeded.version,
            "indicators": [{"level1": "效益指标", "name": "名" * 400, "target": "≥90%"}],
        },
    )
    assert r.status == 400, r.data
    assert r.data["error"] == (
        "修改内容有误：第 1 个指标的三级指标（indicators[1].name）：文字过长（400 字，最多 300 字）"
    )
