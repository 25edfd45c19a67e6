"""Amount rules: the budget is filled in, positive, and its parts add up."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.model import Project
from jixiao.core.review.finding import Finding
from jixiao.core.review.rule import Context, ProjectRule
from jixiao.core.review.rules._facts import BUDGET_MISSING, BUDGET_PARTS, NONPOSITIVE

_ZERO = Decimal(0)


class R070(ProjectRule):
    """预算数为空。

    **不合格**：预算数“”。
    **合格**：预算数“2.28”（万元）。
    """

    code = "R070"
    needs = BUDGET_MISSING
    name = "amounts.missing"
    category = "完整性"
    severity = "error"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        if project.budget.total is None:
            out.append(
                self.at(
                    project,
                    None,
                    "budget.total",
                    "预算数没有填写",
                    f"填写项目预算数（{ctx.doc.money_unit}），并填写其中财政资金和其他资金",
                )
            )
        return out


class R071(ProjectRule):
    """预算数不等于财政资金与其他资金（及上年结转资金）之和。

    **不合格**：预算数 52.00，财政资金 50.00，其他资金空。
    **合格**：预算数 52.00，财政资金 50.00，其他资金 2.00；或财政资金 50.00，上年结转资金
    2.00（结转资金是预算数的一部分）；或“其中”下有读不出的资金来源（如“其中：一般公共
    预算拨款”），不比较。
    """

    code = "R071"
    needs = BUDGET_PARTS
    name = "amounts.parts"
    category = "一致性"
    severity = "error"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        b = project.budget
        if b.total is None or b.parts_unread:
            return out  # no total, or a part under a label the reader does not know
        if b.fiscal is None and b.other is None and b.carryover is None:
            return out
        parts = (b.fiscal or _ZERO) + (b.other or _ZERO) + (b.carryover or _ZERO)
        if parts != b.total:
            carry = b.carryover is not None
            out.append(
                self.at(
                    project,
                    None,
                    "budget.total",
                    f"预算数 {b.total} 不等于财政资金 {b.fiscal or 0}、其他资金 {b.other or 0}"
                    + (f"、上年结转资金 {b.carryover}" if carry else "")
                    + f" 之和 {parts}（{ctx.doc.money_unit}）",
                    "核对金额：预算数 = 财政资金 + 其他资金" + (" + 上年结转资金" if carry else ""),
                )
            )
        return out


class R072(ProjectRule):
    """预算数为零或负数，或资金来源为负数。

    **不合格**：预算数“0.00”或财政资金“-1.00”。
    **合格**：预算数“2.28”，财政资金“2.28”。
    """

    code = "R072"
    needs = NONPOSITIVE
    name = "amounts.nonpositive"
    category = "规范性"
    severity = "error"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        b = project.budget
        if b.total is not None and b.total <= _ZERO:
            out.append(
                self.at(
                    project,
                    None,
                    "budget.total",
                    f"预算数为 {b.total}，不是正数",
                    "填写实际安排的预算金额；没有预算的项目不需要填报绩效目标表",
                )
            )
        for field, label, value in (
            ("budget.fiscal", "财政资金", b.fiscal),
            ("budget.other", "其他资金", b.other),
        ):
            if value is not None and value < _ZERO:
                out.append(
                    self.at(
                        project,
                        None,
                        field,
                        f"{label}为负数 {value}",
                        f"{label}填非负金额，没有则留空",
                    )
                )
        return out
