"""Schemas of the project API: the project in the `jixiao read --format json` shape (plus id,
status, version), its list line, the edit and transition bodies, findings, comments,
versions and the audit log. Decimals are strings, blank cells null, as in the read shape."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, get_type_hints

from ninja import Field, Schema
from pydantic import ConfigDict, JsonValue, create_model

from jixiao.core.bounds import MAX_INT
from jixiao.core.review.finding import JSON_FIELDS as FINDING_FIELDS
from jixiao.core.review.finding import Finding
from jixiao.web.api.common import Page, PageParams, QueryInt
from jixiao.web.front.counts import COUNT_LIMIT, SEARCH_COUNT_LIMIT
from jixiao.web.goals.editing import EDITABLE_FIELDS

#: A decimal number as a string ("2.28"), or null when blank.
Decimal = Annotated[str | None, Field(description='十进制数字的字符串形式，如 "2.28"')]
StrictInt = Annotated[int, Field(strict=True)]


class UnitRef(Schema):
    code: str
    name: str


class ProjectSummary(Schema):
    id: int
    seq: int | None
    code: str | None
    name: str | None
    unit: UnitRef
    year: int | None
    budget_total: Decimal
    status: str
    version: int
    updated_at: datetime


class BudgetOut(Schema):
    total: Decimal
    fiscal: Decimal
    other: Decimal
    carryover: Decimal | None = Field(None, description="上年结转资金（版式有此栏时）")
    raw: dict[str, str] | None = Field(None, description="原文中的金额文字")


class PlanCell(Schema):
    month: int
    percent: Decimal
    text: str | None


class CurvePoint(Schema):
    month: int
    percent: Decimal


class TargetOut(Schema):
    text: str | None
    comparator: str | None
    value: Decimal
    unit: str | None
    upper: Decimal = None


class IndicatorOut(Schema):
    level1: str | None
    level2: str | None
    name: str | None
    description: str | None
    target: TargetOut
    basis: str | None
    weight: Decimal = None
    actual: str | None = None
    score: Decimal = None
    deviation_reason: str | None = None
    midterm: str | None = None
    scoring_rule: str | None = None


class ExecutionOut(Schema):
    budget_initial: Decimal
    budget_adjusted: Decimal
    executed: Decimal
    rate: Decimal
    weight: Decimal
    score: Decimal


class ProjectDetail(Schema):
    """Optional keys (``weight``, ``upper``, ``raw``, ``execution``…) appear only when set."""

    id: int
    status: str
    version: int
    budget_to_confirm: bool = Field(description="预算数沿用上年（以上年为基础编制），待确认")
    seq: int | None
    code: str | None
    name: str | None
    budget: BudgetOut
    purpose: str | None
    spending_plan: list[PlanCell]
    spending_curve: list[CurvePoint]
    goals: list[str]
    goals_text: str | None
    title: str | None
    indicators: list[IndicatorOut]
    execution: ExecutionOut | None = None


class ProjectQuery(PageParams):
    year: QueryInt = None
    unit: str = Field("", description="单位编码")
    status: str = Field("", description="draft、submitted、returned、approved")
    q: str = Field(
        "",
        description="按名称或编码查找（不区分大小写的包含匹配）；形如项目编码的查询"
        "（6 位以上字母和数字，含数字）先找以它开头的编码，找不到时再按包含匹配",
    )
    after: Annotated[int, Field(ge=0, le=2**63 - 1)] | None = Field(
        None, description="按编号翻页：上一页的 next_after（每页代价相同）"
    )


class ProjectPage(Page[ProjectSummary]):
    """One page of the project list, in id order (the order of ``after``). ``count`` stops
    at 1,000 (`COUNT_LIMIT`: a province has a million projects: counting every match on every
    request was most of the page's time), with ``q`` at 100 (`SEARCH_COUNT_LIMIT`: a frequent
    word's 1,001 matches took most of a search's time); ``count_exact`` says whether it is the
    exact count."""

    count: int | None = Field(
        None,
        description=f"符合条件的项目数，最多数到 {COUNT_LIMIT:,}（带 q 搜索时最多数到 "
        f"{SEARCH_COUNT_LIMIT:,}）；count_exact 为 false 时表示超过这个数。按 after 翻页时不返回",
    )
    count_exact: bool | None = Field(
        None,
        description=f"count 是否为确切数目：false 表示符合条件的项目超过 {COUNT_LIMIT:,} 个"
        f"（带 q 搜索时超过 {SEARCH_COUNT_LIMIT:,} 个；可加条件缩小范围，或按 after 逐页读完）。"
        "按 after 翻页时不返回",
    )


class ProjectPatch(Schema):
    """The fields to change, as GET returns them; the core checks each value."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "description": "可修改字段："
            + "、".join(f"{k}（{v}）" for k, v in EDITABLE_FIELDS.items())
        },
    )
    version: StrictInt = Field(description="上次读取时的 version，以免覆盖他人的修改")
    code: JsonValue = None
    name: JsonValue = None
    title: JsonValue = None
    budget: JsonValue = None
    purpose: JsonValue = None
    spending_plan: JsonValue = None
    goals: JsonValue = None
    goals_text: JsonValue = None
    indicators: JsonValue = None


class VersionIn(Schema):
    version: StrictInt | None = Field(None, description="上次读取的版本")


class CodeIn(Schema):
    code: str = Field(
        description="预算管理一体化系统分配的项目编码（只能为没有编码的已审核项目补录）"
    )
    version: StrictInt | None = Field(None, description="上次读取的版本")


class CommentIn(Schema):
    text: str
    field: str | None = Field("", description="字段，如 purpose、indicator.target；空为整个项目")
    indicator: Annotated[int, Field(ge=1, le=MAX_INT, strict=True)] | None = Field(
        None, description="指标序号（从 1 起）"
    )


class ReturnIn(VersionIn):
    comments: list[CommentIn | str] = Field(min_length=1, description="审核意见，至少一条")


#: A finding's JSON shape, typed from the core's own `Finding` (one definition of the shape).
FindingOut = create_model(
    "FindingOut",
    __base__=Schema,
    **{
        name: ({**get_type_hints(Finding), "suggestion": str}[name], ...) for name in FINDING_FIELDS
    },  # type: ignore[call-overload]
)


class Findings(Schema):
    id: int
    available: bool = Field(description="审核引擎是否可用")
    findings: list[FindingOut]  # type: ignore[valid-type]


class CommentOut(Schema):
    id: int
    field: str
    indicator: int | None
    text: str
    author: str | None
    created_at: datetime
    resolved: bool
    submission: int | None


class Comments(Schema):
    id: int
    comments: list[CommentOut]


class ChangeOut(Schema):
    field: str
    indicator: int | None
    old: JsonValue
    new: JsonValue


class VersionOut(Schema):
    """A submission (``kind`` submitted) or an approved adjustment (``adjusted``)."""

    number: int
    kind: str
    approved: bool
    adjustment: int | None = None
    reason: str | None = None
    submitted_by: str | None
    submitted_at: datetime
    effective_from: date | None
    changes: list[ChangeOut]


class Versions(Schema):
    id: int
    versions: list[VersionOut]


class AuditQuery(PageParams):
    object_type: str = Field("", description="如 project")
    object_id: str = ""
    action: str = Field("", description="如 project.edit")


class AuditOut(Schema):
    id: int
    at: datetime
    username: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    old: JsonValue
    new: JsonValue
