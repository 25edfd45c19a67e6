"""Documents on the typed API: list, create, read, change the department part, delete; a new
project; roll-over. The rules are in `jixiao.web.goals.drafting` and the department part's
in `jixiao.web.goals.department`; this module only speaks HTTP.

    GET    /documents?year=&unit=&page=&page_size=   a page of documents
    POST   /documents {unit, year, money_unit}         → 201 the new document
    GET    /documents/{id}                             the department part and the projects
    PATCH  /documents/{id} {version, overall_goals?, project_summaries?, measures?,
                            indicators?}               the department part (409 when stale)
    DELETE /documents/{id}                             → 204 in draft, 409 otherwise
    POST   /documents/{id}/projects {…project fields}  → 201 the new draft project
    POST   /documents/{id}/rollover {year, renumber}   → 201 next year's document
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from ninja import Body, Field, Schema, Status
from pydantic import StrictBool

from jixiao.web import permissions
from jixiao.web.api.base import BadRequest
from jixiao.web.api.common import ApiRouter, QueryInt, errors
from jixiao.web.goals import drafting, mapping
from jixiao.web.goals.drafting import MAX_PARTS
from jixiao.web.goals.models import GoalDocument, Project
from jixiao.web.orgs.models import Unit

router = ApiRouter(tags=["文档"])


# -- schemas -------------------------------------------------------------------------------


class UnitRef(Schema):
    code: str
    name: str


class DocumentSummary(Schema):
    id: int
    unit: UnitRef
    year: int | None
    money_unit: str = Field(description="金额单位：元或万元")
    projects: int = Field(description="项目个数")
    source_name: str = Field(description="来源文件（导入的文件名，或“以 2022 年度为基础编制”）")
    created_at: datetime


class DocumentList(Schema):
    count: int
    page: int
    page_size: int
    results: list[DocumentSummary]


class ProjectLine(Schema):
    id: int
    seq: int | None
    code: str | None
    name: str
    status: str
    budget_total: str | None = Field(description="预算数（文档的金额单位），十进制字符串")
    budget_to_confirm: bool = Field(description="预算数沿用上年，待确认")


class SummaryOut(Schema):
    seq: int = Field(description="项目序号")
    name: str
    text: str


class SummaryIn(Schema):
    seq: int = Field(description="项目序号（分项绩效目标按序号对应项目表）")
    text: str = Field(description="分项绩效目标；留空即删除该条")


class TargetOut(Schema):
    text: str = Field(description="指标值原文")
    comparator: str | None
    value: str | None
    unit: str | None
    upper: str | None = None


class IndicatorOut(Schema):
    level1: str | None
    level2: str | None
    name: str | None
    description: str | None
    target: TargetOut
    basis: str | None
    weight: str | None = None


class DocumentDetail(DocumentSummary):
    version: int = Field(description="部门整体绩效目标的版本；PATCH 时带上")
    department_status: str = Field(description="部门整体绩效目标的状态")
    department_comment: str = Field(description="部门整体绩效目标最近一次退回的审核意见")
    overall_goals: list[str] = Field(description="总体绩效目标")
    project_summaries: list[SummaryOut] = Field(description="分项绩效目标")
    measures: list[str] = Field(description="工作保障措施")
    indicators: list[IndicatorOut] = Field(description="部门整体绩效目标表")
    project_list: list[ProjectLine]
    score: int | None = Field(
        None,
        description="质量分（0–100，审核规则所评，含部门整体绩效目标表；与页面和 jixiao review 一致）；"
        "未安装审核引擎时为 null",
    )


class DocumentIn(Schema):
    unit: str | None = Field(None, description="单位编码")
    year: int | str | None = Field(None, description="预算年度，如 2023")
    money_unit: str = Field("万元", description="金额单位：元或万元")


class DocumentPatch(Schema):
    version: int = Field(description="GET 得到的 version；已被他人修改时 409")
    overall_goals: list[str] | None = Field(
        None, max_length=MAX_PARTS, description="总体绩效目标，一条一项"
    )
    project_summaries: list[SummaryIn] | None = Field(
        None,
        max_length=MAX_PARTS,
        description="分项绩效目标（给出的即全部；未列出的项目没有分项绩效目标）",
    )
    measures: list[str] | None = Field(
        None, max_length=MAX_PARTS, description="工作保障措施，一条一项"
    )
    indicators: list[dict[str, Any]] | None = Field(
        None,
        max_length=MAX_PARTS,
        description="部门整体绩效目标表：{level1, level2, name, description, target, basis, "
        "weight}，target 为指标值原文",
    )


class PlanCell(Schema):
    month: int
    percent: str | None
    text: str | None


class CurvePoint(Schema):
    month: int
    percent: str | None


class BudgetOut(Schema):
    total: str | None
    fiscal: str | None
    other: str | None
    carryover: str | None = None


class ProjectData(Schema):
    """A project as `GET /projects/{id}` gives it."""

    id: int
    status: str
    version: int
    budget_to_confirm: bool
    seq: int | None
    code: str | None
    name: str
    title: str | None
    budget: BudgetOut
    purpose: str | None
    spending_plan: list[PlanCell]
    spending_curve: list[CurvePoint]
    goals: list[str]
    goals_text: str | None
    indicators: list[IndicatorOut]


class RolloverIn(Schema):
    year: int | str | None = Field(None, description="新的预算年度")
    renumber: StrictBool = Field(False, description="是否把项目编码中的年度改为新年度")


class CopiedLine(ProjectLine):
    old_code: str | None = Field(description="原文档中的项目编码")
    indicators: int = Field(description="复制的指标个数")


class RolloverOut(Schema):
    id: int
    year: int | None
    projects: list[CopiedLine]
    report: list[str] = Field(description="复制报告，一行一条")


# -- helpers -------------------------------------------------------------------------------


def document_summary(d: GoalDocument, projects: int | None = None) -> DocumentSummary:
    return DocumentSummary(
        id=d.pk,
        unit=UnitRef(code=d.unit.code, name=d.unit.name),
        year=d.year,
        money_unit=d.money_unit,
        projects=projects if projects is not None else d.projects.count(),
        source_name=d.source_name,
        created_at=d.created_at,
    )


def _unit(code: str | None) -> Unit:
    if not code or not code.strip():
        raise BadRequest("请提供 unit（单位编码）")
    unit = Unit.objects.filter(code=code.strip()).first()
    if unit is None:
        raise BadRequest(f"单位编码“{code}”不存在")
    return unit


def _page(page: int | None, size: int | None) -> tuple[int, int]:
    page = 1 if page is None else page
    size = settings.JIXIAO_PAGE_SIZE if size is None else size
    limit = settings.JIXIAO_MAX_PAGE_SIZE
    if page < 1 or not 1 <= size <= limit:
        raise BadRequest(f"page 应不小于 1，page_size 应在 1–{limit} 之间")
    return page, size


def _project_line(p: Project) -> ProjectLine:
    return ProjectLine(
        id=p.pk,
        seq=p.seq,
        code=p.code,
        name=p.name,
        status=p.status,
        budget_total=None if p.budget_total is None else str(p.budget_total),
        budget_to_confirm=p.budget_to_confirm,
    )


def document_detail(obj: GoalDocument) -> DocumentDetail:
    from jixiao.core.formats.json_io import indicator_to_dict

    rows = list(obj.projects.order_by("seq", "id"))
    return DocumentDetail(
        **document_summary(obj, len(rows)).dict(),
        version=obj.version,
        department_status=obj.department_status,
        department_comment=obj.department_comment,
        overall_goals=list(obj.overall_goals or []),
        project_summaries=[
            SummaryOut(seq=s.get("seq"), name=s.get("name", ""), text=s.get("text", ""))
            for s in obj.project_summaries or []
        ],
        measures=list(obj.measures or []),
        indicators=[
            IndicatorOut(**indicator_to_dict(i)) for i in mapping.department_indicators(obj)
        ],
        project_list=[_project_line(p) for p in rows],
        score=_score(obj),
    )


def _score(obj: GoalDocument) -> int | None:
    """The document's quality score as every page shows it (`front.quality.reviews`)."""
    from jixiao.web.front import quality

    review = quality.reviews([obj.pk]).get(obj.pk)
    return None if review is None else review.score


# -- routes --------------------------------------------------------------------------------


@router.get("documents", response={200: DocumentList, **errors(400)}, url_name="documents")
def document_list(
    request: HttpRequest,
    year: QueryInt = None,
    unit: str | None = None,
    page: QueryInt = None,
    page_size: QueryInt = None,
) -> DocumentList:
    """The documents you may see, newest year first; filter by year and unit code."""
    qs = GoalDocument.objects.filter(unit__in=permissions.visible_units(request.user))
    if year is not None:
        qs = qs.filter(year=year)
    if unit:
        qs = qs.filter(unit__code=unit)
    page, size = _page(page, page_size)
    qs = (
        qs.select_related("unit")
        .defer("overall_goals", "measures", "project_summaries", "department_indicators")
        .annotate(n=Count("projects"))
        .order_by("-year", "unit__code", "id")
    )
    count = qs.count()
    rows = list(qs[(page - 1) * size : page * size])
    return DocumentList(
        count=count,
        page=page,
        page_size=size,
        results=[document_summary(d, d.n) for d in rows],  # type: ignore[attr-defined]
    )


@router.post(
    "documents", response={201: DocumentSummary, **errors(400, 409)}, url_name="documents_new"
)
def document_create(request: HttpRequest, payload: DocumentIn) -> Status[DocumentSummary]:
    """A new, empty document of a unit for a year (the unit's 填报人 or the admin)."""
    unit = _unit(payload.unit)
    if not permissions.can_see_unit(request.user, unit):
        raise BadRequest(f"单位编码“{unit.code}”不存在")
    document = drafting.create_document(unit, payload.year, payload.money_unit, request.user)
    return Status(201, document_summary(document, 0))


@router.get(
    "documents/{int:pk}", response={200: DocumentDetail, **errors(404)}, url_name="document"
)
def document_read(request: HttpRequest, pk: int) -> DocumentDetail:
    """The document: its department part (部门整体绩效目标) and its projects."""
    return document_detail(permissions.get_document_or_404(request, pk))


@router.patch(
    "documents/{int:pk}",
    response={200: DocumentDetail, **errors(400, 404, 409)},
    url_name="document_patch",
)
def document_patch(request: HttpRequest, pk: int, payload: DocumentPatch) -> DocumentDetail:
    """Change the department part: only its unit, only while it is 草稿 or 已退回 (403
    otherwise); a stale ``version`` is 409. Keys left out stay as they are."""
    obj = permissions.get_document_or_404(request, pk, permissions.COMPOSE)
    summaries = None
    if payload.project_summaries is not None:
        summaries = {s.seq: s.text for s in payload.project_summaries}
    drafting.edit_department(
        obj,
        request.user,
        overall_goals=payload.overall_goals,
        measures=payload.measures,
        summaries=summaries,
        indicators=payload.indicators,
        version=payload.version,
    )
    obj.refresh_from_db()
    return document_detail(obj)


@router.delete(
    "documents/{int:pk}",
    response={204: None, **errors(404, 409)},
    url_name="document_delete",
)
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a document while nothing of it has been submitted."""
    obj = permissions.get_document_or_404(request, pk, permissions.DELETE)
    drafting.delete_document(obj, request.user)
    return HttpResponse(status=204)


@router.post(
    "documents/{int:pk}/projects",
    response={201: ProjectData, **errors(400, 404, 409)},
    url_name="document_projects",
)
def project_create(
    request: HttpRequest,
    pk: int,
    payload: dict[str, Any] = Body(  # noqa: B008 - ninja's way to declare a body
        ..., description="项目字段，与 GET /projects/{id} 的相同（只读字段被忽略）"
    ),
) -> Status[dict[str, Any]]:
    """A new draft project at the end of the document."""
    obj = permissions.get_document_or_404(request, pk, permissions.COMPOSE)
    name = payload.get("name")
    if not isinstance(name, str) or not name.strip():
        raise BadRequest("请提供 name（项目名称）")
    row = drafting.add_project(obj, request.user, name, fields=payload)
    row = mapping.with_children(Project.objects.filter(pk=row.pk)).get()
    return Status(201, mapping.project_data(row))


@router.post(
    "documents/{int:pk}/rollover",
    response={201: RolloverOut, **errors(400, 404, 409)},
    url_name="rollover",
)
def rollover(request: HttpRequest, pk: int, payload: RolloverIn) -> Status[RolloverOut]:
    """Next year's document from this one (以上年为基础编制), with the report of what was
    copied."""
    obj = permissions.get_document_or_404(request, pk, permissions.ROLLOVER)
    created, report = drafting.roll_over(obj, payload.year, request.user, renumber=payload.renumber)
    rows = list(created.projects.order_by("id"))
    return Status(
        201,
        RolloverOut(
            id=created.pk,
            year=created.year,
            projects=[
                CopiedLine(
                    **_project_line(p).dict(), old_code=line.old_code, indicators=line.indicators
                )
                for p, line in zip(rows, report.projects, strict=True)
            ],
            report=report.lines(),
        ),
    )
