"""Free texts typed by reviewers and units (审核意见, 复核意见, 整改措施, 调整原因…) are
bounded by the core (`bounds.check_remark`, `TEXT_LIMITS`): a longer one is refused with
one Chinese line naming the field and nothing changes. Unbounded, a few 100 MB remarks
(the body limit admits an upload's size) made every page listing them that large."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jixiao.core.bounds import TEXT_LIMITS, check_remark

pytestmark = pytest.mark.django_db

REMARK = "意" * (TEXT_LIMITS["remark"] + 1)
LONG = "措" * (TEXT_LIMITS["long"] + 1)
FUTURE = (datetime.date.today() + datetime.timedelta(days=20)).isoformat()


def test_the_core_rule_strips_refuses_and_names_the_field():
    assert check_remark("  同意 ", "审核意见") == "同意" and check_remark(None, "x") == ""
    with pytest.raises(ValueError, match=r"^审核意见过长（5001 字，最多 5000 字）$"):
        check_remark(REMARK, "审核意见")
    with pytest.raises(ValueError, match="审核意见应为文字"):
        check_remark(["x"], "审核意见")


@pytest.fixture
def drawn(seeded, users):
    from jixiao.web.monitoring.models import SelfEvaluation
    from jixiao.web.rectification import services

    for p in seeded.projects.filter(seq__in=(1, 2)):
        SelfEvaluation.objects.create(project=p, executed=Decimal("1"))
    return services.draw(users.bob, 2022, Decimal("1"), 1).rechecks.first()


def test_a_recheck_note_too_long_is_refused_on_the_page(client, users, drawn):
    client.force_login(users.bob)
    r = client.post(f"/rechecks/{drawn.pk}/score/", {"score": "55", "notes": REMARK}, follow=True)
    assert "复核意见过长（5001 字，最多 5000 字）" in r.content.decode()
    drawn.refresh_from_db()
    assert drawn.bureau_score is None and drawn.notes == "" and drawn.rectification_id is None


def test_a_rectification_answer_and_decision_too_long_are_refused(api, users, project):
    from jixiao.web.rectification.models import Rectification

    bob, alice = api(users.bob), api(users.alice)
    base = {"project": project.pk, "source": "monitoring", "due": FUTURE}
    r = bob.post("rectifications", {**base, "requirement": "要" * (TEXT_LIMITS["long"] + 1)})
    assert r.status == 400 and "整改要求过长" in r.data["error"]
    rid = bob.post("rectifications", {**base, "requirement": "请整改"}).data["id"]
    r = alice.post(f"rectifications/{rid}/answer", {"measures": LONG})
    assert r.status == 400 and "整改措施过长（20001 字" in r.data["error"]
    assert Rectification.objects.get(pk=rid).status == "open"
    assert alice.post(f"rectifications/{rid}/answer", {"measures": "已整改"}).status == 200
    r = bob.post(f"rectifications/{rid}/return", {"comment": REMARK})
    assert r.status == 400 and "验收意见过长" in r.data["error"]
    assert Rectification.objects.get(pk=rid).comment == ""


def test_a_return_with_a_comment_too_long_or_too_many_is_refused(users, project):
    from jixiao.web.goals import workflow
    from jixiao.web.goals.workflow import CommentInput, WorkflowError

    workflow.submit(project, users.alice)
    with pytest.raises(WorkflowError, match="审核意见过长（5001 字"):
        workflow.return_project(project, users.bob, [CommentInput(REMARK)])
    many = [CommentInput("意见")] * (workflow.MAX_COMMENTS + 1)
    with pytest.raises(WorkflowError, match="一次退回最多写 500 条审核意见"):
        workflow.return_project(project, users.bob, many)
    project.refresh_from_db()
    assert project.status == "submitted" and not project.comments.exists()


def test_a_department_return_too_long_is_refused_not_cut(users, seeded):
    from jixiao.web.goals import department
    from jixiao.web.goals.workflow import WorkflowError

    department.submit(seeded, users.alice)
    seeded.refresh_from_db()
    with pytest.raises(WorkflowError, match="审核意见过长（5001 字"):
        department.return_(seeded, users.bob, REMARK)
    seeded.refresh_from_db()
    assert seeded.department_status == "submitted" and seeded.department_comment == ""


def test_an_adjustment_reason_and_return_comment_too_long_are_refused(api, users, project):
    from jixiao.web.goals import workflow

    workflow.submit(project, users.alice)
    workflow.approve(project, users.bob)
    alice = api(users.alice)
    changes = {"purpose": "新用途"}
    r = alice.post(f"projects/{project.pk}/adjustments", {"reason": LONG, "changes": changes})
    assert r.status == 400 and "调整原因过长" in str(r.data)
    made = alice.post(f"projects/{project.pk}/adjustments", {"reason": "追加", "changes": changes})
    assert made.status == 201, made.data
    r = api(users.bob).post(f"adjustments/{made.data['id']}/return", {"comment": REMARK})
    assert r.status == 400 and "审核意见过长" in str(r.data)
