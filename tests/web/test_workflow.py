"""The review workflow: guarded transitions, versions, diffs and the audit trail."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from jixiao.web.audit.models import AuditEntry
from jixiao.web.goals import workflow
from jixiao.web.goals.editing import ChangeError
from jixiao.web.goals.models import APPROVED, DRAFT, RETURNED, SUBMITTED, Project
from jixiao.web.goals.workflow import CommentInput, StaleVersionError, WorkflowError

pytestmark = pytest.mark.django_db


def fresh(project: Project) -> Project:
    return Project.objects.get(pk=project.pk)


def test_the_whole_cycle_draft_submitted_returned_submitted_approved(users, project):
    workflow.submit(project, users.alice)
    assert fresh(project).status == SUBMITTED
    workflow.return_project(
        project, users.bob, [CommentInput("请写明依据", field="indicator.basis", indicator=1)]
    )
    assert fresh(project).status == RETURNED
    workflow.edit(
        project,
        users.alice,
        {"indicators": _with_basis(project, "计划标准")},
        version=project.version,
    )
    workflow.submit(project, users.alice)
    workflow.approve(project, users.bob)
    stored = fresh(project)
    assert stored.status == APPROVED
    assert stored.version == 6  # 1 + submit, return, edit, submit, approve
    actions = list(
        AuditEntry.objects.filter(object_type="project", object_id=str(project.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "project.submit",
        "project.return",
        "project.edit",
        "project.submit",
        "project.approve",
    ]


def _with_basis(project: Project, basis: str) -> list[dict]:
    from jixiao.web.goals.mapping import project_data

    rows = project_data(fresh(project))["indicators"]
    rows[0]["basis"] = basis
    return rows


ILLEGAL = [
    # (status, who, transition, message fragment)
    (SUBMITTED, "alice", "edit", "只有草稿或已退回状态才能修改"),
    (SUBMITTED, "alice", "submit", "只有草稿或已退回状态才能提交"),
    (APPROVED, "alice", "edit", "当前状态为“已审核”"),
    (DRAFT, "bob", "approve", "只有已提交状态才能审核通过"),
    (DRAFT, "bob", "return", "只有已提交状态才能退回"),
    (RETURNED, "bob", "approve", "当前状态为“已退回”"),
    (APPROVED, "bob", "return", "当前状态为“已审核”"),
]


def _do(transition: str, project: Project, user) -> None:
    if transition == "edit":
        workflow.edit(project, user, {"purpose": "新用途"}, version=None)
    elif transition == "submit":
        workflow.submit(project, user)
    elif transition == "return":
        workflow.return_project(project, user, [CommentInput("不行")])
    else:
        workflow.approve(project, user)


@pytest.mark.parametrize(("status", "who", "transition", "message"), ILLEGAL)
def test_illegal_moves_are_refused_with_a_chinese_message(
    users, project, status, who, transition, message
):
    Project.objects.filter(pk=project.pk).update(status=status)
    before = AuditEntry.objects.count()
    with pytest.raises(WorkflowError, match=message):
        _do(transition, fresh(project), getattr(users, who))
    assert fresh(project).status == status
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("who", "transition"),
    [
        ("bob", "edit"),
        ("bob", "submit"),
        ("alice", "approve"),
        ("alice", "return"),
        ("dave", "edit"),
        ("carol", "approve"),
    ],
)
def test_roles_that_may_not_act_are_refused(users, project, who, transition):
    Project.objects.filter(pk=project.pk).update(
        status=SUBMITTED if transition in ("approve", "return") else DRAFT
    )
    with pytest.raises(PermissionDenied):
        _do(transition, fresh(project), getattr(users, who))


def test_another_unit_cannot_edit(users, project):
    with pytest.raises(PermissionDenied):
        workflow.edit(project, users.eve, {"purpose": "x"}, version=1)


def test_a_stale_version_overwrites_nothing(users, project):
    workflow.edit(project, users.alice, {"purpose": "第一次"}, version=1)
    with pytest.raises(StaleVersionError, match="已被他人修改"):
        workflow.edit(fresh(project), users.alice, {"purpose": "第二次"}, version=1)
    assert fresh(project).purpose == "第一次"
    assert fresh(project).version == 2


def test_an_edit_is_audited_with_old_and_new_values(users, project):
    workflow.edit(
        project, users.alice, {"purpose": "新用途", "budget": {"total": "3.00"}}, version=1
    )
    entry = AuditEntry.objects.get(action="project.edit")
    assert entry.user == users.alice and entry.username == "alice"
    assert entry.old == {
        "purpose": "残疾人专职委员工资",
        "budget": {"total": "2.28", "fiscal": "2.28", "other": None},
    }
    assert entry.new["purpose"] == "新用途"
    assert entry.new["budget"]["total"] == "3.00"
    assert fresh(project).budget_amount == Decimal("3")


def test_an_edit_that_changes_nothing_writes_nothing(users, project):
    workflow.edit(project, users.alice, {"purpose": "残疾人专职委员工资"}, version=1)
    assert fresh(project).version == 1
    assert not AuditEntry.objects.filter(action="project.edit").exists()


def test_bad_values_are_refused_field_by_field(users, project):
    with pytest.raises(ChangeError) as e:
        workflow.edit(
            project,
            users.alice,
            {
                "budget": {"total": "两万"},
                "spending_plan": [{"month": 13, "text": "25%"}],
                "colour": "red",
            },
            version=1,
        )
    assert e.value.errors == {
        "colour": "不是可修改的字段",
        "budget.total": "金额“两万”不是数字",
        "spending_plan[1].month": "月份应为 1–12 的整数",
    }
    assert fresh(project).version == 1


def test_every_submission_is_a_version_and_the_reviewer_sees_what_changed(users, project):
    first = workflow.submit(project, users.alice)
    workflow.return_project(
        project, users.bob, [CommentInput("目标值缺单位", field="indicator.target", indicator=1)]
    )
    workflow.edit(
        project,
        users.alice,
        {"purpose": "残疾人专职委员工资及保险", "indicators": _target(project, "≥8人")},
        version=project.version,
    )
    second = workflow.submit(project, users.alice)
    assert (first.number, second.number) == (1, 2)
    assert first.snapshot["purpose"] == "残疾人专职委员工资"
    changes = workflow.changes_since_last_submission(fresh(project))
    assert changes == [
        {
            "field": "purpose",
            "indicator": None,
            "old": "残疾人专职委员工资",
            "new": "残疾人专职委员工资及保险",
        },
        {"field": "indicator.target", "indicator": 1, "old": "≥100", "new": "≥8人"},
    ]


def _target(project: Project, text: str) -> list[dict]:
    from jixiao.web.goals.mapping import project_data

    rows = project_data(fresh(project))["indicators"]
    rows[0]["target"] = text
    return rows


def test_return_needs_a_comment_on_a_known_field(users, project):
    workflow.submit(project, users.alice)
    with pytest.raises(WorkflowError, match="至少要写一条审核意见"):
        workflow.return_project(project, users.bob, [])
    with pytest.raises(WorkflowError, match="字段“colour”不存在"):
        workflow.return_project(project, users.bob, [CommentInput("x", field="colour")])
    with pytest.raises(WorkflowError, match="须注明第几个指标"):
        workflow.return_project(project, users.bob, [CommentInput("x", field="indicator.target")])
    with pytest.raises(WorkflowError, match="第 4 个指标不存在（该项目共有 3 个指标）"):
        workflow.return_project(
            project, users.bob, [CommentInput("x", field="indicator.target", indicator=4)]
        )
    assert fresh(project).status == SUBMITTED


def test_the_unit_resolves_a_comment(users, project):
    workflow.submit(project, users.alice)
    (comment,) = workflow.return_project(
        project, users.bob, [CommentInput("补充资金用途", field="purpose")]
    )
    assert comment.submission.number == 1
    with pytest.raises(PermissionDenied):
        workflow.resolve_comment(comment, users.bob)
    workflow.resolve_comment(comment, users.alice)
    comment.refresh_from_db()
    assert comment.resolved and comment.resolved_by == users.alice
    assert (
        AuditEntry.objects.filter(action="comment.resolve", object_id=str(comment.pk)).count() == 1
    )


def test_indicators_are_added_removed_and_reordered_by_sending_the_list(users, project):
    from jixiao.web.goals.mapping import project_data

    rows = project_data(fresh(project))["indicators"]
    new = [
        rows[2],
        rows[0],
        {
            "level1": "产出指标",
            "level2": "时效指标",
            "name": "按时发放",
            "target": "=12次",
            "basis": "计划标准",
        },
    ]
    workflow.edit(project, users.alice, {"indicators": new}, version=1)
    stored = project_data(fresh(project))["indicators"]
    assert [i["name"] for i in stored] == ["服务对象满意度", "工资发放人数", "按时发放"]
    assert stored[2]["target"] == {"text": "=12次", "comparator": "=", "value": "12", "unit": "次"}


def test_editing_goals_renumbers_the_written_cell(users, project):
    workflow.edit(project, users.alice, {"goals": ["保障残疾人工作", "按时发放工资"]}, version=1)
    stored = fresh(project)
    assert stored.goals == ["保障残疾人工作", "按时发放工资"]
    assert stored.goals_text.splitlines()[0].endswith("保障残疾人工作")


def test_a_plan_edit_is_audited_as_written_cells_only(users, project):
    plan = [{"month": 6, "text": "50%"}, {"month": 12, "text": "100%"}]
    workflow.edit(project, users.alice, {"spending_plan": plan}, version=1)
    entry = AuditEntry.objects.get(action="project.edit")
    assert set(entry.old) == {"spending_plan"}
    assert [c["text"] for c in entry.new["spending_plan"]] == ["50%", "100%"]
