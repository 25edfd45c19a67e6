"""Rectification (问题整改), overdue items on both home pages, re-checks, `jixiao remind`."""

from __future__ import annotations

import base64
import datetime
from decimal import Decimal

import pytest

from jixiao.core import followup

pytestmark = pytest.mark.django_db

PAST = (datetime.date.today() - datetime.timedelta(days=3)).isoformat()
FUTURE = (datetime.date.today() + datetime.timedelta(days=20)).isoformat()


def _issue(api, users, project, due=PAST):
    return api(users.bob).post(
        "rectifications",
        {
            "project": project.pk,
            "source": "monitoring",
            "requirement": "执行进度偏慢，请说明原因并整改",
            "due": due,
        },
    )


def test_issue_answer_accept(api, users, project):
    made = _issue(api, users, project, FUTURE)
    assert made.status == 201, made.data
    assert made.data["status"] == "open" and made.data["overdue"] is False
    alice, bob = api(users.alice), api(users.bob)
    rid = made.data["id"]
    evidence = base64.b64encode("整改报告".encode()).decode()
    answered = alice.post(
        f"rectifications/{rid}/answer",
        {
            "measures": "已加快支付",
            "attachments": [{"name": "../../报告.txt", "content": evidence}],
        },
    )
    assert answered.status == 200, answered.data
    assert answered.data["status"] == "answered"
    assert answered.data["attachments"][0]["name"] == "报告.txt"
    assert bob.post(f"rectifications/{rid}/return", {}).status == 400
    accepted = bob.post(f"rectifications/{rid}/accept", {"comment": "同意"})
    assert accepted.data["status"] == "accepted"
    assert alice.post(f"rectifications/{rid}/answer", {"measures": "再报"}).status == 409


def test_roles(api, users, project):
    assert (
        api(users.alice)
        .post(
            "rectifications",
            {"project": project.pk, "source": "review", "requirement": "x", "due": FUTURE},
        )
        .status
        == 403
    )
    assert _issue(api, users, project).status == 201
    assert (
        api(users.frank)
        .post(
            "rectifications",
            {"project": project.pk, "source": "review", "requirement": "x", "due": FUTURE},
        )
        .status
        == 404
    )
    assert api(users.eve).get("rectifications").data["count"] == 0
    assert api(users.alice).get("rectifications").data["count"] == 1


def test_bad_input_is_400(api, users, project):
    bob = api(users.bob)
    base = {"project": project.pk, "source": "review", "requirement": "要求", "due": FUTURE}
    assert bob.post("rectifications", {**base, "source": "x"}).status == 400
    assert bob.post("rectifications", {**base, "due": "明天"}).status == 400
    assert bob.post("rectifications", {**base, "project": 2**70}).status == 400
    assert bob.post("rectifications", {**base, "requirement": ""}).status == 400
    assert bob.get("rectifications", overdue="maybe").status == 400
    assert bob.get("rectifications", project="99999999999999999999999").status == 400


def test_overdue_items_are_red_on_both_home_pages(api, users, project, client):
    _issue(api, users, project, PAST)
    _issue(api, users, project, FUTURE)
    overdue = api(users.alice).get("rectifications", overdue="true").data
    assert overdue["count"] == 1 and overdue["results"][0]["overdue"] is True
    for user in (users.alice, users.bob):
        client.force_login(user)
        page = client.get("/").content.decode()
        assert page.count('class="overdue"') == 1, user
        assert "已逾期 3 天" in page
    client.force_login(users.eve)
    assert "问题整改" not in client.get("/").content.decode().split("<main>")[1]


def test_pages_answer_with_evidence_and_decide(api, users, project, client):
    rid = _issue(api, users, project, PAST).data["id"]
    client.force_login(users.alice)
    assert "报送整改情况" in client.get(f"/rectifications/{rid}/").content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        f"/rectifications/{rid}/answer/",
        {"measures": "已整改", "evidence": SimpleUploadedFile("凭证.pdf", b"%PDF-1.4 x")},
    )
    item = project.rectifications.get()
    assert item.status == followup.ANSWERED and item.attachments.count() == 1
    download = client.get(f"/rectifications/{rid}/attachments/{item.attachments.get().pk}/")
    assert download.status_code == 200 and bytes(download.content) == b"%PDF-1.4 x"
    client.force_login(users.bob)
    client.post(f"/rectifications/{rid}/decide/", {"decision": "return", "comment": "材料不全"})
    item.refresh_from_db()
    assert item.status == followup.RETURNED
    client.force_login(users.eve)
    assert client.get(f"/rectifications/{rid}/").status_code == 404


def test_recheck_draw_is_reproducible_and_gaps_open_rectifications(api, users, seeded):
    from jixiao.web.monitoring.models import SelfEvaluation

    for p in seeded.projects.all()[:10]:
        SelfEvaluation.objects.create(project=p, executed=Decimal("1"))
    bob = api(users.bob)
    a = bob.post("rechecks", {"year": 2022, "share": "0.3", "seed": 7})
    assert a.status == 201, a.data
    assert a.data["population"] == 10
    assert len(a.data["results"]) == 3
    # The same share and seed over the same projects give the same draw (in the core);
    # drawn again, the projects already drawn for the year are left out.
    ids = [p.pk for p in seeded.projects.all()[:10]]
    assert [r["project"] for r in a.data["results"]] == followup.draw_sample(ids, Decimal("0.3"), 7)
    b = bob.post("rechecks", {"year": 2022, "share": "0.3", "seed": 7})
    assert b.status == 201, b.data
    assert b.data["population"] == 7
    first = {r["project"] for r in a.data["results"]}
    assert first.isdisjoint(r["project"] for r in b.data["results"])
    rid = a.data["results"][0]["id"]
    scored = bob.post(f"rechecks/{rid}/score", {"score": "55", "notes": "依据不足"})
    assert scored.status == 200, scored.data
    assert scored.data["rectification"] is not None
    assert api(users.alice).post("rechecks", {"year": 2022}).status == 403
    assert bob.post("rechecks", {"year": 2022, "share": "2"}).status == 400
    assert bob.post(f"rechecks/{rid}/score", {"score": "abc"}).status == 400


def test_sample_size_and_draw_rules():
    assert followup.sample_size(0, Decimal("0.1")) == 0
    assert followup.sample_size(5, Decimal("0.1")) == 1
    assert followup.sample_size(36, Decimal("0.1")) == 4
    ids = list(range(1, 101))
    assert followup.draw_sample(ids, Decimal("0.1"), 1) == followup.draw_sample(
        ids[::-1], Decimal("0.1"), 1
    )
    assert followup.draw_sample(ids, Decimal("0.1"), 1) != followup.draw_sample(
        ids, Decimal("0.1"), 2
    )
    with pytest.raises(ValueError):
        followup.sample_size(3, Decimal(0))
    first = followup.draw_sample(ids, Decimal("0.1"), 1)
    again = followup.draw_sample(ids, Decimal("0.1"), 1, drawn=first)
    assert len(again) == 9 and not set(again) & set(first)  # 10% of the 90 left
    assert followup.draw_sample([1, 2, 3], Decimal(1), 5, drawn=[2]) == [1, 3]
    with pytest.raises(ValueError, match="都已抽取过复核"):
        followup.draw_sample([1, 2], Decimal("0.1"), 1, drawn=[1, 2, 9])


def test_recheck_draw_leaves_out_drawn_projects_and_refuses_when_none_is_left(api, users, seeded):
    from jixiao.web.monitoring.models import SelfEvaluation

    for p in seeded.projects.all()[:3]:
        SelfEvaluation.objects.create(project=p, executed=Decimal("1"))
    bob = api(users.bob)
    seen: list[int] = []
    for _ in range(3):
        r = bob.post("rechecks", {"year": 2022, "share": "0.1", "seed": 7})
        assert r.status == 201, r.data
        seen += [x["project"] for x in r.data["results"]]
    assert len(seen) == len(set(seen)) == 3
    refused = bob.post("rechecks", {"year": 2022, "share": "0.1", "seed": 7})
    assert refused.status == 400
    assert "都已抽取过复核" in str(refused.data)
    assert followup.compare_scores(Decimal(90), Decimal(85)).needs_rectification is False
    assert followup.compare_scores(Decimal(90), Decimal(80)).needs_rectification is True
    assert followup.compare_scores(None, Decimal(80)).needs_rectification is True
    today = datetime.date(2024, 5, 1)
    assert followup.is_overdue("open", datetime.date(2024, 4, 30), today)
    assert not followup.is_overdue("answered", datetime.date(2024, 4, 30), today)
    assert not followup.is_overdue("open", today, today)


def test_remind_lists_due_and_overdue_items(api, users, project, capsys):
    _issue(api, users, project, PAST)
    _issue(api, users, project, (datetime.date.today() + datetime.timedelta(days=60)).isoformat())
    from jixiao.cli import main

    assert main(["remind", "--format", "json"]) == 0
    import json

    items = json.loads(capsys.readouterr().out)["items"]
    assert len(items) == 1 and items[0]["overdue"] is True and items[0]["days_left"] == -3
    assert main(["remind", "--days", "90"]) == 0
    out = capsys.readouterr().out
    assert "已逾期 3 天" in out and "还有 60 天" in out


@pytest.mark.parametrize(
    ("source", "href"),
    [
        ("monitoring", "/monitoring/projects/{pk}/"),
        ("recheck", "/evaluation/projects/{pk}/"),
        ("evaluation", "/evaluation/projects/{pk}/"),
    ],
)
def test_an_item_links_the_page_where_it_is_put_right(api, users, project, client, source, href):
    """A re-check's item asked the unit to fix its self-evaluation, but linked only the goal
    table: the item links the page its source names."""
    rid = (
        api(users.bob)
        .post(
            "rectifications",
            {"project": project.pk, "source": source, "requirement": "请整改", "due": FUTURE},
        )
        .data["id"]
    )
    client.force_login(users.alice)
    html = client.get(f"/rectifications/{rid}/").content.decode()
    assert f'id="source-page" href="{href.format(pk=project.pk)}"' in html
