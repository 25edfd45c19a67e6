"""Typed request and response bodies of the monitoring and self-evaluation API.

Amounts and percentages are strings holding exact decimals (``"2.28"``, ``"30.70"``), never
JSON numbers; every amount says its money unit beside it. Colours are the keys of
`jixiao.core.scales.COLORS` with their Chinese label.
"""

from __future__ import annotations

import datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field

#: Rows one payments request may carry (a year of a unit's payments fits many times over).
MAX_PAYMENTS = 10000
Money = str
Percent = str


class Error(Schema):
    error: str
    fields: dict[str, str] | None = None


class UnitRef(Schema):
    id: int
    code: str
    name: str


class ProjectRef(Schema):
    id: int
    seq: int | None
    code: str | None
    name: str


# -- payments --------------------------------------------------------------------------------


class PaymentIn(Schema):
    project: int | str = Field(description="项目 id（数字）或项目编码（文本）")
    date: datetime.date
    amount: str | int = Field(description="金额（负数为退款，不能为 0），建议写成文本")
    money_unit: str = Field("元", description="金额单位：元（默认）或 万元")
    note: str = Field("", description="摘要")


PaymentList = Annotated[list[PaymentIn], Field(max_length=MAX_PAYMENTS)]


class PaymentRow(Schema):
    row: int = Field(description="请求中的第几条（文件上传时为行号）")
    project: ProjectRef | None
    project_code: str
    date: datetime.date
    amount: Money = Field(description="金额，单位见 money_unit")
    money_unit: str
    note: str
    reason: str | None = Field(None, description="未记录的原因（仅 refused）")


class PaymentTotals(Schema):
    rows: int
    matched: int
    refused: int
    refunds: int = Field(description="matched 中的退款条数")
    total: Money = Field(description="matched 的金额合计，单位见 unit")
    unit: str


class PaymentResult(Schema):
    confirmed: bool = Field(description="false：仅预览，未保存；true：已全部记录")
    matched: list[PaymentRow]
    refused: list[PaymentRow]
    totals: PaymentTotals
    already: int = Field(0, description="此前已从同名文件导入的条数（文件上传时）")


# -- monitoring ------------------------------------------------------------------------------


class ColorOut(Schema):
    key: str
    label: str
    meaning: str
    projects: int


class ProjectMonitoring(Schema):
    project: ProjectRef
    money_unit: str
    budget: Money | None
    paid: Money = Field(description="截至 as_of 的累计支付（已扣退款）")
    refunds: Money
    payments: int
    execution_rate: Percent | None = Field(description="预算执行率 %")
    expected_rate: Percent = Field(description="计划进度 %（无计划时为序时进度）")
    basis: str = Field(description="plan：按资金支出计划；time：按序时进度")
    deviation: Percent | None = Field(description="执行率 − 计划进度（百分点）")
    ratio: Percent | None = Field(description="执行率 ÷ 计划进度 × 100，决定颜色")
    forecast_rate: Percent | None
    spending_color: str | None
    color: str | None = Field(description="项目颜色：支出与指标中最差的")
    color_label: str | None


class MonitoringTotals(Schema):
    unit: str = Field(description="金额单位（统一换算）")
    projects: int
    budget: Money
    paid: Money
    refunds: Money
    forecast: Money
    execution_rate: Percent | None
    expected_rate: Percent
    time_rate: Percent
    color: str | None
    color_label: str | None


class MonitoringOut(Schema):
    unit: UnitRef
    year: int
    as_of: datetime.date
    months: int
    money_unit: str = Field(description="文档的金额单位（项目行的金额用它）")
    projects: list[ProjectMonitoring]
    totals: MonitoringTotals
    colors: list[ColorOut]
    warnings: list[str]
    pending: list[ProjectRef] = Field(
        description="尚未审核通过的项目：不纳入监控（不在 projects、totals、colors 中），审核通过后纳入"
    )


# -- deviations ------------------------------------------------------------------------------


class DeviationIn(Schema):
    reason: str = Field(description="偏差原因分析")
    correction_needed: bool | str = Field(False, description="是否需要整改：true/false 或 是/否")
    correction: str = Field("", description="整改措施（需要整改时必填）")
    likelihood: str = Field(
        "", description="完成目标可能性：certain/likely/unlikely 或 确定能完成/有可能完成/…"
    )
    as_of: datetime.date | None = Field(None, description="截至日期，默认今天（预算年度内）")


class DeviationOut(Schema):
    id: int
    project: ProjectRef
    as_of: datetime.date
    color: str
    reason: str
    likelihood: str
    likelihood_label: str
    correction_needed: bool
    correction: str
    created_at: datetime.datetime


# -- self-evaluation -------------------------------------------------------------------------


class EvaluationLineIn(Schema):
    indicator: int = Field(description="指标序号（从 1 起）")
    actual: str = Field("", description="实际完成值")
    reason: str = Field("", description="偏差原因分析及改进措施")
    weight: str | int | None = Field(None, description="分值（空：按类别平均）")


class EvaluationIn(Schema):
    budget_initial: str | int | None = None
    budget_adjusted: str | int | None = None
    executed: str | int | None = None
    budget_reason: str = ""
    achieved: str = ""
    lines: list[EvaluationLineIn] = Field(default_factory=list, max_length=1000)
    version: str | None = Field(
        None, description="读取时的 version；他人已保存过则 409（不填则不检查）"
    )


class EvaluationLineOut(Schema):
    indicator: int
    name: str | None
    category: str | None
    target: str
    actual: str | None
    weight: Money
    score: Money | None
    met: bool | None
    note: str
    reason: str


class ReasonOut(Schema):
    kind: str
    indicator: int | None
    message: str
    given: str


class EvaluationOut(Schema):
    project: ProjectRef
    money_unit: str
    status: str = Field(description="not_started / provisional / complete")
    status_label: str
    score: Money | None = Field(description="得分（未开始时为 null）")
    grade: str | None = Field(description="等级（未开始时为 null）")
    grade_text: str
    budget_initial: Money | None
    budget_adjusted: Money | None
    executed: Money | None
    budget_reason: str
    execution_rate: Percent | None
    budget_weight: Money
    budget_score: Money | None
    achieved: str
    lines: list[EvaluationLineOut]
    missing: list[str] = Field(description="缺少的内容（中文）")
    reasons_required: list[ReasonOut]
    version: str


# -- ranking ---------------------------------------------------------------------------------


class RollupOut(Schema):
    projects: int
    evaluated: int = Field(description="评分完整的项目数（已评）")
    coverage: str
    not_started: int
    provisional: int
    average: Money | None
    weighted_average: Money | None
    grades: dict[str, int]
    execution_rate: Percent | None
    budget_adjusted: Money
    executed: Money
    unit: str


class RankedUnitOut(Schema):
    rank: int
    unit: UnitRef
    department: str
    region: str
    rollup: RollupOut


class DepartmentOut(Schema):
    code: str
    name: str
    region: str
    rollup: RollupOut


class RankingOut(Schema):
    year: int | None
    years: list[int]
    region: str | None
    count: int = Field(0, description="排名的单位数（全部页）")
    page: int = 1
    page_size: int = Field(50, description="每页单位数")
    department_count: int = Field(0, description="主管部门数（全部页）")
    department_page: int = 1
    units: list[RankedUnitOut]
    departments: list[DepartmentOut]
    total: RollupOut | None
