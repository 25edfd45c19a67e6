"""The re-check page (自评复核): a 审核人 draws and re-scores in the browser; a large gap
opens a rectification; others see the results without the forms."""

from __future__ import annotations

from decimal import Decimal

import pytest


@pytest.fixture
def evaluated(seeded):
    from jixiao.web.monitoring.models import SelfEvaluation

    for p in seeded.projects.filter(seq__in=(1, 2)):
        SelfEvaluation.objects.create(project=p, executed=Decimal("1"))
    return seeded


def page(client, year=2022) -> str:
    return client.get(f"/rechecks/?year={year}").content.decode()


@pytest.mark.django_db
def test_a_reviewer_draws_and_rescores_and_a_gap_opens_a_rectification(client, users, evaluated):
    from jixiao.web.rectification.models import Recheck, Rectification

    client.force_login(users.bob)
    assert "自评复核" in client.get("/").content.decode()  # in the menu
    before = page(client)
    assert "已填写绩效自评的项目：2 个" in before and "还没有抽取复核项目" in before
    done = client.post("/rechecks/draw/", {"year": "2022", "share": "50", "seed": "7"}, follow=True)
    text = done.content.decode()
    assert "已从 2 个已自评项目中抽取 1 个待复核（随机种子 7" in text
    recheck = Recheck.objects.get()
    assert recheck.unit_score is None  # the stored evaluations are incomplete
    assert "未完成" in text
    scored = client.post(
        f"/rechecks/{recheck.pk}/score/", {"score": "55", "notes": "依据不足"}, follow=True
    ).content.decode()
    assert "复核得分 55" in scored and "已下达整改通知" in scored
    item = Rectification.objects.get()
    assert item.source == "recheck" and "依据不足" in item.requirement


@pytest.mark.django_db
def test_bad_input_gets_one_chinese_line_and_changes_nothing(client, users, evaluated):
    from jixiao.web.rectification.models import Recheck, RecheckDraw

    client.force_login(users.bob)
    for share, seed, line in (
        ("abc", "", "抽查比例：“abc”不是百分比"),
        ("150", "", "抽查比例应在 0 到 1 之间"),
        ("10", "-3", "随机种子应为不超过 9 位的非负整数"),
    ):
        text = client.post(
            "/rechecks/draw/", {"year": "2022", "share": share, "seed": seed}, follow=True
        ).content.decode()
        assert line in text
    empty = client.post("/rechecks/draw/", {"year": "2019", "share": "10"}, follow=True)
    assert "2019 年度还没有已填写绩效自评的项目" in empty.content.decode()
    assert not RecheckDraw.objects.exists()
    client.post("/rechecks/draw/", {"year": "2022", "share": "10", "seed": "1"})
    r = Recheck.objects.get()
    bad = client.post(f"/rechecks/{r.pk}/score/", {"score": "101"}, follow=True)
    assert "复核得分应在 0–100 之间" in bad.content.decode()
    r.refresh_from_db()
    assert r.bureau_score is None


@pytest.mark.django_db
def test_others_see_results_without_forms_and_outsiders_nothing(client, users, evaluated):
    from jixiao.web.rectification.models import Recheck

    client.force_login(users.bob)
    client.post("/rechecks/draw/", {"year": "2022", "share": "100", "seed": "1"})
    first = Recheck.objects.select_related("project").first()
    pk = first.pk
    client.force_login(users.alice)  # the unit: its own projects, read-only
    text = page(client)
    assert first.project.name in text
    assert "抽取复核项目" not in text and 'name="score"' not in text
    assert client.post("/rechecks/draw/", {"year": "2022", "share": "10"}).status_code == 403
    assert client.post(f"/rechecks/{pk}/score/", {"score": "90"}).status_code == 403
    client.force_login(users.frank)  # a reviewer of another region
    assert "还没有抽取复核项目" in page(client)
    assert client.post(f"/rechecks/{pk}/score/", {"score": "90"}).status_code == 404
