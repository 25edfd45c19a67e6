"""Department-wide self-evaluation (部门整体支出绩效自评).

The department indicator table (部门整体绩效指标) is scored exactly like a project's
(`score_project`: same weights, same rules, same grades). Its budget-execution line is the
roll-up of its projects' year-end figures (年初预算数 / 全年预算数 / 全年执行数): the department
has no money of its own beyond what its projects spend. Until every project has its figures
the department's line is provisional (``projects:N`` in ``missing``).

A unit's overall result (`UnitResult`) shows the department's score next to the average
of its projects, each with its own ``已评 n/m``; the two are never blended into one number.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from jixiao.core.evaluation.config import DEFAULT_CONFIG, EvaluationConfig
from jixiao.core.evaluation.inputs import Actual, BudgetRecord
from jixiao.core.evaluation.report import (
    COMPLETE,
    ProjectScore,
    Rollup,
    score_project,
)
from jixiao.core.model import Budget, Indicator, Project

#: The name a department-wide score carries (in place of a project's name).
DEPARTMENT = "部门整体"


@dataclass(frozen=True)
class DepartmentExecution:
    """The department's year-end figures: sums over the projects that have theirs."""

    budget_initial: Decimal | None  # None when no project gives a 年初预算数
    budget_adjusted: Decimal
    executed: Decimal
    projects: int  # projects of the department
    counted: int  # projects with 全年预算数 and 全年执行数

    @property
    def complete(self) -> bool:
        return self.counted == self.projects

    @property
    def missing(self) -> int:
        return self.projects - self.counted

    @property
    def coverage(self) -> str:
        """How many projects the sums cover: ``已计 35/36``."""
        return f"已计 {self.counted}/{self.projects}"


def department_execution(projects: Iterable[ProjectScore]) -> DepartmentExecution:
    """Roll up the projects' 年初预算数, 全年预算数 and 全年执行数."""
    zero = Decimal(0)
    initial: Decimal | None = None
    adjusted = executed = zero
    total = counted = 0
    for p in projects:
        total += 1
        b = p.budget
        if b is None:
            continue
        counted += 1
        adjusted += b.budget_adjusted
        executed += b.executed
        if b.budget_initial is not None:
            initial = (initial or zero) + b.budget_initial
    return DepartmentExecution(initial, adjusted, executed, total, counted)


def score_department(
    indicators: Sequence[Indicator],
    actuals: dict[int, Actual],
    execution: DepartmentExecution,
    config: EvaluationConfig | None = None,
    *,
    reason: str = "",
) -> ProjectScore:
    """Score the department indicator table (actual values by 1-based number) and the
    rolled-up budget execution (``reason``: why execution is low, where given).

    ``missing`` adds ``indicators`` when the table is empty and ``projects:N`` when N
    projects lack their year-end figures. Until an actual value is entered the score is
    未开始, whatever the projects' figures say."""
    config = config or DEFAULT_CONFIG
    project = Project(
        seq=None,
        code=None,
        name=DEPARTMENT,
        budget=Budget(execution.budget_adjusted),
        indicators=list(indicators),
    )
    record = None
    if execution.counted:
        record = BudgetRecord(
            DEPARTMENT,
            execution.budget_initial,
            execution.budget_adjusted,
            execution.executed,
            reason,
        )
    score = score_project(project, actuals, record, config)
    missing = list(score.missing)
    if execution.projects:  # with no project at all, "budget" stays missing
        missing = [m for m in missing if m != "budget"]
        if not execution.complete:
            missing.insert(0, f"projects:{execution.missing}")
    if not indicators:
        missing.append("indicators")
    return dataclasses.replace(score, missing=missing, entered=bool(actuals))


@dataclass(frozen=True)
class UnitResult:
    """A unit's overall self-evaluation: the department's score beside its projects'."""

    department: ProjectScore
    projects: Rollup

    @property
    def department_coverage(self) -> str:
        """``已评 1/1`` once the department's score is complete, else ``已评 0/1``."""
        return f"已评 {1 if self.department.status == COMPLETE else 0}/1"

    @property
    def project_coverage(self) -> str:
        return self.projects.coverage

    @property
    def evaluated(self) -> int:
        """Scores complete, department included."""
        return self.projects.complete + (1 if self.department.status == COMPLETE else 0)

    @property
    def total(self) -> int:
        return self.projects.projects + 1

    @property
    def coverage(self) -> str:
        """Everything to evaluate, department included: ``已评 20/37``."""
        return f"已评 {self.evaluated}/{self.total}"


def unit_result(department: ProjectScore, projects: Rollup) -> UnitResult:
    return UnitResult(department, projects)


def evaluation_open(year: int | None, today: datetime.date) -> bool:
    """The self-evaluation period (自评期) of fiscal ``year``: from the day after the year
    ends (a year not known: always). The department's self-evaluation is entered then."""
    return year is None or today > datetime.date(year, 12, 31)


def period_problem(year: int | None, today: datetime.date) -> str:
    """Why the department's self-evaluation cannot be entered ``today``, or ``""``."""
    if evaluation_open(year, today):
        return ""
    return f"{year}年度的绩效自评在年度结束后（{year + 1}年1月1日起）填报" if year else ""
