"""Goal rules: a project states at least two real goals, not indicator names."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jixiao.core.model import Project
from jixiao.core.review.finding import Finding
from jixiao.core.review.rule import Context, ProjectRule
from jixiao.core.review.rules._facts import FEW_GOALS, NO_GOALS, uses_defaults
from jixiao.core.review.rules._library import Example, context_of
from jixiao.core.review.rules._util import key, quote
from jixiao.core.review.rules.coverage import indicator_texts


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
