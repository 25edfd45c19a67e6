"""Plan rules: the spending plan is cumulative, never decreasing, and ends at 100%."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.model import PlanCell, Project
from jixiao.core.review.finding import Finding
from jixiao.core.review.rule import GOAL_TABLES, Context, ProjectRule

_HUNDRED = Decimal(100)


#: ``ctx.shared`` key: (project, its effective cumulative curve), for the project under review.
_CURVE = "plan.curve"


def _curve(ctx: Context, project: Project) -> list[tuple[int, Decimal]]:
    """``project.spending_plan.cumulative()``, computed once per project for R060–R065
    (empty exactly when the plan is empty). Read-only."""
    cached = ctx.shared.get(_CURVE)
    if cached is not None and cached[0] is project:
        found: list[tuple[int, Decimal]] = cached[1]
        return found
    found = project.spending_plan.cumulative()
    ctx.shared[_CURVE] = (project, found)
    return found


def _cells(project: Project) -> str:
    return "、".join(f"{c.month}月底 {c.text or '空'}" for c in project.spending_plan.cells)


class R060(ProjectRule):
    """资金支出计划为空。

    **不合格**：3月底、6月底、10月底、12月底全部空白。
    **合格**：“25%、50%、75%、100%”。
    """

    code = "R060"
    applies_to = GOAL_TABLES
    name = "plan.missing"
    category = "完整性"
    severity = "warning"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        if not _curve(ctx, project):  # the plan is empty
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
    name = "plan.decreasing"
    category = "可行性"
    severity = "error"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        prev: PlanCell | None = None
        for c in project.spending_plan.cells:
            if c.percent is None:
                continue
            if prev is not None and prev.percent is not None and c.percent < prev.percent:
                out.append(
                    self.at(
                        project,
                        None,
                        "spending_plan",
                        f"资金支出计划是累计数，{c.month}月底“{c.text}”低于"
                        f"{prev.month}月底“{prev.text}”（{_cells(project)}）",
                        "按累计口径填写：每个节点填到该月底为止累计支出的比例，只增不减",
                    )
                )
                return out
            prev = c
        return out


class R062(ProjectRule):
    """资金支出计划的百分比超出 0–100%。

    **不合格**：“30%、60%、90%、120%”。
    **合格**：“30%、60%、90%、100%”。
    """

    code = "R062"
    name = "plan.out-of-range"
    category = "可行性"
    severity = "error"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        for c in project.spending_plan.cells:
            if c.percent is not None and not (0 <= c.percent <= _HUNDRED):
                out.append(
                    self.at(
                        project,
                        None,
                        "spending_plan",
                        f"资金支出计划{c.month}月底“{c.text}”超出 0%–100%",
                        "累计支出比例在 0% 到 100% 之间，全年结束时为 100%",
                    )
                )
                return out
        return out


class R063(ProjectRule):
    """资金支出计划到年底没有达到 100%。

    **不合格**：“20%、40%、60%、90%”。
    **合格**：“20%、40%、60%、100%”，或提前达到“30%、100%、空、空”。
    """

    code = "R063"
    name = "plan.incomplete"
    category = "可行性"
    severity = "error"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        curve = _curve(ctx, project)
        if curve and curve[-1][1] < _HUNDRED:
            out.append(
                self.at(
                    project,
                    None,
                    "spending_plan",
                    f"资金支出计划最终只到 {curve[-1][1]}%（{_cells(project)}），年底未支出完毕",
                    "预算当年应支出完毕：最后一个节点的累计比例填 100%，不能支出的部分调减预算",
                )
            )
        return out


class R064(ProjectRule):
    """资金支出计划有空白节点（提示其含义）。

    开头的空白表示截至该月尚未支出（按 0%）；已填之后的空白表示该期间没有新增支出。

    **不合格**（提示）：“空、空、100%、空”。
    **合格**：“0%、0%、100%、100%”。
    """

    code = "R064"
    name = "plan.blank-cells"
    category = "可行性"
    severity = "info"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        plan = project.spending_plan
        curve_list = _curve(ctx, project)
        if not curve_list or all(c.percent is not None for c in plan.cells):
            return out
        curve = dict(curve_list)
        blanks = [f"{c.month}月底按 {curve[c.month]}%" for c in plan.cells if c.percent is None]
        out.append(
            self.at(
                project,
                None,
                "spending_plan",
                f"资金支出计划有空白节点（{_cells(project)}），将理解为：{'，'.join(blanks)}",
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
    name = "plan.back-loaded"
    category = "可行性"
    severity = "warning"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        cells = project.spending_plan.cells
        if not cells or any(c.percent for c in cells[:-1]):  # spends before the end
            return out
        curve = _curve(ctx, project)
        if not curve or curve[-1][1] != _HUNDRED:
            return out
        if curve[-1][0] != 12:
            return out
        out.append(
            self.at(
                project,
                None,
                "spending_plan",
                f"资金支出计划 12 月前没有任何支出，年底一次支出 100%（{_cells(project)}）",
                "按工作进度或合同付款节点分期安排支出，如“0%、40%、70%、100%”，避免年底突击花钱",
            )
        )
        return out
