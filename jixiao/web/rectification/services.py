"""Rectification items and re-checks: guarded, locked and audited transitions.

create(project, user, source, requirement, due)   reviewer → 待整改
answer(item, user, measures, files)               unit: 待整改/退回 → 已报送
accept(item, user, comment)                       reviewer: 已报送 → 已验收
send_back(item, user, comment)                    reviewer: 已报送 → 退回重新整改
draw(user, year, share, seed)                     reviewer: a reproducible re-check sample
record_recheck(recheck, user, score, notes)       reviewer: large gaps open a rectification
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from jixiao.core import followup
from jixiao.core.bounds import check_remark
from jixiao.core.errors import JixiaoError
from jixiao.web import permissions
from jixiao.web.audit.log import record
from jixiao.web.goals.models import Project
from jixiao.web.goals.workflow import WorkflowError
from jixiao.web.rectification.models import Attachment, Recheck, RecheckDraw, Rectification


class RectificationInputError(JixiaoError):
    """A field of a rectification request that cannot be taken (Chinese message)."""


def visible(user: Any) -> QuerySet[Rectification]:
    return Rectification.objects.filter(project__in=permissions.visible_projects(user))


def overdue(
    qs: QuerySet[Rectification], today: datetime.date | None = None
) -> QuerySet[Rectification]:
    """Items whose unit still owes an answer after the due date (`followup.is_overdue`)."""
    today = today or timezone.localdate()
    return qs.filter(status__in=followup.AWAITING_UNIT, due__lt=today)


def create(
    project: Project, user: Any, source: str, requirement: str, due: datetime.date
) -> Rectification:
    permissions.require(user, permissions.RECTIFY, project)
    if source not in followup.SOURCES:
        raise RectificationInputError(
            f"整改来源“{source}”无效，可选：{'、'.join(followup.SOURCES)}"
        )
    requirement = _remark(requirement, "整改要求", "long")
    if not requirement:
        raise RectificationInputError("请填写整改要求")
    with transaction.atomic():
        item = Rectification.objects.create(
            project=project,
            source=source,
            requirement=requirement,
            due=due,
            created_by=user,
        )
        record(
            user,
            "rectification.create",
            item,
            object_repr=f"{project}：{item.requirement[:50]}",
            new={"source": source, "due": due.isoformat(), "requirement": item.requirement},
        )
    return item


def _locked(item: Rectification) -> Rectification:
    return Rectification.objects.select_for_update().select_related("project").get(pk=item.pk)


def answer(
    item: Rectification, user: Any, measures: str, files: list[tuple[str, bytes]] | None = None
) -> Rectification:
    permissions.require(user, permissions.ANSWER, item.project)
    measures = _remark(measures, "整改措施", "long")
    if not measures:
        raise RectificationInputError("请填写整改措施")
    files = files or []
    limit: int = settings.JIXIAO_MAX_ATTACHMENT_BYTES
    if len(files) > settings.JIXIAO_MAX_ATTACHMENTS:
        raise RectificationInputError(f"附件最多 {settings.JIXIAO_MAX_ATTACHMENTS} 个")
    for name, data in files:
        if len(data) > limit:
            raise RectificationInputError(f"附件“{name}”过大（上限 {limit // (1024 * 1024)} MB）")
    with transaction.atomic():
        locked = _locked(item)
        if locked.status not in followup.AWAITING_UNIT:
            raise WorkflowError(f"整改事项当前状态为“{locked.status_label}”，不能再报送")
        old = locked.status
        locked.status, locked.measures = followup.ANSWERED, measures
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "measures", "answered_at"])
        for name, data in files:
            Attachment.objects.create(
                rectification=locked,
                name=_safe_name(name),
                content=data,
                size=len(data),
                uploaded_by=user,
            )
        record(
            user,
            "rectification.answer",
            locked,
            object_repr=f"{locked.project}：{locked.requirement[:50]}",
            old={"status": old},
            new={
                "status": followup.ANSWERED,
                "measures": locked.measures,
                "attachments": [n for n, _ in files],
            },
        )
    return locked


def _decide(
    item: Rectification, user: Any, status: str, comment: str, action: str
) -> Rectification:
    permissions.require(user, permissions.RECTIFY, item.project)
    comment = _remark(comment, "验收意见")
    if status == followup.RETURNED and not comment:
        raise RectificationInputError("退回整改时请填写意见")
    with transaction.atomic():
        locked = _locked(item)
        if locked.status != followup.ANSWERED:
            raise WorkflowError(
                f"整改事项当前状态为“{locked.status_label}”，只有已报送的才能验收或退回"
            )
        locked.status, locked.comment = status, comment
        if status == followup.ACCEPTED:
            locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "comment", "closed_at"])
        record(
            user,
            action,
            locked,
            object_repr=f"{locked.project}：{locked.requirement[:50]}",
            old={"status": followup.ANSWERED},
            new={"status": status, "comment": locked.comment},
        )
    return locked


def accept(item: Rectification, user: Any, comment: str = "") -> Rectification:
    return _decide(item, user, followup.ACCEPTED, comment, "rectification.accept")


def send_back(item: Rectification, user: Any, comment: str) -> Rectification:
    return _decide(item, user, followup.RETURNED, comment, "rectification.return")


def _remark(text: object, what: str, kind: str = "remark") -> str:
    try:
        return check_remark(text, what, kind)
    except ValueError as e:
        raise RectificationInputError(str(e)) from None


def _safe_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable() and c not in '<>:"|?*')
    return (base.strip(" .") or "附件")[:200]


# -- re-checks ---------------------------------------------------------------------------


def evaluated_projects(user: Any, year: int) -> QuerySet[Project]:
    """Projects of the year in the reviewer's scope that have a self-evaluation."""
    return permissions.visible_projects(user).filter(
        document__year=year, self_evaluation__isnull=False
    )


def draw(user: Any, year: int, share: Decimal, seed: int) -> RecheckDraw:
    if not permissions.role_allows(user, permissions.RECTIFY):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("只有审核人可以抽取复核项目")
    for _attempt in range(3):
        try:
            return _draw_once(user, year, share, seed)
        except IntegrityError:
            # Another reviewer's draw took one of the chosen projects between our read and
            # our write (the database's `recheck_project_drawn_once` refused the row): draw
            # again from what is left.
            continue
    raise RectificationInputError(f"其他审核人正在抽取 {year} 年度的复核项目，请稍后重新抽取")


def _draw_once(user: Any, year: int, share: Decimal, seed: int) -> RecheckDraw:
    from jixiao.web.monitoring.data import project_score

    candidates = list(evaluated_projects(user, year).select_related("document__unit"))
    with transaction.atomic():
        # Read what is drawn inside the transaction (SQLite's IMMEDIATE transactions take
        # the write lock first); on PostgreSQL a concurrent draw is caught by the constraint.
        # A project drawn once for the year is not drawn again (by any reviewer).
        drawn = set(Recheck.objects.filter(draw__year=year).values_list("project_id", flat=True))
        try:
            chosen = set(followup.draw_sample([p.pk for p in candidates], share, seed, drawn))
        except ValueError as e:
            raise RectificationInputError(f"{year} 年度{e}" if not candidates else str(e)) from None
        population = sum(1 for p in candidates if p.pk not in drawn)
        d = RecheckDraw.objects.create(
            year=year,
            share=share,
            seed=seed,
            population=population,
            drawn_by=user,
        )
        for p in candidates:
            if p.pk in chosen:
                score = project_score(p)
                Recheck.objects.create(
                    draw=d, project=p, unit_score=score.score if score.complete else None
                )
        record(
            user,
            "recheck.draw",
            d,
            object_repr=f"{year}年度复核抽样",
            new={
                "share": str(share),
                "seed": seed,
                "population": population,
                "drawn": sorted(chosen),
            },
        )
    return d


def record_recheck(
    recheck: Recheck,
    user: Any,
    bureau_score: Decimal,
    notes: str = "",
    threshold: Decimal = followup.DEFAULT_RECHECK_THRESHOLD,
    due: datetime.date | None = None,
) -> Recheck:
    permissions.require(user, permissions.RECTIFY, recheck.project)
    notes = _remark(notes, "复核意见")
    if not Decimal(0) <= bureau_score <= Decimal(100):
        raise RectificationInputError("复核得分应在 0–100 之间")
    result = followup.compare_scores(recheck.unit_score, bureau_score, threshold)
    with transaction.atomic():
        recheck = (
            Recheck.objects.select_for_update(of=("self",))
            .select_related("rectification")
            .get(pk=recheck.pk)
        )
        previous = (
            None
            if recheck.bureau_score is None
            else {
                "bureau_score": str(recheck.bureau_score),
                "difference": None if recheck.difference is None else str(recheck.difference),
                "notes": recheck.notes,
                "checked_by": None if recheck.checked_by is None else str(recheck.checked_by),
                "rectification": recheck.rectification_id,
            }
        )
        crossed = (
            recheck.bureau_score is not None
            and (
                followup.compare_scores(recheck.unit_score, recheck.bureau_score, threshold)
            ).needs_rectification
        )
        linked = None if recheck.rectification is None else recheck.rectification.status
        recheck.bureau_score = bureau_score  # type: ignore[assignment]
        recheck.difference = result.difference  # type: ignore[assignment]
        recheck.notes, recheck.checked_by, recheck.checked_at = notes, user, timezone.now()
        if followup.rescore_opens_rectification(result, crossed, linked):
            gap = (
                "单位未完成自评"
                if result.difference is None
                else f"复核得分与自评得分相差 {abs(result.difference)} 分"
            )
            recheck.rectification = create(
                recheck.project,
                user,
                "recheck",
                f"自评复核：{gap}，请核实自评依据并整改。{notes}".strip(),
                due or timezone.localdate() + datetime.timedelta(days=30),
            )
        recheck.save()
        record(
            user,
            "recheck.record",
            recheck,
            object_repr=f"{recheck.project} 复核",
            old=previous,
            new={
                "unit_score": None if recheck.unit_score is None else str(recheck.unit_score),
                "bureau_score": str(bureau_score),
                "difference": None if result.difference is None else str(result.difference),
                "rectification": recheck.rectification_id,
            },
        )
    return recheck
