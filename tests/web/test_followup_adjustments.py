"""Goal adjustment (绩效目标调整): request, review, the version in force, history."""

from __future__ import annotations

import pytest

from jixiao.web.goals import workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(project, users):
    workflow.submit(project, users.alice)
    workflow.approve(project, users.bob)
    project.refresh_from_db()
    return project


def _indicators_with_target(api_client, pk: int, position: int, text: str) -> list[dict]:
    data = api_client.get(f"projects/{pk}").data
    rows = []
    for k, i in enumerate(data["indicators"], 1):
        rows.append({**i, "target": text if k == position else i["target"]["text"]})
    return rows


def test_budget_and_target_adjusted_then_approved(api, users, approved):
    alice, bob = api(users.alice), api(users.bob)
    before = alice.get(f"projects/{approved.pk}").data
    old_target = before["indicators"][0]["target"]["text"]
    changes = {
        "budget": {"total": "60.00", "fiscal": "60.00"},
        "indicators": _indicators_with_target(alice, approved.pk, 1, "≥12人"),
    }
    made = alice.post(
        f"projects/{approved.pk}/adjustments", {"reason": "追加预算", "changes": changes}
    )
    assert made.status == 201, made.data
    assert made.data["status"] == "pending"
    # Nothing changes until the reviewer approves.
    assert alice.get(f"projects/{approved.pk}").data["budget"]["total"] == before["budget"]["total"]
    done = bob.post(f"adjustments/{made.data['id']}/approve", {"effective_from": "2022-07-01"})
    assert done.status == 200, done.data
    assert done.data["status"] == "approved"
    now = alice.get(f"projects/{approved.pk}").data
    assert now["status"] == "approved"
    assert now["budget"]["total"] == "60.00"
    assert now["indicators"][0]["target"]["text"] == "≥12人"
    versions = alice.get(f"projects/{approved.pk}/versions").data["versions"]
    assert [(v["kind"], v["approved"]) for v in versions] == [
        ("submitted", True),
        ("adjusted", True),
    ]
    changed = {(c["field"], c["indicator"]) for c in versions[1]["changes"]}
    assert ("budget.total", None) in changed
    assert any(f.startswith("indicator") and k == 1 for f, k in changed)
    assert versions[1]["effective_from"] == "2022-07-01"
    assert old_target != "≥12人"


def test_only_approved_projects_can_be_adjusted(api, users, project):
    reply = api(users.alice).post(
        f"projects/{project.pk}/adjustments", {"reason": "x", "changes": {"purpose": "新用途"}}
    )
    assert reply.status == 409
    assert "尚未审核通过" in reply.data["error"]


def test_roles_and_scope(api, users, approved):
    body = {"reason": "调整", "changes": {"purpose": "新用途"}}
    assert api(users.bob).post(f"projects/{approved.pk}/adjustments", body).status == 403
    assert api(users.eve).post(f"projects/{approved.pk}/adjustments", body).status == 404
    made = api(users.alice).post(f"projects/{approved.pk}/adjustments", body)
    assert made.status == 201
    assert api(users.alice).post(f"adjustments/{made.data['id']}/approve").status == 403
    assert api(users.frank).post(f"adjustments/{made.data['id']}/approve").status == 404
    # a second request while one is pending is refused
    assert api(users.alice).post(f"projects/{approved.pk}/adjustments", body).status == 409


def test_reason_is_required_and_return_needs_a_comment(api, users, approved):
    alice, bob = api(users.alice), api(users.bob)
    bad = alice.post(
        f"projects/{approved.pk}/adjustments", {"reason": " ", "changes": {"purpose": "x"}}
    )
    assert bad.status == 400
    made = alice.post(
        f"projects/{approved.pk}/adjustments", {"reason": "r", "changes": {"purpose": "x"}}
    )
    assert bob.post(f"adjustments/{made.data['id']}/return", {}).status == 400
    back = bob.post(f"adjustments/{made.data['id']}/return", {"comment": "理由不充分"})
    assert back.status == 200 and back.data["status"] == "returned"
    assert alice.get(f"projects/{approved.pk}").data["purpose"] != "x"


def test_fixed_indicators_cannot_be_adjusted(api, users, approved):
    alice, bob = api(users.alice), api(users.bob)
    name = alice.get(f"projects/{approved.pk}").data["indicators"][0]["name"]
    assert bob.post(f"projects/{approved.pk}/fixed-indicators", {"names": [name]}).status == 200
    assert alice.get(f"projects/{approved.pk}/fixed-indicators").data["names"] == [name]
    changes = {"indicators": _indicators_with_target(alice, approved.pk, 1, "≥99人")}
    refused = alice.post(f"projects/{approved.pk}/adjustments", {"reason": "r", "changes": changes})
    assert refused.status == 400
    assert "固化" in refused.data["fields"]["indicators"]
    assert (
        api(users.alice).post(f"projects/{approved.pk}/fixed-indicators", {"names": [name]}).status
        == 403
    )


def test_evaluation_uses_the_version_in_force(client, users, approved, api):
    alice, bob = api(users.alice), api(users.bob)
    original = alice.get(f"projects/{approved.pk}").data["budget"]["total"]
    made = alice.post(
        f"projects/{approved.pk}/adjustments",
        {"reason": "追加", "changes": {"budget": {"total": "99.50"}}},
    )
    bob.post(f"adjustments/{made.data['id']}/approve")
    from jixiao.web.adjustments.services import initial_budget

    approved.refresh_from_db()
    assert str(initial_budget(approved)) == original
    client.force_login(users.alice)
    page = client.get(f"/evaluation/projects/{approved.pk}/").content.decode()
    assert f'name="budget_initial" value="{original}"' in page
    assert 'name="budget_adjusted" value="99.50"' in page


def test_pages_request_and_approve(client, users, approved):
    client.force_login(users.alice)
    page = client.get(f"/projects/{approved.pk}/")
    assert "申请调整" in page.content.decode()
    form = client.get(f"/projects/{approved.pk}/adjust/")
    assert form.status_code == 200
    reply = client.post(
        f"/projects/{approved.pk}/adjust/",
        {
            "reason": "预算调整",
            "budget_total": "70.00",
            "budget_fiscal": "70.00",
            "budget_other": "",
        },
    )
    assert reply.status_code == 302, reply.content.decode()[:500]
    adj = approved.adjustments.get()
    client.force_login(users.bob)
    detail = client.get(f"/adjustments/{adj.pk}/").content.decode()
    assert "批准调整" in detail and "70.00" in detail
    client.post(
        f"/adjustments/{adj.pk}/decide/", {"decision": "approve", "effective_from": "2022-08-01"}
    )
    approved.refresh_from_db()
    assert str(approved.budget_total) == "70.00"


def test_the_reviewer_home_lists_adjustments_waiting_for_review(client, users, approved):
    # A reviewer must find a unit's request without knowing which project it is about.
    client.force_login(users.alice)
    client.post(
        f"/projects/{approved.pk}/adjust/",
        {"reason": "预算调整", "budget_total": "70.00", "budget_fiscal": "70.00"},
    )
    adj = approved.adjustments.get()
    client.force_login(users.bob)
    home = client.get("/").content.decode()
    assert "待审核的绩效目标调整（1）" in home and f"/adjustments/{adj.pk}/" in home
    client.force_login(users.frank)  # another region's reviewer does not see it
    assert f"/adjustments/{adj.pk}/" not in client.get("/").content.decode()
    client.force_login(users.bob)
    client.post(f"/adjustments/{adj.pk}/decide/", {"decision": "approve"})
    assert f"/adjustments/{adj.pk}/" not in client.get("/").content.decode()


def test_an_adjustment_may_change_the_carryover(client, users, approved):
    client.force_login(users.alice)
    assert (
        'name="budget_carryover"' in client.get(f"/projects/{approved.pk}/adjust/").content.decode()
    )
    total = f"{approved.budget_total}"
    reply = client.post(
        f"/projects/{approved.pk}/adjust/",
        {"reason": "结转", "budget_total": total, "budget_fiscal": "", "budget_carryover": total},
    )
    assert reply.status_code == 302, reply.content.decode()[:500]
    client.force_login(users.bob)
    adj = approved.adjustments.get()
    client.post(
        f"/adjustments/{adj.pk}/decide/", {"decision": "approve", "effective_from": "2022-08-01"}
    )
    approved.refresh_from_db()
    assert approved.budget_carryover == approved.budget_total
