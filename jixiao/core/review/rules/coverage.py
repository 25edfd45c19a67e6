"""Coverage rules: each project has the indicator categories, count and goals it needs."""

from __future__ import annotations

import re
from functools import lru_cache
from operator import add, attrgetter
from typing import Any

from jixiao.core.model import Project
from jixiao.core.review.finding import Finding
from jixiao.core.review.rule import GOAL_TABLES, Context, ProjectRule
from jixiao.core.review.rules._facts import (
    FEW_INDICATORS,
    LEVEL1_MISSING,
    NO_COST,
    OUTPUT_INCOMPLETE,
    PURPOSE_BLANK,
    uses_defaults,
)
from jixiao.core.review.rules._library import Example, context_of
from jixiao.core.review.rules._util import (
    alternation,
    implied_level1,
    is_cost_levels,
    key,
    level,
    listing,
    quote,
)

#: The 二级 whose example stands for a missing 一级.
_FIRST_LEVEL2 = {
    "产出指标": "数量指标",
    "效益指标": "社会效益指标",
    "满意度指标": "服务对象满意度指标",
    "成本指标": "经济成本指标",
}


def examples_for(levels2: list[str], project: Project, money_unit: str = "万元") -> Example:
    """``二级“example”`` per 二级 from the library, the topic closest to the project first
    (derived when the suggestion is read), amounts in the document's ``money_unit``."""
    return Example("list", tuple(levels2), context_of(project), money_unit)


#: ``ctx.shared`` key: (project, `_levels_of` it), for the project under review.
_LEVELS = "coverage.levels"


def _levels_of(ctx: Context, project: Project) -> tuple[frozenset[str], frozenset[str], bool]:
    """What R010, R011 and R015 need from a project's 一级/二级 pairs (computed once per
    project, shared): the 一级 present, the 二级 present under 产出指标 (normalised,
    `level`), and whether it has a 成本指标."""
    cached = ctx.shared.get(_LEVELS)
    if cached is not None and cached[0] is project:
        found: tuple[frozenset[str], frozenset[str], bool] = cached[1]
        return found
    # Projects of a document share a few sets of pairs: one cached look per set.
    found = _levels_of_pairs(frozenset(map(_PAIR, project.indicators)))
    ctx.shared[_LEVELS] = (project, found)
    return found


_PAIR = attrgetter("level1", "level2")


@lru_cache(maxsize=4096)
def _levels_of_pairs(
    pairs: frozenset[tuple[str | None, str | None]],
) -> tuple[frozenset[str], frozenset[str], bool]:
    """`_levels_of` from the set of a project's distinct 一级/二级 pairs."""
    level1s: set[str] = set()
    output: set[str] = set()
    cost = False
    for pair in pairs:
        n1, n2, is_cost, satisfaction = _pair(pair)
        level1s.add(n1)
        if satisfaction:  # the older template: 满意度 under 效益指标
            level1s.add("满意度指标")
        if n2 is not None:
            output.add(n2)
        if is_cost:
            cost = True
    return frozenset(level1s), frozenset(output), cost


@lru_cache(maxsize=4096)
def _pair(pair: tuple[str | None, str | None]) -> tuple[str, str | None, bool, bool]:
    """One 一级/二级 pair: the 一级 normalised (or implied by the 二级), the 二级 normalised
    if under 产出指标, whether it is a 成本指标, and whether its 二级 is 满意度 (pairs recur
    across a document's projects)."""
    l1, l2 = pair
    n1 = implied_level1(l1, l2)
    return (
        n1,
        level(l2) if n1 == "产出指标" else None,
        is_cost_levels(l1, l2),
        level(l2) == "服务对象满意度指标",
    )


class R010(ProjectRule):
    """项目缺少产出、效益或满意度指标。

    **不合格**：只有“产出指标”和“效益指标”两类指标。
    **合格**：产出指标、效益指标、满意度指标各至少一个。
    """

    code = "R010"
    name = "coverage.categories"
    category = "完整性"
    severity = "error"
    thresholds = ("required_level1",)

    def configure(self, t: Any) -> None:
        self.required = tuple(level(x) for x in t["required_level1"])
        if uses_defaults(t, "required_level1"):
            self.needs = LEVEL1_MISSING

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        present = _levels_of(ctx, project)[0]
        missing = [r for r in self.required if r not in present]
        if missing:
            out.append(
                self.at(
                    project,
                    None,
                    "indicators",
                    f"项目缺少{listing(missing)}",
                    f"为项目补充{listing(missing)}，每类至少一个可衡量的三级指标，如",
                    example=examples_for(
                        [_FIRST_LEVEL2.get(m, m) for m in missing], project, ctx.doc.money_unit
                    ),
                )
            )
        return out


class R011(ProjectRule):
    """产出指标缺少质量指标或时效指标。

    **不合格**：产出指标只有“数量指标”。
    **合格**：产出指标含数量指标、质量指标（如“验收合格率≥95%”）和时效指标
    （如“补贴按月发放及时率≥95%”）。
    """

    code = "R011"
    name = "coverage.output-quality-timeliness"
    category = "完整性"
    severity = "warning"
    thresholds = ("output_required_level2",)
    # A layout without a 二级 level (产出/效益/满意度 over the names) files no output as
    # 质量 or 时效.
    asks_for = "level2"

    def configure(self, t: Any) -> None:
        self.required = tuple(level(x) for x in t["output_required_level2"])
        if uses_defaults(t, "output_required_level2"):
            self.needs = OUTPUT_INCOMPLETE

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        present = _levels_of(ctx, project)[1]
        if not present:
            return out  # no 产出 at all: R010
        missing = [r for r in self.required if r not in present]
        if missing:
            out.append(
                self.at(
                    project,
                    None,
                    "indicators",
                    f"产出指标只有{listing(sorted(present))}，缺少{listing(missing)}",
                    f"补充{listing(missing)}，如",
                    example=examples_for(missing, project, ctx.doc.money_unit),
                )
            )
        return out


class R012(ProjectRule):
    """绩效指标个数太少。

    **不合格**：项目只有 2 个绩效指标。
    **合格**：项目至少有 3 个绩效指标（产出、效益、满意度各一）。
    """

    code = "R012"
    name = "coverage.too-few"
    category = "完整性"
    severity = "warning"
    thresholds = ("min_indicators",)

    def configure(self, t: Any) -> None:
        if uses_defaults(t, "min_indicators"):
            self.needs = FEW_INDICATORS

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        n, need = len(project.indicators), self.t["min_indicators"]
        if n < need:
            out.append(
                self.at(
                    project,
                    None,
                    "indicators",
                    f"项目只有 {n} 个绩效指标，少于 {need} 个",
                    f"至少设置 {need} 个绩效指标，覆盖产出、效益和满意度",
                )
            )
        return out


#: ``ctx.shared`` key: (project, `indicator_texts` of it), for the project under review.
_TEXTS = "coverage.indicator_texts"


def indicator_texts(ctx: Context, project: Project) -> str:
    """The names and descriptions of the project's indicators, one per line (blank for
    none), computed once per project: R013 and R110 look for words in it."""
    cached = ctx.shared.get(_TEXTS)
    if cached is not None and cached[0] is project:
        found: str = cached[1]
        return found
    found = "\n".join([f"{i.name or ''}\n{i.description or ''}" for i in project.indicators])
    ctx.shared[_TEXTS] = (project, found)
    return found


_RUN = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]+")


@lru_cache(maxsize=65536)
def _bigrams(text: str) -> frozenset[str]:
    """Pairs of adjacent characters within runs of CJK/letters/digits (cached: names repeat)."""
    # ``run[i] + run[i + 1]`` for each i, by `map` in C.
    return frozenset().union(*[map(add, run, run[1:]) for run in _RUN.findall(text)])


class R013(ProjectRule):
    """某条绩效目标没有任何指标衡量。

    以双字词重合判断：目标与任一指标的名称或描述至少共有 ``goal_match_min`` 个双字词
    （忽略“完成”“工作”等常用词）才算有指标衡量。

    **不合格**：目标“完成社区残疾人各项保障”，指标只有工资发放人数和满意度。
    **合格**：目标“残疾人保障政策落实到位”，指标“残疾人保障政策落实率≥95%”。
    """

    code = "R013"
    name = "coverage.goal-unmeasured"
    category = "相关性"
    severity = "warning"
    thresholds = ("goal_match_min", "goal_match_ignore")

    def configure(self, t: Any) -> None:
        self.need = t["goal_match_min"]
        ignore = alternation(t["goal_match_ignore"])
        self._goal_grams = lru_cache(maxsize=65536)(lambda g: _bigrams(ignore.sub(" ", g)))

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        if not project.goals or not project.indicators:
            return out
        # A goal pair is in some name/description's pairs exactly when it is a substring of
        # their newline-joined text (pairs never contain a newline): one join, no sets.
        texts = indicator_texts(ctx, project)
        for i, goal in enumerate(project.goals, 1):
            # Common words are cut out before pairing, so "完成工作" leaves nothing to match.
            grams = self._goal_grams(goal)
            if not grams:
                continue
            enough = min(self.need, len(grams))
            shared = 0
            for gram in grams:
                if gram in texts:
                    shared += 1
                    if shared >= enough:
                        break  # measured: the rest cannot change that
            if shared < enough:
                out.append(
                    self.at(
                        project,
                        None,
                        "goals",
                        _unmeasured(i, goal),
                        "为这条目标设置能衡量其完成情况的三级指标，或删去与资金用途无关的目标",
                    )
                )
        return out


@lru_cache(maxsize=16384)
def _unmeasured(i: int, goal: str) -> str:
    """R013's message, once per goal and place (goals recur across projects)."""
    return f"第 {i} 条绩效目标{quote(goal)}没有对应的绩效指标"


class R014(ProjectRule):
    """资金用途为空。

    **不合格**：资金用途“”。
    **合格**：资金用途“残疾人专职委员工资（街道 1 人、社区 7 人）”。
    """

    code = "R014"
    needs = PURPOSE_BLANK
    applies_to = GOAL_TABLES
    asks_for = "purpose"
    name = "coverage.purpose-missing"
    category = "完整性"
    severity = "warning"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        if not (project.purpose or "").strip():
            out.append(
                self.at(
                    project,
                    None,
                    "purpose",
                    "资金用途为空",
                    "写明资金的具体用途（支出内容、对象和数量），以便判断指标是否相关",
                )
            )
        return out


class R015(ProjectRule):
    """项目没有成本指标（2021 年起的指标体系要求设置成本指标）。

    文档年度不早于 ``cost_required_from_year`` 时检查：成本指标可以是一级指标
    “成本指标”，也可以是产出指标下的“成本指标”。

    **不合格**：2022 年的项目只有产出、效益和满意度指标。
    **合格**：另设“成本指标 / 经济成本指标 / 防汛物资采购成本≤5万元”。
    """

    code = "R015"
    needs = NO_COST
    name = "coverage.cost-missing"
    category = "完整性"
    severity = "warning"
    thresholds = ("cost_required_from_year",)

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        year = ctx.doc.year
        if year is None or year < self.t["cost_required_from_year"] or not project.indicators:
            return out
        if _levels_of(ctx, project)[2]:
            return out
        out.append(
            self.at(
                project,
                None,
                "indicators",
                f"{year} 年的项目没有成本指标",
                "按预算支出标准补充成本指标（一级“成本指标”，二级“经济成本指标”），"
                "写明成本上限，如",
                example=examples_for(["经济成本指标"], project, ctx.doc.money_unit),
            )
        )
        return out


class R016(ProjectRule):
    """资金用途只是项目名称：没有写出支出内容、对象和数量。

    **不合格**：项目“处遗经费”，资金用途“处遗经费”。
    **合格**：资金用途“辖区内解决遗留问题所需经费，支付律师委托费”。
    """

    code = "R016"
    name = "coverage.purpose-is-name"
    category = "完整性"
    severity = "warning"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        purpose = key(project.purpose)
        if not purpose or purpose != key(project.name):
            return []
        return [
            self.at(
                project,
                None,
                "purpose",
                f"资金用途{quote(project.purpose)}只是重复了项目名称",
                "写明资金的具体用途（支出内容、对象和数量），以便判断指标是否相关",
            )
        ]
