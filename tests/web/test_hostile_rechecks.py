"""Re-check draws through the API keep the page's rules (now the core's and the service's,
once): no draw of a year without evaluated projects, a seed a reviewer can type again."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core import followup

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluated(seeded):
    from jixiao.web.monitoring.models import SelfEvaluation

    for p in seeded.projects.filter(seq__in=(1, 2)):
        SelfEvaluation.objects.create(project=p, executed=Decimal("1"))
    return seeded


def test_the_api_draws_nothing_for_a_year_without_evaluations(api, users, seeded):
    from jixiao.web.rectification.models import RecheckDraw

    r = api(users.bob).post("rechecks", {"year": 2022, "share": "10"})
    assert r.status == 400 and r.data["error"] == "2022 年度还没有已填写绩效自评的项目，无法抽取"
    assert not RecheckDraw.objects.exists()


@pytest.mark.parametrize("seed", [-5, 10**9, 2**62])
def test_the_api_refuses_a_seed_the_page_refuses(api, users, evaluated, seed):
    from jixiao.web.rectification.models import RecheckDraw

    r = api(users.bob).post("rechecks", {"year": 2022, "share": "10", "seed": seed})
    assert r.status == 400 and "seed" in r.data["error"]
    assert not RecheckDraw.objects.exists()


@pytest.mark.parametrize("seed", [-1, 10**9, True, 1.5])
def test_the_core_refuses_such_a_seed(seed):
    with pytest.raises(ValueError, match=followup.SEED_RULE):
        followup.draw_sample([1, 2, 3], Decimal("0.5"), seed)
