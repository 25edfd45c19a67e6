"""What is public: approved projects of published units and years, with completed
self-evaluations. Everything public goes through `published_projects`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet

from jixiao.core.disclosure import PublishedEvaluation, PublishedProject
from jixiao.core.errors import JixiaoError
from jixiao.web import permissions
from jixiao.web.audit.log import record
from jixiao.web.disclosure.models import Publication
from jixiao.web.goals import mapping
from jixiao.web.goals.models import APPROVED, GoalDocument, Project
from jixiao.web.orgs.models import Unit


class PublicationError(JixiaoError):
    """A publication that cannot be made (Chinese message)."""


def publish(user: Any, unit: Unit, year: int) -> Publication:
    if not permissions.can_manage(user):
        raise PermissionDenied("只有系统管理员可以公开绩效信息")
    if not GoalDocument.objects.filter(unit=unit, year=year).exists():
        raise PublicationError(f"{unit.name} 没有 {year} 年度的绩效目标，无法公开")
    if not Project.objects.filter(
        document__unit=unit, document__year=year, status=APPROVED
    ).exists():
        raise PublicationError(f"{unit.name} {year} 年度没有已审核的项目，无法公开")
    with transaction.atomic():
        pub, created = Publication.objects.get_or_create(
            unit=unit, year=year, defaults={"published_by": user}
        )
        if created:
            record(
                user,
                "publication.create",
                pub,
                object_repr=f"{unit.name} {year}年度",
                new={"unit": unit.code, "year": year},
            )
    return pub


def withdraw(user: Any, publication: Publication) -> None:
    if not permissions.can_manage(user):
        raise PermissionDenied("只有系统管理员可以撤回公开")
    with transaction.atomic():
        record(
            user,
            "publication.withdraw",
            publication,
            object_repr=f"{publication.unit.name} {publication.year}年度",
            old={"unit": publication.unit.code, "year": publication.year},
        )
        publication.delete()


def public_rows(year: int | None = None, q: str = "") -> QuerySet[Project]:
    """Approved projects of published (unit, year) pairs — never anything else."""
    pubs = Publication.objects.all()
    if year is not None:
        pubs = pubs.filter(year=year)
    cond = Q()
    for unit_id, y in pubs.values_list("unit_id", "year"):
        cond |= Q(document__unit_id=unit_id, document__year=y)
    if not cond:
        return Project.objects.none()
    qs = Project.objects.filter(cond, status=APPROVED).select_related("document__unit")
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(code__icontains=q) | Q(document__unit__name__icontains=q)
        )
    return qs.order_by("-document__year", "document__unit__code", "seq", "id")


def to_published(row: Project) -> PublishedProject:
    from jixiao.web.monitoring.data import evaluation_of, project_score

    project = mapping.project_from_db(row)
    evaluation = None
    stored = evaluation_of(row)
    if stored is not None:
        score = project_score(row, project)
        if score.complete:
            evaluation = PublishedEvaluation(
                score=score.score,
                grade=score.grade,
                executed=score.budget.executed if score.budget else None,
                execution_rate=score.execution_rate,
                actuals={a.indicator: a.actual for a in stored.actuals.all() if a.actual},
            )
    doc = row.document
    return PublishedProject(
        year=doc.year,
        unit_code=doc.unit.code,
        unit_name=doc.unit.name,
        money_unit=doc.money_unit,
        project=project,
        evaluation=evaluation,
    )


def published_projects(year: int | None = None, q: str = "") -> list[PublishedProject]:
    rows = mapping.with_children(public_rows(year, q)).prefetch_related("self_evaluation__actuals")
    return [to_published(r) for r in rows]
