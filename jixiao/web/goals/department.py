"""The department part's review workflow, the same as a project's: 草稿 → 已提交 → 已退回 →
已提交 … → 已审核.

Each transition checks the role and scope (`jixiao.web.permissions`, document actions
SUBMIT / RETURN / APPROVE), locks the document row, checks the current status and, when
given, the version the caller last read; runs in one transaction; bumps the version; and
writes an audit entry with a fixed action name. Illegal moves raise `WorkflowError`.

    submit(document, user)             草稿/已退回 → 已提交     document.submit
    return_(document, user, comment)   已提交 → 已退回          document.return
    approve(document, user)            已提交 → 已审核          document.approve
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from jixiao.core.bounds import check_remark
from jixiao.web import permissions
from jixiao.web.audit.log import record
from jixiao.web.goals.models import APPROVED, RETURNED, STATUSES, SUBMITTED, GoalDocument
from jixiao.web.goals.workflow import EDITABLE, StaleVersionError, WorkflowError


def _lock(document: GoalDocument, version: int | None) -> GoalDocument:
    locked = GoalDocument.objects.select_for_update().select_related("unit").get(pk=document.pk)
    if version is not None and locked.version != version:
        raise StaleVersionError(
            f"部门整体绩效目标已被他人修改（当前版本 {locked.version}，你读取的是版本 "
            f"{version}），请刷新后重试"
        )
    return locked


def _refuse(document: GoalDocument, doing: str, allowed: tuple[str, ...]) -> WorkflowError:
    need = "或".join(STATUSES[s] for s in allowed)
    return WorkflowError(
        f"部门整体绩效目标当前状态为“{document.department_status_label}”，只有{need}状态才能{doing}"
    )


def _move(
    document: GoalDocument,
    user: Any,
    *,
    action: str,
    doing: str,
    allowed: tuple[str, ...],
    to: str,
    version: int | None,
    comment: str | None = None,
    guard: Callable[[GoalDocument], None] | None = None,
) -> GoalDocument:
    permissions.require_document(user, action, document.unit)
    with transaction.atomic():
        locked = _lock(document, version)
        if locked.department_status not in allowed:
            raise _refuse(locked, doing, allowed)
        if guard is not None:
            guard(locked)
        old_status = locked.department_status
        locked.department_status = to
        locked.version += 1
        fields = ["department_status", "version"]
        new: dict[str, Any] = {"department_status": to, "version": locked.version}
        if comment is not None:
            locked.department_comment = comment
            fields.append("department_comment")
            new["comment"] = comment
        locked.save(update_fields=fields)
        record(
            user,
            f"document.{action}",
            locked,
            old={"department_status": old_status},
            new=new,
        )
    document.department_status = locked.department_status
    document.department_comment = locked.department_comment
    document.version = locked.version
    return locked


def _has_content(document: GoalDocument) -> None:
    """An empty department part is nothing for the bureau to review (core `has_department_part`)."""
    from jixiao.core.review.rule import has_department_part
    from jixiao.web.goals.mapping import document_from_db

    if not has_department_part(document_from_db(document, [])):
        raise WorkflowError(
            "部门整体绩效目标还没有填写（总体目标、分项目标或部门整体指标），不能提交审核"
        )


def submit(document: GoalDocument, user: Any, *, version: int | None = None) -> GoalDocument:
    """Submit the department part for review; only in 草稿 or 已退回, and not empty."""
    return _move(
        document,
        user,
        action=permissions.SUBMIT,
        doing="提交",
        allowed=EDITABLE,
        to=SUBMITTED,
        version=version,
        guard=_has_content,
    )


def return_(
    document: GoalDocument, user: Any, comment: str, *, version: int | None = None
) -> GoalDocument:
    """Return to the unit with the reviewer's remarks (required); only in 已提交."""
    try:
        text = check_remark(comment, "审核意见")
    except ValueError as e:
        raise WorkflowError(str(e)) from None
    if not text:
        raise WorkflowError("退回时至少要写一条审核意见")
    return _move(
        document,
        user,
        action=permissions.RETURN,
        doing="退回",
        allowed=(SUBMITTED,),
        to=RETURNED,
        version=version,
        comment=text,
    )


def approve(document: GoalDocument, user: Any, *, version: int | None = None) -> GoalDocument:
    """Approve; only in 已提交."""
    return _move(
        document,
        user,
        action=permissions.APPROVE,
        doing="审核通过",
        allowed=(SUBMITTED,),
        to=APPROVED,
        version=version,
    )
