"""The performance-goal document model (绩效目标文档), as plain dataclasses.

One `Document` holds a unit's department part (部门整体绩效目标) and its project tables
(项目绩效目标表). Every field keeps what the document says: amounts are `Decimal` in the
document's money unit (as written, so ``Decimal("1.40")`` keeps its two decimals), targets
keep their raw text next to the parsed comparator/value/unit, and spending-plan cells keep
their raw text so that a blank stays blank.

Names follow docs/glossary.md. Nothing here touches files, Django or the review rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jixiao.core.formats.overrides import TableRead

#: Checkpoint months of the official spending plan (资金支出计划): end of March, June,
#: October and December.
PLAN_MONTHS: tuple[int, ...] = (3, 6, 10, 12)

#: What a document is: goal tables, or a self-evaluation (绩效自评表) of them.
DOCUMENT_KINDS: tuple[str, ...] = ("goals", "self_evaluation")

#: Parts of a goal table that some layouts do not have at all (other provinces' tables
#: without a 指标值确定依据 column, without 项目编码 or 资金用途 rows): the project's code and
#: purpose, and the indicators' basis; and the indicator levels of a layout without a 一级
#: column (Daqing's: 二级/三级 only, or Ezhou's, its 一级指标 column holding 二级 names) or
#: without a 二级 level (Tianjin's investment plan: 产出/效益/满意度 over the names). (A layout
#: without 资金支出计划 rows is not told apart: an official-layout export leaves the rows
#: out for a plan without cells.)
OPTIONAL_PARTS: tuple[str, ...] = ("code", "purpose", "basis", "level1", "level2")

#: Comparators a target may carry (指标性质). ``None`` means none was written.
COMPARATORS: tuple[str, ...] = (">=", ">", "=", "<", "<=", "qualitative")


@dataclass(frozen=True)
class Unit:
    """A budget unit (预算单位)."""

    code: str | None
    name: str


@dataclass(frozen=True)
class Target:
    """A target value (指标值): the raw text and what was parsed from it.

    ``comparator`` is one of `COMPARATORS` or ``None`` when the text has none; ``value`` is
    the number (for a range ``90%-95%`` the lower bound, with ``upper`` the upper bound);
    ``unit`` is the unit of measure (``%``, ``人``, ``天``…) or ``None``.
    """

    text: str
    comparator: str | None = None
    value: Decimal | None = None
    unit: str | None = None
    upper: Decimal | None = None

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()

    @property
    def is_qualitative(self) -> bool:
        return self.comparator == "qualitative"

    @property
    def is_quantitative(self) -> bool:
        return self.value is not None

    @property
    def is_parsed(self) -> bool:
        """False for a text that has digits but no recognisable number/unit shape."""
        return self.is_blank or self.is_qualitative or self.is_quantitative


@dataclass
class Indicator:
    """One row of the indicator table (绩效指标): 一级 / 二级 / 三级 and the rest."""

    level1: str | None
    level2: str | None
    name: str | None
    description: str | None
    target: Target
    basis: str | None
    #: 权重 where the layout carries one (self-evaluation uses it).
    weight: Decimal | None = None
    #: Self-evaluation tables: 实际完成值 as written, 得分, 偏差原因分析及改进措施.
    actual: str | None = None
    score: Decimal | None = None
    deviation_reason: str | None = None
    #: The 中期/实施期 target written beside the 年度 one, as written (R104 compares them).
    midterm: str | None = None
    #: Self-evaluation tables: the 评分标准/评价标准 cell as written, how the row is scored
    #: (``完成12次得15分，每少1次扣2分``); not a 指标值确定依据.
    scoring_rule: str | None = None

    @property
    def is_breakdown(self) -> bool:
        """A ``其中…`` row (``其中桃树种植面积`` under ``补助种植面积``, ``其中：新造林面积``):
        a part of the row above, not a measure of its own. It stays an indicator with its
        name as written, so every writer, JSON and the database keep it, and reading it
        back marks it again; the review reads its comparator and unit from the row above."""
        name = self.name
        return name is not None and name.lstrip().startswith("其中")


@dataclass
class Budget:
    """预算数 / 其中：财政资金 / 其他资金 (and 上年结转资金 where the layout has it), in the
    document's money unit."""

    total: Decimal | None
    fiscal: Decimal | None = None
    other: Decimal | None = None
    #: 上年结转资金: last year's unspent funds carried over, a part of 预算数 beside
    #: 财政资金 and 其他资金 (None where the layout has no such cell).
    carryover: Decimal | None = None
    #: The cells as written where they said more than a number (``120万(含设备采购80万元)``)
    #: or could not be read; keyed ``total``/``fiscal``/``other``.
    raw: dict[str, str] = field(default_factory=dict, compare=False)
    #: True when the document wrote an amount under a ``其中`` label the reader does not
    #: know (``其中：一般公共预算拨款``): the parts read are then not all the parts, and
    #: their sum says nothing about 预算数.
    parts_unread: bool = field(default=False, compare=False)


@dataclass
class Execution:
    """The budget-execution line of a self-evaluation table (预算执行情况), in the document's
    money unit: 年初预算数, 全年预算数 (adjusted), 全年执行数, 执行率 (%), 分值, 得分."""

    budget_initial: Decimal | None = None
    budget_adjusted: Decimal | None = None
    executed: Decimal | None = None
    rate: Decimal | None = None
    weight: Decimal | None = None
    score: Decimal | None = None


@dataclass
class PlanCell:
    """One checkpoint of the spending plan: the month and the cell as written."""

    month: int
    text: str | None
    percent: Decimal | None


@dataclass
class SpendingPlan:
    """资金支出计划（%）: cumulative share of the budget spent by each checkpoint month."""

    cells: list[PlanCell] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return all(c.percent is None for c in self.cells)

    def cumulative(self) -> list[tuple[int, Decimal]]:
        """The effective cumulative curve (domain.md §2).

        A blank before the first filled cell means nothing spent yet (0); a blank after a
        filled one means no new spending in that period (the previous value carries on).
        An empty plan gives an empty curve.
        """
        if self.is_empty:
            return []
        curve: list[tuple[int, Decimal]] = []
        last = Decimal(0)
        for cell in self.cells:
            if cell.percent is not None:
                last = cell.percent
            curve.append((cell.month, last))
        return curve

    def expected_percent(self, month: int) -> Decimal:
        """Cumulative percentage of the last checkpoint on or before ``month`` (0 before)."""
        expected = Decimal(0)
        for m, pct in self.cumulative():
            if m <= month:
                expected = pct
        return expected


@dataclass
class Project:
    """A project goal table (项目绩效目标表)."""

    seq: int | None
    code: str | None
    name: str
    budget: Budget
    purpose: str | None = None
    spending_plan: SpendingPlan = field(default_factory=SpendingPlan)
    goals: list[str] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    #: The 绩效目标 cell as written, numbering included; writers reuse it while it still
    #: says the same goals, so reading then writing keeps the document's own numbering.
    goals_text: str | None = None
    #: The heading as written (``1.残疾人专职委员队伍建设绩效目标表``), if any.
    title: str | None = None
    #: Self-evaluation tables only: the budget-execution line.
    execution: Execution | None = None

    def goals_cell(self) -> str:
        """The 绩效目标 cell to write: the original text if it still matches `goals`."""
        from jixiao.core.numbering import format_goals, split_goals

        if self.goals_text is not None and split_goals(self.goals_text) == self.goals:
            return self.goals_text
        return format_goals(self.goals)


@dataclass
class ProjectSummary:
    """A 分项绩效目标 entry of the department part, linked to its table by ``seq``."""

    seq: int
    name: str
    text: str


@dataclass
class Document:
    """A published performance-goal document of one unit for one fiscal year."""

    unit: Unit
    year: int | None
    money_unit: str = "万元"
    overall_goals: list[str] = field(default_factory=list)
    project_summaries: list[ProjectSummary] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    #: One of `DOCUMENT_KINDS`.
    kind: str = "goals"
    #: The department indicator table (部门整体绩效目标表), same fields as a project's.
    department_indicators: list[Indicator] = field(default_factory=list)
    #: The `OPTIONAL_PARTS` the source layout does not have at all (no such column or row
    #: anywhere), as opposed to having them blank; empty for the official layout. Writers
    #: leave these parts out, so that reading what they wrote gives the same set back.
    absent: frozenset[str] = frozenset()
    #: Problems noticed while reading that do not stop the read (judging is the review's
    #: job). Not part of the document's identity.
    warnings: list[str] = field(default_factory=list, compare=False, repr=False)
    #: How the reader read the file: per table, which column was taken as what and which
    #: rows were skipped and why (``jixiao read --explain``). Not part of the identity.
    explain: list[str] = field(default_factory=list, compare=False, repr=False)
    #: The same per indicator table, as data (the import preview shows and corrects it).
    tables: list[TableRead] = field(default_factory=list, compare=False, repr=False)

    @property
    def layout_fingerprint(self) -> str | None:
        """The layout of the file this was read from (`layout_fingerprint`), if tabular."""
        from jixiao.core.formats.overrides import layout_fingerprint

        return layout_fingerprint(self.tables)

    @property
    def budget_total(self) -> Decimal:
        return sum((p.budget.total or Decimal(0) for p in self.projects), Decimal(0))

    def project_by_seq(self, seq: int) -> Project | None:
        return next((p for p in self.projects if p.seq == seq), None)

    def project_by_code(self, code: str) -> Project | None:
        return next((p for p in self.projects if p.code == code), None)
