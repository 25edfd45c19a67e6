"""`evaluate()`: the self-evaluation score of every project, and roll-ups over projects.

A project's score is its budget-execution line plus one line per indicator, each line
rounded to two decimals before adding. A project without budget figures, or with a line
that cannot be scored (no actual value, an unparsable target), is *incomplete*: its score
is the sum of what could be scored and its grade is provisional; roll-ups leave it out of
averages and grade counts and list it instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.core.amounts import DISPLAY_UNIT, convert
from jixiao.core.errors import ReadError
from jixiao.core.evaluation.config import DEFAULT_CONFIG, EvaluationConfig
from jixiao.core.evaluation.inputs import Actual, BudgetRecord
from jixiao.core.evaluation.scoring import (
    WEIGHT_CATEGORY,
    Unscorable,
    allocate,
    budget_share,
    category_of,
    category_weights,
    score_line,
)
from jixiao.core.model import Document, Project
from jixiao.core.rates import execution_rate, q2

#: Kinds of reasons the rules require (偏差原因分析及改进措施).
EXECUTION_LOW, MISSED, OVERACHIEVED = "execution_low", "missed", "overachieved"

#: Where a project's self-evaluation stands: nothing entered yet, some of it, all of it.
NOT_STARTED, PROVISIONAL, COMPLETE = "not_started", "provisional", "complete"
STATUS_LABELS: dict[str, str] = {
    NOT_STARTED: "未开始",
    PROVISIONAL: "未完成",
    COMPLETE: "已完成",
}
#: Shown for the score of a project not yet evaluated.
NO_SCORE = "—"


def describe_missing(key: str) -> str:
    """What a `ProjectScore.missing` key stands for, in Chinese (``actual:2`` → 第 2 个指标的
    实际完成值)."""
    kind, _, number = key.partition(":")
    if kind == "budget":
        return "全年预算数或全年执行数"
    if kind == "actual":
        return f"第 {number} 个指标的实际完成值"
    if kind == "target":
        return f"第 {number} 个指标的指标值（无法计分）"
    if kind == "projects":
        return f"{number} 个项目的全年预算数或全年执行数"
    if kind == "indicators":
        return "部门整体绩效指标"
    return key


def reason_label(kind: str, config: EvaluationConfig | None = None) -> str:
    """The short note a form shows beside a field whose reason the rules require."""
    config = config or DEFAULT_CONFIG
    if kind == EXECUTION_LOW:
        return f"执行率低于 {config.execution_reason_below}%，需说明"
    if kind == OVERACHIEVED:
        return f"达到指标值的 {config.overachievement_percent}% 以上，需说明"
    return "未达到指标值，需说明"


@dataclass(frozen=True)
class ReasonRequired:
    kind: str  # EXECUTION_LOW | MISSED | OVERACHIEVED
    indicator: int | None  # None for the budget line
    message: str
    given: str = ""  # the reason the unit entered, if any


@dataclass(frozen=True)
class LineScore:
    indicator: int  # 1-based
    name: str | None
    category: str | None
    target: str
    actual: str | None
    weight: Decimal
    score: Decimal | None  # None when the line could not be scored
    met: bool | None
    note: str = ""


@dataclass(frozen=True)
class ProjectScore:
    code: str | None
    seq: int | None
    name: str
    budget: BudgetRecord | None
    execution_rate: Decimal | None  # percent, 2 decimals
    budget_weight: Decimal
    budget_score: Decimal | None
    lines: list[LineScore]
    score: Decimal
    grade: str
    missing: list[str]  # what keeps the score incomplete ("budget", "actual:2", …)
    reasons_required: list[ReasonRequired]
    #: A department-wide score: whether the unit has entered any actual value itself (its
    #: budget line comes from the projects); None for a project.
    entered: bool | None = None

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def status(self) -> str:
        """`NOT_STARTED` (no budget figures, no actual value; a department: no actual value
        entered), `PROVISIONAL` or `COMPLETE`."""
        if not self.missing:
            return COMPLETE
        if self.entered is False:
            return NOT_STARTED
        if self.budget is None and all(ln.actual is None for ln in self.lines):
            return NOT_STARTED
        return PROVISIONAL

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def grade_text(self) -> str:
        """The grade as pages and exports show it: 未开始, ``良（未完成）`` or ``良``."""
        status = self.status
        if status == NOT_STARTED:
            return STATUS_LABELS[NOT_STARTED]
        return self.grade if status == COMPLETE else f"{self.grade}（未完成）"

    @property
    def score_text(self) -> str:
        """The score as shown: ``—`` until something is entered."""
        return NO_SCORE if self.status == NOT_STARTED else format(self.score, "f")

    @property
    def missing_text(self) -> str:
        """What keeps the score incomplete, in Chinese, joined by 、."""
        return "、".join(describe_missing(m) for m in self.missing)


@dataclass(frozen=True)
class Rollup:
    """Scores over a set of projects (a unit, a department): complete projects only."""

    projects: int
    complete: int
    incomplete: list[str]  # codes (or names) of incomplete projects (not started included)
    average: Decimal | None  # plain average of scores, 2 decimals
    weighted_average: Decimal | None  # weighted by 全年预算数, 2 decimals
    grades: dict[str, int]
    budget_adjusted: Decimal
    executed: Decimal
    execution_rate: Decimal | None
    not_started: int = 0
    provisional: int = 0

    @property
    def coverage(self) -> str:
        """How many projects the averages, grades and 执行率 cover: ``已评 1/36``."""
        return f"已评 {self.complete}/{self.projects}"


@dataclass(frozen=True)
class EvaluationReport:
    unit_code: str | None
    unit_name: str
    year: int | None
    money_unit: str
    projects: list[ProjectScore]
    rollup: Rollup
    config: EvaluationConfig = field(repr=False)


def evaluate(
    doc: Document,
    actuals: Iterable[Actual],
    budgets: Iterable[BudgetRecord] = (),
    config: EvaluationConfig | None = None,
) -> EvaluationReport:
    """Score every project of ``doc``. Records naming an unknown project code or indicator
    number, or repeating one, are a `ReadError` at their line."""
    config = config or DEFAULT_CONFIG
    config.validate()
    index: dict[str, int] = {
        p.code: i for i, p in reversed(list(enumerate(doc.projects))) if p.code
    }
    # Records from a self-evaluation table name a project without a code by its name.
    for i, p in reversed(list(enumerate(doc.projects))):
        if p.name and not p.code:
            index.setdefault(p.name, i)
    by_line: dict[tuple[int, int], Actual] = {}
    for a in actuals:
        i = _project_index(index, a.project_code, a.file, a.line)
        n = len(doc.projects[i].indicators)
        if not 1 <= a.indicator <= n:
            raise ReadError(
                f"项目“{a.project_code}”没有第 {a.indicator} 个指标（共 {n} 个）",
                file=a.file,
                line=a.line,
            )
        if (i, a.indicator) in by_line:
            first = by_line[(i, a.indicator)].line
            raise ReadError(
                f"项目“{a.project_code}”第 {a.indicator} 个指标重复填写（首次见第 {first} 行）",
                file=a.file,
                line=a.line,
            )
        by_line[(i, a.indicator)] = a
    by_project: dict[int, BudgetRecord] = {}
    for b in budgets:
        i = _project_index(index, b.project_code, b.file, b.line)
        if i in by_project:
            raise ReadError(
                f"项目“{b.project_code}”的预算数重复填写（首次见第 {by_project[i].line} 行）",
                file=b.file,
                line=b.line,
            )
        by_project[i] = b
    projects = [
        score_project(
            p,
            {n: a for (j, n), a in by_line.items() if j == i},
            by_project.get(i),
            config,
        )
        for i, p in enumerate(doc.projects)
    ]
    return EvaluationReport(
        doc.unit.code,
        doc.unit.name,
        doc.year,
        doc.money_unit,
        projects,
        rollup(projects, config),
        config,
    )


def _project_index(index: dict[str, int], code: str, file: str | None, line: int | None) -> int:
    if code not in index:
        raise ReadError(f"项目编码“{code}”不在文档中", file=file, line=line)
    return index[code]


def indicator_weights(project: Project, config: EvaluationConfig) -> list[Decimal]:
    """Points of each indicator: its own weight where set, else its category's points
    (after redistribution) spread evenly, rounded to cents that add up exactly."""
    cats = [WEIGHT_CATEGORY.get(c, c) if c else None for c in map(category_of, project.indicators)]
    points = category_weights({c for c in cats if c}, config)
    exact: list[Decimal] = [Decimal(0)] * len(cats)
    for cat, total in points.items():
        members = [i for i, c in enumerate(cats) if c == cat]
        fixed = [i for i in members if project.indicators[i].weight is not None]
        spread = [i for i in members if project.indicators[i].weight is None]
        rest = total - sum((project.indicators[i].weight or Decimal(0) for i in fixed), Decimal(0))
        for i in spread:
            exact[i] = max(rest, Decimal(0)) / len(spread)
    weights = allocate(exact)
    for i, ind in enumerate(project.indicators):
        if ind.weight is not None and cats[i] is not None:
            weights[i] = ind.weight
    return weights


def score_project(
    project: Project,
    actuals: dict[int, Actual],
    budget: BudgetRecord | None,
    config: EvaluationConfig,
) -> ProjectScore:
    """Score one project from its actual values (by 1-based number) and budget figures."""
    missing: list[str] = []
    reasons: list[ReasonRequired] = []
    rate = budget_score = None
    if budget is None:
        missing.append("budget")
    else:
        share = budget_share(budget.budget_adjusted, budget.executed)
        budget_score = q2(share * config.budget_weight)
        rate = execution_rate(budget.executed, budget.budget_adjusted)
        if rate is not None and rate < config.execution_reason_below:
            reasons.append(
                ReasonRequired(
                    EXECUTION_LOW,
                    None,
                    f"预算执行率 {rate}% 低于 {config.execution_reason_below}%，需说明原因",
                    budget.reason,
                )
            )
    lines = []
    weights = indicator_weights(project, config)
    for n, (ind, weight) in enumerate(zip(project.indicators, weights, strict=True), start=1):
        category = category_of(ind)
        actual = actuals.get(n)
        score = met = None
        note = "" if category else f"一级指标“{ind.level1 or ''}”无法识别，未计分值"
        if actual is None:
            missing.append(f"actual:{n}")
            note = note or "缺少实际完成值"
        else:
            try:
                result = score_line(ind.target, actual.value, config)
            except Unscorable as e:
                missing.append(f"target:{n}")
                note = str(e)
            else:
                score, met, note = q2(result.share * weight), result.met, note or result.note
                if not met:
                    reasons.append(
                        ReasonRequired(
                            MISSED,
                            n,
                            f"第 {n} 个指标“{ind.name or ''}”未达到指标值"
                            f"（{ind.target.text}，实际 {actual.value.text}），需说明原因",
                            actual.reason,
                        )
                    )
                if result.overachieved:
                    reasons.append(
                        ReasonRequired(
                            OVERACHIEVED,
                            n,
                            f"第 {n} 个指标“{ind.name or ''}”实际 {actual.value.text} 达到指标值"
                            f"（{ind.target.text}）的 {config.overachievement_percent}% 以上，"
                            "需说明原因（指标值可能设置偏低）",
                            actual.reason,
                        )
                    )
        lines.append(
            LineScore(
                n,
                ind.name,
                category,
                ind.target.text,
                None if actual is None else actual.value.text,
                weight,
                score,
                met,
                note,
            )
        )
    total = q2(
        (budget_score or Decimal(0))
        + sum((ln.score for ln in lines if ln.score is not None), Decimal(0))
    )
    return ProjectScore(
        code=project.code,
        seq=project.seq,
        name=project.name,
        budget=budget,
        execution_rate=rate,
        budget_weight=config.budget_weight,
        budget_score=budget_score,
        lines=lines,
        score=total,
        grade=config.grade(total),
        missing=missing,
        reasons_required=reasons,
    )


@dataclass(frozen=True)
class RollupSums:
    """The counts and sums a `Rollup` is computed from. Sums of disjoint sets of projects
    add up (``a + b``), so a roll-up over many units can be made from each unit's stored
    sums (the ranking does, in SQL) and equals the roll-up over their projects."""

    projects: int = 0
    complete: int = 0
    not_started: int = 0
    provisional: int = 0
    grades: tuple[int, ...] = ()  # complete projects per band of ``grade_bands``, in order
    scores: Decimal = Decimal(0)  # Σ score of complete projects
    budget_adjusted: Decimal = Decimal(0)  # Σ 全年预算数 of complete projects
    executed: Decimal = Decimal(0)  # Σ 全年执行数 of complete projects
    weighted: Decimal = Decimal(0)  # Σ score × 全年预算数 of complete projects

    def __add__(self, other: RollupSums) -> RollupSums:
        n = max(len(self.grades), len(other.grades))
        mine, theirs = (g + (0,) * (n - len(g)) for g in (self.grades, other.grades))
        return RollupSums(
            self.projects + other.projects,
            self.complete + other.complete,
            self.not_started + other.not_started,
            self.provisional + other.provisional,
            tuple(a + b for a, b in zip(mine, theirs, strict=True)),
            self.scores + other.scores,
            self.budget_adjusted + other.budget_adjusted,
            self.executed + other.executed,
            self.weighted + other.weighted,
        )

    @classmethod
    def without_figures(cls, projects: int, config: EvaluationConfig | None = None) -> RollupSums:
        """The sums of ``projects`` projects with neither year-end budget figures nor any
        actual value (imported goals, nothing evaluated yet): all 未开始."""
        config = config or DEFAULT_CONFIG
        return cls(projects, 0, projects, 0, (0,) * len(config.grade_bands))


def rollup_sums(
    projects: Iterable[ProjectScore],
    config: EvaluationConfig | None = None,
    *,
    money_unit: str | None = None,
) -> RollupSums:
    """The `RollupSums` of ``projects``; budgets converted exactly from ``money_unit`` to
    `DISPLAY_UNIT` when given (so that sums over documents in 元 and 万元 add up)."""
    config = config or DEFAULT_CONFIG
    projects = list(projects)
    done = [p for p in projects if p.complete]
    bands = [name for name, _ in config.grade_bands]
    grades = [0] * len(bands)
    for p in done:
        grades[bands.index(p.grade) if p.grade in bands else len(bands) - 1] += 1

    def money(value: Decimal) -> Decimal:
        return value if money_unit is None else convert(value, money_unit, DISPLAY_UNIT)

    budgets = [(p.score, p.budget) for p in done if p.budget]
    return RollupSums(
        projects=len(projects),
        complete=len(done),
        not_started=sum(1 for p in projects if p.status == NOT_STARTED),
        provisional=sum(1 for p in projects if p.status == PROVISIONAL),
        grades=tuple(grades),
        scores=sum((p.score for p in done), Decimal(0)),
        budget_adjusted=sum((money(b.budget_adjusted) for _, b in budgets), Decimal(0)),
        executed=sum((money(b.executed) for _, b in budgets), Decimal(0)),
        weighted=sum((s * money(b.budget_adjusted) for s, b in budgets), Decimal(0)),
    )


def rollup_from_sums(
    sums: RollupSums,
    config: EvaluationConfig | None = None,
    *,
    money_unit: str | None = None,
    incomplete: list[str] | None = None,
) -> Rollup:
    """The `Rollup` of ``sums``: averages (plain and weighted by 全年预算数), 执行率 and grade
    counts of complete projects; budgets converted from `DISPLAY_UNIT` to ``money_unit``
    when given. ``incomplete``: the codes of the incomplete projects, where known."""
    config = config or DEFAULT_CONFIG

    def money(value: Decimal) -> Decimal:
        return value if money_unit is None else convert(value, DISPLAY_UNIT, money_unit)

    names = [name for name, _ in config.grade_bands]
    counts = list(sums.grades) + [0] * (len(names) - len(sums.grades))
    adjusted, executed = sums.budget_adjusted, sums.executed
    return Rollup(
        projects=sums.projects,
        complete=sums.complete,
        incomplete=list(incomplete or []),
        average=q2(sums.scores / sums.complete) if sums.complete else None,
        weighted_average=q2(sums.weighted / adjusted) if adjusted else None,
        grades=dict(zip(names, counts, strict=True)),
        budget_adjusted=money(adjusted),
        executed=money(executed),
        execution_rate=execution_rate(executed, adjusted),
        not_started=sums.not_started,
        provisional=sums.provisional,
    )


def rollup(projects: Iterable[ProjectScore], config: EvaluationConfig | None = None) -> Rollup:
    """Averages (plain and weighted by 全年预算数) and grade counts of complete projects."""
    projects = list(projects)
    return rollup_from_sums(
        rollup_sums(projects, config),
        config,
        incomplete=[p.code or p.name for p in projects if not p.complete],
    )
