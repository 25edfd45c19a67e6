"""Plan rules: the spending plan is cumulative, never decreasing, and ends at 100%."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter

from jixiao.core.model import Project
from jixiao.core.review.finding import Finding
from jixiao.core.review.rule import GOAL_TABLES, Context, ProjectRule
from jixiao.core.review.rules._facts import (
    PLAN_BLANKS,
    PLAN_DECREASING,
    PLAN_EMPTY,
    PLAN_LATE,
    PLAN_OUT_OF_RANGE,
    PLAN_SHORT,
)

_HUNDRED = Decimal(100)
_ZERO = Decimal(0)


# Not frozen: a frozen dataclass's __init__ is several times slower. Read-only all the same.
@dataclass(slots=True)
class _Plan:
    """What R060–R065 need from a spending plan, in one pass over its cells.

    Computed once per distinct plan (months, texts and percentages): plans recur across
    a document's projects. Messages hold only months and texts; where one prints a
    percentage (R063, R064) it is taken from the project's own cells (`_percent`), so a
    value written differently but equal (``100`` and ``100.0``) prints as written.
    """

    #: No percentage at all (the curve is empty).
    empty: bool
    #: R061's message part: the first cell below the filled one before it.
    decreasing: str | None
    #: R062's message: the first percentage outside 0–100.
    out_of_range: str | None
    #: Index of the last filled cell (the curve's last value), or -1.
    last: int
    #: The last cell's month (the curve's last month).
    last_month: int
    #: Per blank cell: its month and the index of the filled cell whose value it carries
    #: on (-1: none yet, 0%); empty when no cell is blank or nothing is filled.
    blanks: tuple[tuple[int, int], ...]
    #: Nothing spent before the last cell (every earlier percentage blank or 0).
    late: bool
    #: The cells as R063–R065 quote them.
    cells: str


_CELL = attrgetter("month", "text", "percent")


#: ``ctx.shared`` key: (project, its `_Plan`), for the project under review.
_PLAN = "plan.plan"


def _plan(ctx: Context, project: Project) -> _Plan:
    """The project's `_Plan`: once per project for R060–R065, one cached look per
    distinct plan."""
    cached = ctx.shared.get(_PLAN)
    if cached is not None and cached[0] is project:
        found: _Plan = cached[1]
        return found
    found = _plan_of(tuple(map(_CELL, project.spending_plan.cells)))
    ctx.shared[_PLAN] = (project, found)
    return found


@lru_cache(maxsize=4096)
def _plan_of(cells: tuple[tuple[int, str | None, Decimal | None], ...]) -> _Plan:
    decreasing = out_of_range = None
    last = -1
    late = True  # nothing spent before the last cell
    blank = False
    prev: tuple[int, str | None, Decimal | None] | None = None
    for i, cell in enumerate(cells):
        percent = cell[2]
        if percent is None:
            blank = True
            continue
        if percent and i < len(cells) - 1:
            late = False
        if out_of_range is None and not (0 <= percent <= _HUNDRED):
            out_of_range = f"资金支出计划{cell[0]}月底“{cell[1]}”超出 0%–100%"
        if decreasing is None and prev is not None and percent < prev[2]:  # type: ignore[operator]
            decreasing = f"{cell[0]}月底“{cell[1]}”低于{prev[0]}月底“{prev[1]}”"
        prev = cell
        last = i
    blanks: tuple[tuple[int, int], ...] = ()
    if blank and last >= 0:
        # The value each month carries on (``dict(cumulative())``: a month given twice
        # keeps its last cell's value), as the index of the filled cell it comes from.
        carried: dict[int, int] = {}
        filled = -1
        for i, (month, _, percent) in enumerate(cells):
            if percent is not None:
                filled = i
            carried[month] = filled
        blanks = tuple([(month, carried[month]) for month, _, percent in cells if percent is None])
    return _Plan(
        last < 0,
        decreasing,
        out_of_range,
        last,
        cells[-1][0] if cells else 0,
        blanks,
        bool(cells) and late,
        "、".join([f"{month}月底 {text or '空'}" for month, text, _ in cells]),
    )


def _percent(project: Project, i: int) -> Decimal:
    """The percentage of the project's cell ``i`` (-1: 0, nothing spent yet)."""
    if i < 0:
        return _ZERO
    found = project.spending_plan.cells[i].percent
    assert found is not None
    return found


class R060(ProjectRule):
    """资金支出计划为空。

    **不合格**：3月底、6月底、10月底、12月底全部空白。
    **合格**：“25%、50%、75%、100%”。
    """

    code = "R060"
    needs = PLAN_EMPTY
    applies_to = GOAL_TABLES
    name = "plan.missing"
    category = "完整性"
    severity = "warning"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        if _plan(ctx, project).empty:
            out.append(
                self.at(
                    project,
                    None,
                    "spending_plan",
                    "资金支出计划没有填写",
                    "按预计付款时间填写 3、6、10、12 月底的累计支出百分比，最后达到 100%",
                )
            )
        return out


class R061(ProjectRule):
    """资金支出计划的累计百分比出现下降。

    **不合格**：“30%、60%、50%、100%”。
    **合格**：“30%、60%、60%、100%”（持平表示该期间没有新增支出）。
    """

    code = "R061"
    needs = PLAN_DECREASING
    name = "plan.decreasing"
    category = "可行性"
    severity = "error"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        plan = _plan(ctx, project)
        if plan.decreasing is not None:
            out.append(
                self.at(
                    project,
                    None,
                    "spending_plan",
                    f"资金支出计划是累计数，{plan.decreasing}（{plan.cells}）",
                    "按累计口径填写：每个节点填到该月底为止累计支出的比例，只增不减",
                )
            )
        return out


class R062(ProjectRule):
    """资金支出计划的百分比超出 0–100%。

    **不合格**：“30%、60%、90%、120%”。
    **合格**：“30%、60%、90%、100%”。
    """

    code = "R062"
    needs = PLAN_OUT_OF_RANGE
    name = "plan.out-of-range"
    category = "可行性"
    severity = "error"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        found = _plan(ctx, project).out_of_range
        if found is not None:
            out.append(
                self.at(
                    project,
                    None,
                    "spending_plan",
                    found,
                    "累计支出比例在 0% 到 100% 之间，全年结束时为 100%",
                )
            )
        return out


class R063(ProjectRule):
    """资金支出计划到年底没有达到 100%。

    **不合格**：“20%、40%、60%、90%”。
    **合格**：“20%、40%、60%、100%”，或提前达到“30%、100%、空、空”。
    """

    code = "R063"
    needs = PLAN_SHORT
    name = "plan.incomplete"
    category = "可行性"
    severity = "error"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        plan = _plan(ctx, project)
        if plan.empty:
            return out
        final = _percent(project, plan.last)
        if final < _HUNDRED:
            periodic = _per_period(project)
            if periodic is not None:
                out.append(
                    self.at(
                        project,
                        None,
                        "spending_plan",
                        f"资金支出计划最终只到 {final}%（{plan.cells}），各节点之和正好 100%："
                        "填的是各期的当期比例，不是累计比例",
                        f"资金支出计划填截至各节点的累计比例，即“{periodic}”",
                    )
                )
                return out
            out.append(
                self.at(
                    project,
                    None,
                    "spending_plan",
                    f"资金支出计划最终只到 {final}%（{plan.cells}），年底未支出完毕",
                    "预算当年应支出完毕：最后一个节点的累计比例填 100%，不能支出的部分调减预算",
                )
            )
        return out


def _per_period(project: Project) -> str | None:
    """The cumulative plan (``25%、50%、75%、100%``) when the cells, two or more, add up to
    exactly 100% without reaching it: each period's own share written instead."""
    shares = [c.percent for c in project.spending_plan.cells if c.percent is not None]
    if len(shares) < 2 or sum(shares) != _HUNDRED or any(s < 0 for s in shares):
        return None
    running, out = Decimal(0), []
    for s in shares:
        running += s
        out.append(f"{format(running.normalize(), 'f')}%")
    return "、".join(out)


class R064(ProjectRule):
    """资金支出计划有空白节点（提示其含义）。

    开头的空白表示截至该月尚未支出（按 0%）；已填之后的空白表示该期间没有新增支出。

    **不合格**（提示）：“空、空、100%、空”。
    **合格**：“0%、0%、100%、100%”。
    """

    code = "R064"
    needs = PLAN_BLANKS
    name = "plan.blank-cells"
    category = "可行性"
    severity = "info"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        plan = _plan(ctx, project)
        if not plan.blanks:  # nothing blank, or nothing filled (R060)
            return out
        blanks = [f"{month}月底按 {_percent(project, i)}%" for month, i in plan.blanks]
        out.append(
            self.at(
                project,
                None,
                "spending_plan",
                f"资金支出计划有空白节点（{plan.cells}），将理解为：{'，'.join(blanks)}",
                "空白节点直接填写累计比例（尚未支出填 0%，没有新增支出填上一节点的数），避免误读",
            )
        )
        return out


class R065(ProjectRule):
    """资金支出计划过度后置：12 月前没有任何支出，年底一次支出 100%。

    **不合格**：“空、空、空、100%”或“0%、0%、0%、100%”。
    **合格**：按合同或工作进度分期支出，如“0%、40%、70%、100%”；确需年底一次性支付的，
    在资金用途中写明支付节点。
    """

    code = "R065"
    needs = PLAN_LATE
    name = "plan.back-loaded"
    category = "可行性"
    severity = "warning"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        plan = _plan(ctx, project)
        if not plan.late or plan.empty:  # spends before the end, or no plan
            return out
        if plan.last_month != 12 or _percent(project, plan.last) != _HUNDRED:
            return out
        out.append(
            self.at(
                project,
                None,
                "spending_plan",
                f"资金支出计划 12 月前没有任何支出，年底一次支出 100%（{plan.cells}）",
                "按工作进度或合同付款节点分期安排支出，如“0%、40%、70%、100%”，避免年底突击花钱",
            )
        )
        return out
