"""The review workflow: 草稿 → 已提交 → 已退回 → 已提交 … → 已审核.

Each transition locks the project row, checks the role (`jixiao.web.permissions.require`),
the current status and, when given, the version the caller last read; runs in one
transaction; bumps the version; and writes an audit entry with a fixed action name.
Illegal moves raise `WorkflowError` (a Chinese message), stale versions `StaleVersionError`.

    edit(project, user, changes, version=)   草稿/已退回 → unchanged status   project.edit
    submit(project, user)                    草稿/已退回 → 已提交, new Submission  project.submit
    return_project(project, user, comments)  已提交 → 已退回, Comments         project.return
    approve(project, user)                   已提交 → 已审核                   project.approve
    resolve_comment(comment, user)           marks a comment dealt with       comment.resolve
    assign_code(project, user, code)         已审核, no code → same status     project.code
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from jixiao.core.bounds import check_remark
from jixiao.core.errors import JixiaoError
from jixiao.core.formats.json_io import project_to_dict
from jixiao.web import permissions
from jixiao.web.audit.log import record
from jixiao.web.goals import mapping
from jixiao.web.goals.diff import diff_snapshots
from jixiao.web.goals.editing import apply_changes
from jixiao.web.goals.models import (
    APPROVED,
    DRAFT,
    RETURNED,
    STATUSES,
    SUBMITTED,
    Comment,
    Project,
    Submission,
)

#: Statuses in which a unit may edit or submit.
EDITABLE = (DRAFT, RETURNED)
#: Most review comments one return carries (one per field of every indicator is far fewer).
MAX_COMMENTS = 500

try:  # the review engine's field vocabulary, when it is installed
    from jixiao.core.review.finding import FIELDS as _FINDING_FIELDS
except ImportError:  # pragma: no cover - the review engine ships with the core
    _FINDING_FIELDS = {}

#: Fields a comment may point at ("" = the whole project).
COMMENT_FIELDS: dict[str, str] = {"": "整个项目", **_FINDING_FIELDS}


class WorkflowError(JixiaoError):
    """A transition that the current status does not allow."""


class InvalidCodeError(WorkflowError):
    """A 项目编码 that `assign_code` refuses for its form or because it is taken."""


class StaleVersionError(WorkflowError):
    """The caller read an older version; someone else has changed the project since."""


@dataclass(frozen=True)
class CommentInput:
    text: str
    field: str = ""
    indicator: int | None = None


def _lock(project: Project, version: int | None) -> Project:
    locked = Project.objects.select_for_update().select_related("document__unit").get(pk=project.pk)
    if version is not None and locked.version != version:
        raise StaleVersionError(
            f"项目已被他人修改（当前版本 {locked.version}，你读取的是版本 {version}），请刷新后重试"
        )
    return locked


def _refuse(project: Project, doing: str, allowed: tuple[str, ...]) -> WorkflowError:
    need = "或".join(STATUSES[s] for s in allowed)
    return WorkflowError(
        f"项目“{project.name}”当前状态为“{STATUSES[project.status]}”，只有{need}状态才能{doing}"
    )


def _sync(project: Project, locked: Project) -> None:
    """Copy the stored state back into the caller's instance."""
    project.status = locked.status
    project.version = locked.version
    project.updated_at = locked.updated_at


def snapshot(project: Project) -> dict[str, Any]:
    return project_to_dict(mapping.project_from_db(project))


def edit(project: Project, user: Any, changes: dict[str, Any], *, version: int | None) -> Project:
    """Apply ``changes`` (see `jixiao.web.goals.editing`); only in 草稿 or 已退回."""
    permissions.require(user, permissions.EDIT, project)
    with transaction.atomic():
        locked = _lock(project, version)
        if locked.status not in EDITABLE:
            raise _refuse(locked, "修改", EDITABLE)
        current = mapping.project_from_db(locked)
        updated = apply_changes(current, changes, locked.document.money_unit)
        before, after = project_to_dict(current), project_to_dict(updated)
        # spending_curve is derived from spending_plan: the audit keeps what was written.
        changed = sorted(
            k for k in after if k != "spending_curve" and before.get(k) != after.get(k)
        )
        # Saving the budget (even unchanged) confirms a budget carried over from last year.
        confirms = "budget" in changes and locked.budget_to_confirm
        if not changed and not confirms:
            return locked
        locked.version += 1
        old = {k: before[k] for k in changed}
        new = {k: after[k] for k in changed} | {"version": locked.version}
        if confirms:
            locked.budget_to_confirm = False
            old["budget_to_confirm"], new["budget_to_confirm"] = True, False
        mapping.project_to_db(locked, updated)
        record(user, "project.edit", locked, old=old, new=new)
    _sync(project, locked)
    return locked


class OpenErrorsError(WorkflowError):
    """Submitting a project with open 错误: refused, or waiting for confirmation."""

    def __init__(self, message: str, errors: list[str]) -> None:
        super().__init__(message)
        self.errors = errors


def submit(
    project: Project, user: Any, *, version: int | None = None, confirmed: bool = True
) -> Submission:
    """Submit for review: a new version snapshot; only in 草稿 or 已退回.

    With open 错误 the review profile decides: ``refuse`` raises `OpenErrorsError`;
    ``confirm`` raises it unless ``confirmed`` (the page asks first). The submission keeps
    the quality score and the 错误 of the moment, for the reviewer.
    """
    from jixiao.web.goals import review

    permissions.require(user, permissions.SUBMIT, project)
    with transaction.atomic():
        locked = _lock(project, version)
        if locked.status not in EDITABLE:
            raise _refuse(locked, "提交", EDITABLE)
        if locked.budget_to_confirm:
            raise WorkflowError(
                f"项目“{locked.name}”的预算数沿用上年，请在修改页面确认（保存）预算数后再提交"
            )
        score, errors = review.open_errors(locked)
        if errors and review.submit_with_errors() == "refuse":
            raise OpenErrorsError(f"该项目还有 {len(errors)} 个错误，改正后才能提交", errors)
        if errors and not confirmed:
            raise OpenErrorsError(f"该项目还有 {len(errors)} 个错误，请确认后再提交", errors)
        old_status = locked.status
        number = locked.submissions.count() + 1
        submission = Submission.objects.create(
            project=locked,
            number=number,
            snapshot=snapshot(locked),
            submitted_by=user,
            score=score,
            errors=errors,
        )
        locked.status = SUBMITTED
        locked.version += 1
        locked.save(update_fields=["status", "version", "updated_at"])
        record(
            user,
            "project.submit",
            locked,
            old={"status": old_status},
            new={
                "status": SUBMITTED,
                "version": locked.version,
                "submission": number,
                "score": score,
                "errors": len(errors),
            },
        )
    _sync(project, locked)
    return submission


def return_project(
    project: Project, user: Any, comments: list[CommentInput], *, version: int | None = None
) -> list[Comment]:
    """Return to the unit with at least one comment; only in 已提交."""
    permissions.require(user, permissions.RETURN, project)
    if not comments or not any(isinstance(c.text, str) and c.text.strip() for c in comments):
        raise WorkflowError("退回时至少要写一条审核意见")
    if len(comments) > MAX_COMMENTS:
        raise WorkflowError(f"一次退回最多写 {MAX_COMMENTS} 条审核意见（收到 {len(comments)} 条）")
    for c in comments:
        try:
            check_remark(c.text, "审核意见")
        except ValueError as e:
            raise WorkflowError(str(e)) from None
        if c.field not in COMMENT_FIELDS:
            raise WorkflowError(f"审核意见所指字段“{c.field}”不存在")
        if c.field.startswith("indicator.") and not c.indicator:
            raise WorkflowError(f"针对“{COMMENT_FIELDS[c.field]}”的意见须注明第几个指标")
    with transaction.atomic():
        locked = _lock(project, version)
        if locked.status != SUBMITTED:
            raise _refuse(locked, "退回", (SUBMITTED,))
        count = locked.indicators.count()
        for c in comments:
            if c.indicator is not None and not 1 <= c.indicator <= count:
                raise WorkflowError(f"第 {c.indicator} 个指标不存在（该项目共有 {count} 个指标）")
        last = locked.submissions.order_by("-number").first()
        rows = Comment.objects.bulk_create(
            [
                Comment(
                    project=locked,
                    submission=last,
                    field=c.field,
                    indicator=c.indicator,
                    text=c.text.strip(),
                    author=user,
                )
                for c in comments
                if c.text.strip()
            ]
        )
        locked.status = RETURNED
        locked.version += 1
        locked.save(update_fields=["status", "version", "updated_at"])
        record(
            user,
            "project.return",
            locked,
            old={"status": SUBMITTED},
            new={
                "status": RETURNED,
                "version": locked.version,
                "comments": [
                    {"field": c.field, "indicator": c.indicator, "text": c.text} for c in rows
                ],
            },
        )
    _sync(project, locked)
    return rows


def approve(project: Project, user: Any, *, version: int | None = None) -> Project:
    """Approve; only in 已提交."""
    permissions.require(user, permissions.APPROVE, project)
    with transaction.atomic():
        locked = _lock(project, version)
        if locked.status != SUBMITTED:
            raise _refuse(locked, "审核通过", (SUBMITTED,))
        locked.status = APPROVED
        locked.version += 1
        locked.save(update_fields=["status", "version", "updated_at"])
        record(
            user,
            "project.approve",
            locked,
            old={"status": SUBMITTED},
            new={"status": APPROVED, "version": locked.version},
        )
    _sync(project, locked)
    return locked


def assign_code(project: Project, user: Any, code: str, *, version: int | None = None) -> Project:
    """Record the 项目编码 the finance system gave an approved project that has none (a
    layout without a code column), so that its payments can be matched. Only once, only
    while blank; the code is checked by `jixiao.core.codes.check_new_code` against the
    other projects of the unit's document of that year. Changes nothing else."""
    from jixiao.core.codes import check_new_code

    permissions.require(user, permissions.CODE, project)
    with transaction.atomic():
        locked = _lock(project, version)
        if locked.status != APPROVED:
            raise _refuse(locked, "补录项目编码", (APPROVED,))
        if (locked.code or "").strip():
            raise WorkflowError(
                f"项目“{locked.name}”已有项目编码“{locked.code}”，不能补录；"
                "编码有误请通过绩效目标调整更正"
            )
        document = locked.document
        others = document.projects.exclude(pk=locked.pk).values_list("seq", "name", "code")
        cleaned, problems = check_new_code(code, document.year, others)
        if problems:
            raise InvalidCodeError("；".join(problems))
        old = locked.code
        locked.code = cleaned
        locked.version += 1
        locked.save(update_fields=["code", "version", "updated_at"])
        record(user, "project.code", locked, old={"code": old}, new={"code": cleaned})
        _carry_code_into_pending_adjustments(locked, cleaned)
    _sync(project, locked)
    project.code = locked.code
    return locked


def _carry_code_into_pending_adjustments(project: Project, code: str) -> None:
    """A goal adjustment requested before the code was recorded carries it in both of its
    versions and stays approvable (it was made against the version just replaced)."""
    from jixiao.web.adjustments.models import PENDING

    for adj in project.adjustments.select_for_update().filter(status=PENDING):
        adj.before = {**adj.before, "code": code}
        adj.after = {**adj.after, "code": code}
        adj.base_version = project.version
        adj.save(update_fields=["before", "after", "base_version"])


def resolve_comment(comment: Comment, user: Any) -> Comment:
    """The unit marks a comment as dealt with (any status; it changes no project field)."""
    permissions.require(user, permissions.RESOLVE, comment.project)
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if comment.resolved:
            return comment
        comment.resolved, comment.resolved_by, comment.resolved_at = True, user, timezone.now()
        comment.save(update_fields=["resolved", "resolved_by", "resolved_at"])
        record(
            user,
            "comment.resolve",
            comment,
            object_repr=f"{comment.project}：{comment.text[:50]}",
            old={"resolved": False},
            new={"resolved": True},
        )
    return comment


def changes_since_last_submission(project: Project) -> list[dict[str, Any]]:
    """What the unit changed between the last two submissions (empty for the first one).

    A reviewer looking at a resubmitted project sees exactly what was fixed.
    """
    last_two = list(project.submissions.order_by("-number")[:2])
    if len(last_two) < 2:
        return []
    new, old = last_two
    return [c.to_dict() for c in diff_snapshots(old.snapshot, new.snapshot)]


def changes_since_submission(project: Project) -> list[dict[str, Any]]:
    """What changed in the working copy since the last submission (for the unit's page)."""
    last = project.submissions.order_by("-number").first()
    if last is None:
        return []
    return [c.to_dict() for c in diff_snapshots(last.snapshot, snapshot(project))]
