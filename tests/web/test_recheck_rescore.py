"""Re-scoring a re-check that already has a score (自评复核 改分): allowed, the page says a
score exists and the previous one is kept in the audit log; a re-score that newly crosses
the gap opens a rectification when none is open, one under the gap leaves an open one
alone (`jixiao.core.followup.rescore_opens_rectification`)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core import followup
from jixiao.core.followup import ACCEPTED, ANSWERED, OPEN, RETURNED, compare_scores

OVER = compare_scores(Decimal(90), Decimal(70))
UNDER = compare_scores(Decimal(90), Decimal(85))


@pytest.mark.parametrize(
    "result, crossed, linked, opens",
    [
        (OVER, False, None, True),  # first crossing
        (OVER, True, None, True),  # crossing, nothing ever opened
        (UNDER, False, None, False),
        (UNDER, True, OPEN, False),  # back under the gap: the open one stays
        (OVER, False, OPEN, False),  # never a second one while one is open
        (OVER, False, ANSWERED, False),
        (OVER, False, RETURNED, False),
        (OVER, True, ACCEPTED, False),  # the gap the accepted one dealt with
        (OVER, False, ACCEPTED, True),  # a new gap after the accepted one
    ],
)
def test_when_a_score_opens_a_rectification(result, crossed, linked, opens):
    assert followup.rescore_opens_rectification(result, crossed, linked) is opens


@pytest.fixture
def recheck(seeded, users):
    from jixiao.web.monitoring.models import SelfEvaluation
    from jixiao.web.rectification import services
    from jixiao.web.rectification.models import Recheck

    for p in seeded.projects.filter(seq__in=(1, 2)):
        SelfEvaluation.objects.create(project=p, executed=Decimal("1"))
    services.draw(users.bob, 2022, Decimal("0.5"), 7)
    r = Recheck.objects.get()
    r.unit_score = Decimal(90)
    r.save()
    return r


def _score(client, r, score: str) -> str:
    return client.post(
        f"/rechecks/{r.pk}/score/", {"score": score, "notes": f"第{score}"}, follow=True
    ).content.decode()


@pytest.mark.django_db
def test_a_rescore_says_what_it_replaces_and_audits_the_previous_score(client, users, recheck):
    from jixiao.web.audit.models import AuditEntry
    from jixiao.web.rectification.models import Rectification

    client.force_login(users.bob)
    text = _score(client, recheck, "85")
    assert "已记录" in text and "相差 5 分" in text and "已下达整改通知" not in text
    assert "修改复核得分" in text and "已复核" in text  # the page says a score exists
    assert not Rectification.objects.exists()

    text = _score(client, recheck, "70")  # newly over the gap: opens one
    assert "由 85 改为 70" in text and "原得分保留在审计日志中" in text
    assert "已下达整改通知" in text
    first = Rectification.objects.get()
    entry = AuditEntry.objects.filter(action="recheck.record").order_by("-pk").first()
    assert entry.old["bureau_score"] == "85" and entry.old["notes"] == "第85"
    assert entry.new["bureau_score"] == "70"

    text = _score(client, recheck, "88")  # back under: the open one stays as it was
    assert "此前下达的整改通知不变" in text and "已下达整改通知" not in text
    first.refresh_from_db()
    assert first.status == OPEN and Rectification.objects.count() == 1
    _score(client, recheck, "60")  # over again while it is open: not a second one
    assert Rectification.objects.count() == 1
    recheck.refresh_from_db()
    assert recheck.rectification_id == first.pk and recheck.bureau_score == Decimal(60)


@pytest.mark.django_db
def test_after_an_accepted_rectification_only_a_new_gap_opens_another(client, users, recheck):
    from jixiao.web.rectification.models import Rectification

    client.force_login(users.bob)
    _score(client, recheck, "70")
    Rectification.objects.update(status=ACCEPTED)
    _score(client, recheck, "65")  # the same gap the accepted one dealt with
    assert Rectification.objects.count() == 1
    _score(client, recheck, "89")
    text = _score(client, recheck, "60")  # under, then over again: a new gap
    assert "已下达整改通知" in text
    assert Rectification.objects.count() == 2
    recheck.refresh_from_db()
    assert recheck.rectification.status == OPEN
