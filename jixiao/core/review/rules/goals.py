"""Goal rules: a project states at least two real goals, not indicator names."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jixiao.core.amounts import convert
from jixiao.core.model import Project
from jixiao.core.review.finding import Finding
from jixiao.core.review.rule import Context, ProjectRule
from jixiao.core.review.rules._facts import FEW_GOALS, NO_GOALS, uses_defaults
from jixiao.core.review.rules._library import Example, context_of
from jixiao.core.review.rules._util import key, nfkc, quote
from jixiao.core.review.rules.coverage import indicator_texts
from jixiao.core.review.rules.summary import amounts_in


def goal_example(project: Project) -> Example:
    """A goal worded from the library's 数量指标 example closest to the project, and the
    closing quote (derived when the suggestion is read)."""
    return Example("goal", ("数量指标",), context_of(project))


# A bare measure: "工资发放完成率", "工作人员满意度" — a noun phrase ending in a measure.
_MEASURE_ONLY = re.compile(r"^[0-9A-Za-z\u4e00-\u9fff]{0,30}(?:率|满意度)$")
_VERB = re.compile(r"^(?:提升|提高|促进|保持|确保|实现|达到|加强|改善|降低|减少)")


@lru_cache(maxsize=16384)
def _goal(goal: str) -> tuple[str, bool]:
    """A goal's comparison key and whether it is a bare measure, once per distinct goal
    (documents repeat their goals across projects)."""
    g = key(goal)
    return g, bool(_MEASURE_ONLY.match(g) and not _VERB.match(g))


class R050(ProjectRule):
    """项目没有绩效目标。

    **不合格**：绩效目标栏为空。
    **合格**：“1.按月足额发放 8 名专职委员工资；2.残疾人保障政策落实到位”。
    """

    code = "R050"
    needs = NO_GOALS
    name = "goals.missing"
    category = "完整性"
    severity = "error"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        if not project.goals:
            out.append(
                self.at(
                    project,
                    None,
                    "goals",
                    "项目没有绩效目标",
                    "写明资金使用后预期达到的产出和效果，至少两条，如“",
                    example=goal_example(project),
                )
            )
        return out


class R051(ProjectRule):
    """绩效目标条数太少。

    **不合格**：只有一条目标“完成工作”。
    **合格**：两条以上目标，分别说明产出和效果。
    """

    code = "R051"
    name = "goals.too-few"
    category = "完整性"
    severity = "warning"
    thresholds = ("min_goals",)

    def configure(self, t: Any) -> None:
        if uses_defaults(t, "min_goals"):
            self.needs = FEW_GOALS

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        n, need = len(project.goals), self.t["min_goals"]
        if 0 < n < need:
            out.append(
                self.at(
                    project,
                    None,
                    "goals",
                    f"项目只有 {n} 条绩效目标{quote(project.goals[0])}，少于 {need} 条",
                    f"至少写 {need} 条目标，分别说明预期产出和预期效果",
                )
            )
        return out


def _names(ctx: Context, project: Project) -> set[str | None] | str:
    """The project's indicator names and descriptions, to look a goal (a `key`, never
    holding whitespace) up among them: R013's join of them framed by newlines, one per
    line, when none holds a newline itself (a goal is then a whole line exactly when it is
    one of them); else the set."""
    texts = indicator_texts(ctx, project)
    if texts.count("\n") == 2 * len(project.indicators) - 1:
        return f"\n{texts}\n"
    names: set[str | None] = {i.name for i in project.indicators}
    names.update([i.description for i in project.indicators])
    return names


def _blank_named(project: Project) -> bool:
    return any(i.name == "" or i.description == "" for i in project.indicators)


class R052(ProjectRule):
    """绩效目标只是一个指标名称，没有说明要达到什么。

    **不合格**：目标“工资发放完成率”“工作人员满意度”。
    **合格**：目标“按月足额发放 8 名专职委员工资，发放率 100%”。
    """

    code = "R052"
    name = "goals.indicator-name-only"
    category = "规范性"
    severity = "warning"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        if not project.goals:
            return out
        names: set[str | None] | str | None = None
        texts = indicator_texts(ctx, project)
        for n, goal in enumerate(project.goals, 1):
            g, bare = _goal(goal)
            # A name or description equal to the goal is in their joined text: most goals
            # are not, and need no lookup among the names.
            named = False
            if not g or g in texts:
                if names is None:
                    names = _names(ctx, project)
                if type(names) is str:
                    # A blank goal is a name only where a name or description is "" (not None).
                    named = f"\n{g}\n" in names if g else _blank_named(project)
                else:
                    named = g in names
            if named or bare:
                out.append(
                    self.at(
                        project,
                        None,
                        "goals",
                        f"第 {n} 条绩效目标{quote(goal)}只是指标名称，没有说明要达到的结果",
                        "把目标写成结果：做什么、做多少、达到什么效果，如“",
                        example=goal_example(project),
                    )
                )
        return out


class R053(ProjectRule):
    """绩效目标重复，或只是项目名称：同一条目标写了两遍，目标照抄项目名称。

    **不合格**：目标“处遗经费”（项目名称）；两条目标都是“保障展厅正常运转”。
    **合格**：“解决辖区内遗留问题 80 件”“支付律师委托费”。
    """

    code = "R053"
    name = "goals.repeated"
    category = "规范性"
    severity = "warning"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        if not project.goals:
            return out
        name = key(project.name)
        seen: dict[str, int] = {}
        for n, goal in enumerate(project.goals, 1):
            g = _goal(goal)[0]
            if not g:
                continue
            if g in seen:
                message = f"第 {n} 条绩效目标{quote(goal)}与第 {seen[g]} 条相同"
            elif g == name:
                message = f"第 {n} 条绩效目标{quote(goal)}只是项目名称，没有说明要达到的结果"
            else:
                seen[g] = n
                continue
            out.append(
                self.at(
                    project,
                    None,
                    "goals",
                    message,
                    "每条目标写一项不同的结果：做什么、做多少、达到什么效果，如“",
                    example=goal_example(project),
                )
            )
        return out


#: Words that make an amount the money spent (投入资金15万元), not a result (收入280亿元).
_SPENDING = re.compile(r"投入|资金|预算|经费|安排|支出|拨付|使用|列支|补助|补贴|发放|费用|花费")
_RESULT = re.compile(
    r"收入|产值|效益|带动|拉动|营业|销售|交易|税|增加值|融资|节约|挽回|减少|利润|贷款"
)
_CLAUSE = re.compile(r"[，,；;。、]")


def _spent(goal: str, written: str) -> bool:
    """Whether the amount ``written`` in ``goal`` is money spent: its clause, up to it,
    says so (投入资金, 发放补贴) and names no result (收入, 产值, 带动)."""
    at = nfkc(goal).find(written)
    if at < 0:
        return False
    clause = _CLAUSE.split(nfkc(goal)[:at])[-1]
    return bool(_SPENDING.search(clause)) and not _RESULT.search(clause)


class R054(ProjectRule):
    """绩效目标中写的金额超过项目预算数。

    **不合格**：预算 5 万元，目标“投入资金15万元，解决遗留问题80件”。
    **合格**：“投入资金5万元……”，或只写目标的一部分金额“发放补贴3万元”。
    """

    code = "R054"
    name = "goals.amount-over-budget"
    category = "一致性"
    severity = "warning"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        total, unit = project.budget.total, ctx.doc.money_unit
        if total is None or total <= 0 or not project.goals:
            return out
        for n, goal in enumerate(project.goals, 1):
            if "元" not in goal:
                continue
            for written, value, money in amounts_in(goal):
                if not _spent(goal, written) or convert(value, money, unit) <= total:
                    continue
                out.append(
                    self.at(
                        project,
                        None,
                        "goals",
                        f"第 {n} 条绩效目标写的金额“{written}”超过项目预算数 {total}{unit}",
                        "核对目标中的金额：不超过预算数，并与预算数、分项绩效目标一致",
                    )
                )
                break
        return out
