"""Stored values an import, an older version or a hand edit of the database could leave:
every page, export and API answer of the crawl (`test_url_role_crawl`) still answers
without a 500 when every row of the follow-up, monitoring and goal tables holds them.

Two passes over every model of our apps, through SQL (no model rule runs):
- hostile: an exact-decimal column holds ``1e999999`` (or ``NaN``, ``abc``), a free text
  control characters, a right-to-left override, a formula and 50,000 characters;
- empty: every nullable column is NULL (what a page may assume is set).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection, models
from django.urls import get_resolver

from jixiao.web.goals.fields import ExactDecimalField
from tests.web.test_url_role_crawl import _fill, _patterns

pytestmark = pytest.mark.django_db

OURS = {
    "goals",
    "monitoring",
    "rectification",
    "adjustments",
    "department_evaluation",
    "disclosure",
    "library",
    "orgs",
}
NUMBERS = ["1e999999", "NaN", "abc", "-1e-999999"]
TEXT = '=HYPERLINK("x")\x01\x0b\u202e残疾人\x00专职' + "长" * 50_000


def _columns(model: type[models.Model]):
    keyed = {n for names in model._meta.unique_together for n in names}
    for c in model._meta.constraints:
        keyed |= set(getattr(c, "fields", ()))
    for f in model._meta.concrete_fields:
        if f.primary_key or f.is_relation or f.choices or f.unique or f.name in keyed:
            continue
        yield f


def _update(model, values: dict[str, object]) -> None:
    if not values:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    sets = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in values)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {sets}", list(values.values()))


def _hostile(model, n: int) -> dict[str, object]:
    out: dict[str, object] = {}
    for f in _columns(model):
        if isinstance(f, ExactDecimalField):
            out[f.column] = NUMBERS[n % len(NUMBERS)]
        elif isinstance(f, models.TextField) or (
            isinstance(f, models.CharField) and connection.vendor == "sqlite"
        ):
            text = TEXT.replace("\x00", "") if connection.vendor == "postgresql" else TEXT
            out[f.column] = text if not isinstance(f, models.CharField) else text[: f.max_length]
    return out


def _empty(model) -> dict[str, object]:
    return {f.column: None for f in _columns(model) if f.null}


@pytest.fixture
def everything(users, seeded, api):
    """One row in each follow-up table for unit A's first project."""
    from jixiao.web.adjustments import services as adjustments
    from jixiao.web.goals import workflow
    from jixiao.web.monitoring.models import ActualValue, Deviation, Payment, SelfEvaluation
    from jixiao.web.rectification import services as rectification

    project = seeded.projects.get(seq=1)
    workflow.submit(project, users.alice)
    workflow.approve(project, users.bob)
    second = seeded.projects.get(seq=2)
    workflow.submit(second, users.alice)
    workflow.return_project(second, users.bob, [workflow.CommentInput("请补充")])
    today = datetime.date(2022, 6, 30)
    Payment.objects.create(project=project, date=today, amount=Decimal("1"), summary="付款")
    Deviation.objects.create(project=project, as_of=today, reason="慢")
    ev = SelfEvaluation.objects.create(project=project, executed=Decimal("1"), achieved="好")
    ActualValue.objects.create(evaluation=ev, indicator=1, actual="100%", weight=Decimal("10"))
    d = rectification.draw(users.bob, 2022, Decimal("1"), 1)
    r = rectification.record_recheck(d.rechecks.get(), users.bob, Decimal("50"), "差")
    rectification.answer(r.rectification, users.alice, "已整改", [("证明.txt", b"x")])
    adjustments.request_adjustment(project, users.alice, "追加", {"purpose": "新用途"})
    return seeded, project


def _crawl(client, users, seeded, project) -> list[tuple[str, str, int]]:
    ids = {"pk": project.pk, "project_pk": project.pk, "unit_id": seeded.unit_id}
    urls = sorted({u for u in (_fill(p, ids) for p in _patterns(get_resolver())) if u})
    problems = []
    client.raise_request_exception = False
    for user in (users.alice, users.bob):  # a unit and a reviewer see every page kind
        client.force_login(user)
        for url in urls:
            status = client.get(url).status_code
            if status >= 500:
                problems.append((user.username, url, status))
    return problems


@pytest.mark.parametrize("kind", ["hostile", "empty"])
def test_no_page_fails_on_stored_values(client, users, everything, kind):
    seeded, project = everything
    touched = 0
    for model in apps.get_models():
        if model._meta.app_label not in OURS or model._meta.proxy or not model._meta.managed:
            continue
        values = _hostile(model, touched) if kind == "hostile" else _empty(model)
        _update(model, values)
        touched += bool(values)
    assert touched > 10
    problems = _crawl(client, users, seeded, project)
    assert problems == []
