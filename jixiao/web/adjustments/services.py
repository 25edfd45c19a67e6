"""Requesting, approving and returning adjustments (guarded, locked, audited).

    request_adjustment(project, user, reason, changes)   已审核 project → pending request
    approve_adjustment(adjustment, user, effective_from)  pending → approved; project updated
                                                          (effective_from within the year)
    return_adjustment(adjustment, user, comment)          pending → returned
    fix_indicators(project, user, names)                  the bureau fixes (固化) indicators

The project stays 已审核 throughout; an approved adjustment replaces its content, bumps its
version and is the version monitoring and evaluation use from then on. Earlier versions stay
readable (`versions`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from jixiao.core.bounds import check_remark
from jixiao.core.formats.json_io import project_from_dict, project_to_dict
from jixiao.core.versions import default_effective_date, effective_date_problem
from jixiao.web import permissions
from jixiao.web.adjustments.models import APPROVED, PENDING, RETURNED, Adjustment, FixedIndicator
from jixiao.web.audit.log import record
from jixiao.web.goals import mapping
from jixiao.web.goals import models as goals
from jixiao.web.goals.diff import diff_snapshots
from jixiao.web.goals.editing import ChangeError, apply_changes
from jixiao.web.goals.workflow import StaleVersionError, WorkflowError, snapshot


def _locked(project: goals.Project) -> goals.Project:
    return (
        goals.Project.objects.select_for_update()
        .select_related("document__unit")
        .get(pk=project.pk)
    )


def _fixed_rows(project: goals.Project, data: dict[str, Any]) -> dict[str, Any]:
    names = set(project.fixed_indicators.values_list("name", flat=True))
    return {i["name"]: i for i in data.get("indicators", []) if i.get("name") in names}


def request_adjustment(
    project: goals.Project, user: Any, reason: str, changes: dict[str, Any]
) -> Adjustment:
    permissions.require(user, permissions.ADJUST, project)
    try:
        reason = check_remark(reason, "调整原因", "long")
    except ValueError as e:
        raise ChangeError({"reason": str(e)}) from None
    if not reason:
        raise ChangeError({"reason": "请填写调整原因"})
    if not isinstance(changes, dict) or not changes:
        raise ChangeError({"changes": "请提供要调整的内容"})
    changes = {k: v for k, v in changes.items() if k != "version"}
    with transaction.atomic():
        locked = _locked(project)
        if locked.status != goals.APPROVED:
            raise WorkflowError(f"项目“{locked.name}”尚未审核通过，不能申请调整；请直接修改后提交")
        if locked.adjustments.filter(status=PENDING).exists():
            raise WorkflowError(f"项目“{locked.name}”已有待审核的调整申请，请等待审核结果")
        current = mapping.project_from_db(locked)
        before = project_to_dict(current)
        after = project_to_dict(apply_changes(current, changes))
        if before == after:
            raise ChangeError({"changes": "调整内容与当前版本相同"})
        fixed_before, fixed_after = _fixed_rows(locked, before), _fixed_rows(locked, after)
        broken = [n for n, row in fixed_before.items() if fixed_after.get(n) != row]
        if broken:
            raise ChangeError(
                {"indicators": f"指标“{'、'.join(broken)}”已由财政部门固化，不能调整或删除"}
            )
        number = (
            locked.adjustments.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        adj = Adjustment.objects.create(
            project=locked,
            number=number,
            reason=reason,
            changes=changes,
            before=before,
            after=after,
            base_version=locked.version,
            requested_by=user,
        )
        record(
            user,
            "adjustment.request",
            adj,
            object_repr=f"{locked}：第 {number} 次调整",
            new={
                "reason": adj.reason,
                "fields": sorted(k for k in after if before.get(k) != after.get(k)),
            },
        )
    return adj


def _decide(adjustment: Adjustment, user: Any) -> tuple[Adjustment, goals.Project]:
    permissions.require(user, permissions.APPROVE, adjustment.project)
    adj = Adjustment.objects.select_for_update().get(pk=adjustment.pk)
    if adj.status != PENDING:
        raise WorkflowError(f"该调整申请已{adj.status_label}，不能再次审核")
    return adj, _locked(adj.project)


def approve_adjustment(
    adjustment: Adjustment, user: Any, effective_from: date | None = None
) -> Adjustment:
    with transaction.atomic():
        adj, project = _decide(adjustment, user)
        year = project.document.year
        effective_from = effective_from or default_effective_date(year, timezone.localdate())
        problem = effective_date_problem(year, effective_from)
        if problem:
            raise ChangeError({"effective_from": problem})
        if project.version != adj.base_version:
            raise StaleVersionError(
                f"项目在申请调整后已发生变化（版本 {adj.base_version} → {project.version}），请退回后重新申请"
            )
        mapping.project_to_db(project, project_from_dict(adj.after))
        project.version += 1
        project.save(update_fields=["version", "updated_at"])
        adj.status, adj.decided_by, adj.decided_at = APPROVED, user, timezone.now()
        adj.effective_from = effective_from
        adj.save(update_fields=["status", "decided_by", "decided_at", "effective_from"])
        record(
            user,
            "adjustment.approve",
            adj,
            object_repr=f"{project}：第 {adj.number} 次调整",
            old={"status": PENDING},
            new={
                "status": APPROVED,
                "effective_from": adj.effective_from.isoformat(),
                "version": project.version,
            },
        )
    adjustment.status = adj.status
    return adj


def return_adjustment(adjustment: Adjustment, user: Any, comment: str) -> Adjustment:
    try:
        comment = check_remark(comment, "审核意见")
    except ValueError as e:
        raise ChangeError({"comment": str(e)}) from None
    if not comment:
        raise ChangeError({"comment": "退回调整申请时请填写意见"})
    with transaction.atomic():
        adj, project = _decide(adjustment, user)
        adj.status, adj.decided_by, adj.decided_at = RETURNED, user, timezone.now()
        adj.comment = comment
        adj.save(update_fields=["status", "decided_by", "decided_at", "comment"])
        record(
            user,
            "adjustment.return",
            adj,
            object_repr=f"{project}：第 {adj.number} 次调整",
            old={"status": PENDING},
            new={"status": RETURNED, "comment": adj.comment},
        )
    adjustment.status = adj.status
    return adj


def fix_indicators(project: goals.Project, user: Any, names: list[str]) -> list[str]:
    """The bureau fixes indicators by 三级 name; unknown names are refused."""
    permissions.require(user, permissions.APPROVE, project)
    known = set(project.indicators.values_list("name", flat=True))
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ChangeError({"indicators": f"项目中没有指标“{'、'.join(map(str, unknown))}”"})
    with transaction.atomic():
        for n in names:
            FixedIndicator.objects.get_or_create(
                project=project, name=n, defaults={"fixed_by": user}
            )
        record(user, "indicator.fix", project, new={"indicators": names})
    return sorted(project.fixed_indicators.values_list("name", flat=True))


def versions(project: goals.Project) -> list[dict[str, Any]]:
    """Every version a reviewer decided on: the submissions (the approved one marked) and
    the approved adjustments, oldest first, each with what changed since the one before."""
    subs = list(project.submissions.select_related("submitted_by").order_by("number"))
    adjs = list(project.adjustments.filter(status=APPROVED).select_related("requested_by"))
    approved_sub = subs[-1].number if subs and project.status == goals.APPROVED else None
    out: list[dict[str, Any]] = []
    previous: dict[str, Any] | None = None
    for s in subs:
        out.append(
            {
                "number": s.number,
                "kind": "submitted",
                "approved": s.number == approved_sub,
                "submitted_by": s.submitted_by.username if s.submitted_by else None,
                "submitted_at": s.submitted_at,
                "effective_from": None,
                "changes": [c.to_dict() for c in diff_snapshots(previous, s.snapshot)]
                if previous
                else [],
            }
        )
        previous = s.snapshot
    for a in adjs:
        base = previous if previous is not None else a.before
        out.append(
            {
                "number": len(out) + 1,
                "kind": "adjusted",
                "approved": True,
                "adjustment": a.pk,
                "reason": a.reason,
                "submitted_by": a.requested_by.username if a.requested_by else None,
                "submitted_at": a.requested_at,
                "effective_from": a.effective_from,
                "changes": [c.to_dict() for c in diff_snapshots(base, a.after)],
            }
        )
        previous = a.after
    return out


def initial_budget(project: goals.Project) -> Any:
    """年初预算数: the budget of the version first approved (before any adjustment)."""
    first = project.adjustments.filter(status=APPROVED).order_by("number").first()
    if first is None:
        return project.budget_total
    return project_from_dict(first.before).budget.total


def pending(project: goals.Project) -> Adjustment | None:
    return project.adjustments.filter(status=PENDING).first()


__all__ = [
    "approve_adjustment",
    "fix_indicators",
    "initial_budget",
    "pending",
    "request_adjustment",
    "return_adjustment",
    "snapshot",
    "versions",
]
