"""The one place where the core model meets the Django models, both ways, without loss.

``document_from_db(document_to_db(doc, unit, user)) == doc`` and
``project_from_db(p)`` equals the core project it was stored from (tests/web/test_mapping.py).
Functions that read children expect ``indicators`` and ``plan_cells`` to be prefetched
(`with_children`) so that a list of projects costs a fixed number of queries.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import Prefetch, QuerySet

from jixiao.core import model as core
from jixiao.core.errors import ReadError
from jixiao.core.formats.json_io import indicator_from_dict, indicator_to_dict, project_to_dict
from jixiao.web.goals.models import GoalDocument, Indicator, Project, SpendingPlanCell
from jixiao.web.orgs.models import Unit


def with_children(qs: QuerySet[Project]) -> QuerySet[Project]:
    """``qs`` with what `project_from_db` reads, in three queries in all."""
    return qs.select_related("document__unit").prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("position")),
        Prefetch("plan_cells", queryset=SpendingPlanCell.objects.order_by("position")),
    )


def for_listing(qs: QuerySet[Project]) -> QuerySet[Project]:
    """``qs`` with its unit and year, without the long texts a list never shows.

    The document's department part (overall goals, summaries…) would otherwise be fetched
    and JSON-decoded once per listed project.
    """
    return qs.select_related("document__unit").defer(
        "document__overall_goals",
        "document__measures",
        "document__project_summaries",
        "document__department_indicators",
        "purpose",
        "goals",
        "goals_text",
    )


# -- core → db --------------------------------------------------------------------------


def document_to_db(
    doc: core.Document, unit: Unit, user: Any = None, source_name: str = ""
) -> GoalDocument:
    """Store ``doc`` for ``unit``; every project starts as a draft at version 1.

    The caller runs this inside a transaction (the import service does, batch by batch).
    """
    document = new_document(doc, unit, user, source_name)
    projects_to_db(document, doc.projects)
    return document


def new_document(
    doc: core.Document, unit: Unit, user: Any = None, source_name: str = "", complete: bool = True
) -> GoalDocument:
    """The document row of ``doc`` without its projects."""
    row = document_row(doc, unit, user, source_name, complete)
    row.save()
    return row


def names_other_unit(named: core.Unit, unit: Unit) -> bool:
    """Whether a document naming ``named`` names another unit than ``unit``: another code,
    or no code and another name (a file from another unit or province used as a model)."""
    if named.code:
        return named.code != unit.code
    return bool(named.name) and named.name != unit.name


def as_units(doc: core.Document, unit: Unit) -> core.Document:
    """``doc`` as ``unit``'s own: a document imported for another unit than the one it names
    takes that unit's code and name, so that its pages and exports are that unit's."""
    if not names_other_unit(doc.unit, unit):
        return doc
    return dataclasses.replace(doc, unit=core.Unit(code=unit.code, name=unit.name))


def document_row(
    doc: core.Document, unit: Unit, user: Any = None, source_name: str = "", complete: bool = True
) -> GoalDocument:
    """The unsaved document row of ``doc``."""
    return GoalDocument(
        unit=unit,
        year=doc.year,
        money_unit=doc.money_unit,
        unit_code_text=doc.unit.code,
        unit_name_text=doc.unit.name,
        overall_goals=list(doc.overall_goals),
        measures=list(doc.measures),
        project_summaries=[
            {"seq": s.seq, "name": s.name, "text": s.text} for s in doc.project_summaries
        ],
        department_indicators=[indicator_to_dict(i) for i in doc.department_indicators],
        absent=[part for part in core.OPTIONAL_PARTS if part in doc.absent],
        source_name=source_name,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        complete=complete,
    )


def projects_to_db(document: GoalDocument, projects: list[core.Project]) -> None:
    """Add ``projects`` (drafts at version 1) with their indicators and plans to ``document``."""
    rows = Project.objects.bulk_create(project_rows(document, projects))
    indicators: list[Indicator] = []
    cells: list[SpendingPlanCell] = []
    for row, p in zip(rows, projects, strict=True):
        indicators += indicator_rows(row, p)
        cells += cell_rows(row, p)
    Indicator.objects.bulk_create(indicators)
    SpendingPlanCell.objects.bulk_create(cells)
    from jixiao.web.rankings.rollups import forget  # imports these models

    forget([document.pk])  # bulk_create sends no signal: the unit's roll-up is out of date


def project_rows(document: GoalDocument, projects: list[core.Project]) -> list[Project]:
    """The unsaved rows of ``projects`` (drafts at version 1) in ``document``."""
    return [_project_row(Project(document=document), p) for p in projects]


def project_to_db(row: Project, p: core.Project) -> Project:
    """Overwrite ``row`` (an existing project) with ``p``: fields, indicators and plan."""
    _project_row(row, p)
    row.save()
    row.indicators.all().delete()
    row.plan_cells.all().delete()
    Indicator.objects.bulk_create(indicator_rows(row, p))
    SpendingPlanCell.objects.bulk_create(cell_rows(row, p))
    # Drop stale prefetched children so a later project_from_db(row) reads the new ones.
    getattr(row, "_prefetched_objects_cache", {}).clear()
    return row


def _project_row(row: Project, p: core.Project) -> Project:
    for name, value in project_fields(p).items():
        setattr(row, name, value)
    return row


# The three functions below are the mapping of a project's columns: the ORM path builds
# model instances from them, the bulk path (goals.bulk) COPYs them as they are.


def project_fields(p: core.Project) -> dict[str, Any]:
    """The stored fields of ``p`` (workflow fields keep their defaults)."""
    return {
        "seq": p.seq,
        "code": p.code,
        "name": p.name,
        "title": p.title,
        "budget_total": p.budget.total,
        "budget_fiscal": p.budget.fiscal,
        "budget_other": p.budget.other,
        "budget_carryover": p.budget.carryover,
        "budget_parts_unread": p.budget.parts_unread,
        "budget_amount": p.budget.total,
        "purpose": p.purpose,
        "goals": list(p.goals),
        "goals_text": p.goals_text,
    }


def indicator_fields(p: core.Project) -> list[dict[str, Any]]:
    return [
        {
            "position": k,
            "level1": i.level1,
            "level2": i.level2,
            "name": i.name,
            "description": i.description,
            "target_text": i.target.text,
            "target_comparator": i.target.comparator,
            "target_value": i.target.value,
            "target_unit": i.target.unit,
            "target_upper": i.target.upper,
            "basis": i.basis,
            "weight": i.weight,
        }
        for k, i in enumerate(p.indicators, 1)
    ]


def cell_fields(p: core.Project) -> list[dict[str, Any]]:
    return [
        {"position": k, "month": c.month, "text": c.text, "percent": c.percent}
        for k, c in enumerate(p.spending_plan.cells, 1)
    ]


def indicator_rows(row: Project, p: core.Project) -> list[Indicator]:
    return [Indicator(project=row, **f) for f in indicator_fields(p)]


def cell_rows(row: Project, p: core.Project) -> list[SpendingPlanCell]:
    return [SpendingPlanCell(project=row, **f) for f in cell_fields(p)]


# -- db → core --------------------------------------------------------------------------


def project_from_db(row: Project) -> core.Project:
    return core.Project(
        seq=row.seq,
        code=row.code,
        name=row.name,
        budget=core.Budget(
            total=row.budget_total,
            fiscal=row.budget_fiscal,
            other=row.budget_other,
            carryover=row.budget_carryover,
            parts_unread=row.budget_parts_unread,
        ),
        purpose=row.purpose,
        spending_plan=core.SpendingPlan(
            [
                core.PlanCell(month=c.month, text=c.text, percent=c.percent)
                for c in sorted(row.plan_cells.all(), key=lambda c: c.position)
            ]
        ),
        goals=list(row.goals or []),
        indicators=[
            core.Indicator(
                level1=i.level1,
                level2=i.level2,
                name=i.name,
                description=i.description,
                target=core.Target(
                    text=i.target_text,
                    comparator=i.target_comparator,
                    value=i.target_value,
                    unit=i.target_unit,
                    upper=i.target_upper,
                ),
                basis=i.basis,
                weight=i.weight,
            )
            for i in sorted(row.indicators.all(), key=lambda i: i.position)
        ],
        goals_text=row.goals_text,
        title=row.title,
    )


def document_from_db(
    document: GoalDocument, projects: list[Project] | None = None
) -> core.Document:
    """The core document; ``projects`` defaults to all of its projects, in order."""
    if projects is None:
        projects = list(with_children(document.projects.all()).order_by("seq", "id"))
    return core.Document(
        unit=core.Unit(code=document.unit_code_text, name=document.unit_name_text),
        year=document.year,
        money_unit=document.money_unit,
        overall_goals=list(document.overall_goals or []),
        project_summaries=[
            core.ProjectSummary(seq=int(s["seq"]), name=s.get("name", ""), text=s.get("text", ""))
            for s in document.project_summaries or []
        ],
        measures=list(document.measures or []),
        projects=[project_from_db(p) for p in projects],
        department_indicators=department_indicators(document),
        absent=frozenset(document.absent or ()) & frozenset(core.OPTIONAL_PARTS),
    )


def department_indicators(document: GoalDocument) -> list[core.Indicator]:
    """The stored department indicator table; a row that no longer reads is left out."""
    out = []
    for k, d in enumerate(document.department_indicators or [], 1):
        try:
            out.append(indicator_from_dict(d, f"department_indicators[{k}]"))
        except (ReadError, ValueError, TypeError, AttributeError, KeyError):
            continue
    return out


def project_data(row: Project) -> dict[str, Any]:
    """The project as `jixiao read --format json` prints it, plus id, status and version."""
    data = project_to_dict(project_from_db(row))
    data.update(
        id=row.pk, status=row.status, version=row.version, budget_to_confirm=row.budget_to_confirm
    )
    return data
