"""Self-evaluation rules: the scores a 项目支出绩效自评表 states add up and follow the rules.

A goal table has no 分值, 得分 or 实际完成值: these rules find nothing there. The scoring
itself is `jixiao.core.evaluation` (domain.md §6); R123 asks it, never scores on its own.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.actual_values import parse_actual
from jixiao.core.evaluation.config import DEFAULT_CONFIG
from jixiao.core.evaluation.scoring import Unscorable, budget_share, score_line
from jixiao.core.evaluation.table_inputs import TOLERANCE
from jixiao.core.model import Indicator, Project
from jixiao.core.rates import execution_rate
from jixiao.core.review.finding import Finding
from jixiao.core.review.rule import Context, ProjectRule
from jixiao.core.review.rules._facts import SELF_EVALUATION
from jixiao.core.review.rules._util import quote
from jixiao.core.targets import parse_target

_HUNDRED = Decimal(100)
#: 执行率 points a table may differ by (a rate truncated instead of rounded: 95.8 for 95.86).
_RATE_SLACK = Decimal("0.5")


def _num(d: Decimal) -> str:
    return format(d.normalize(), "f")


def _scored(ind: Indicator) -> bool:
    return ind.score is not None and ind.weight is not None


def _expected(ind: Indicator) -> tuple[Decimal, bool, bool] | None:
    """The score the rules give a quantitative line (its weight × share), whether its
    target was met and whether it was overachieved (domain.md §6: ≥130%); None for a graded (qualitative) line, whose score the reviewer picks
    within a band, and for a line the rules cannot score."""
    if ind.weight is None or not (ind.actual or "").strip():
        return None
    try:
        actual = parse_actual(ind.actual)
    except ValueError:
        return None
    if actual.grade is not None or ind.target.is_qualitative:
        return None
    try:
        line = score_line(ind.target, actual, DEFAULT_CONFIG)
    except Unscorable:
        return None
    return line.share * ind.weight, line.met, line.overachieved


class R120(ProjectRule):
    """自评得分超过分值：指标或预算执行的得分高于它的分值。

    **不合格**：分值 20 的“接待参观人次”得分 25；预算执行分值 10、得分 12。
    **合格**：分值 20，得分 16。
    """

    code = "R120"
    needs = SELF_EVALUATION
    name = "selfeval.score-over-weight"
    category = "一致性"
    severity = "error"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        if not _scored_table(ctx):
            return []
        out: list[Finding] = []
        ex = project.execution
        if (
            ex is not None
            and ex.score is not None
            and ex.weight is not None
            and ex.score > ex.weight
        ):
            out.append(
                self.at(
                    project,
                    None,
                    "execution.score",
                    f"预算执行得分 {_num(ex.score)} 超过分值 {_num(ex.weight)}",
                    "得分不能超过分值：按“执行数 ÷ 全年预算数 × 分值”计分，最高为分值",
                )
            )
        for n, ind in enumerate(project.indicators, 1):
            score, weight = ind.score, ind.weight
            if score is None or weight is None or score <= weight:
                continue
            out.append(
                self.at(
                    project,
                    n,
                    "indicator.score",
                    f"指标{quote(ind.name)}得分 {_num(score)} 超过分值 {_num(weight)}",
                    "得分不能超过分值：完成指标得满分（分值），未完成的按完成比例计分",
                )
            )
        return out


class R121(ProjectRule):
    """自评得分没有实际完成值：指标得了分，实际完成值却为空。

    **不合格**：“工程质量合格”实际完成值为空，得分 10（满分）。
    **合格**：实际完成值“100%”，得分 10。
    """

    code = "R121"
    needs = SELF_EVALUATION
    name = "selfeval.score-without-actual"
    category = "完整性"
    severity = "warning"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        if not _scored_table(ctx):
            return []
        out: list[Finding] = []
        for n, ind in enumerate(project.indicators, 1):
            if ind.score is None or ind.score <= 0 or (ind.actual or "").strip():
                continue
            out.append(
                self.at(
                    project,
                    n,
                    "indicator.actual",
                    f"指标{quote(ind.name)}没有实际完成值，却得分 {_num(ind.score)}",
                    "填写实际完成值（数值带单位，定性指标写达成/部分达成/未达成），"
                    "再按完成情况计分；没有完成值的指标不能得分",
                )
            )
        return out


class R122(ProjectRule):
    """自评执行率算错：执行率不等于执行数 ÷ 全年预算数。

    **不合格**：全年预算数 45、执行数 40.5，执行率写 100%。
    **合格**：执行率 90%。
    """

    code = "R122"
    needs = SELF_EVALUATION
    name = "selfeval.execution-rate"
    category = "一致性"
    severity = "error"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        ex = project.execution
        if ex is None or ex.rate is None or ex.executed is None or not ex.budget_adjusted:
            return []
        rate = execution_rate(ex.executed, ex.budget_adjusted)
        if rate is None or ex.budget_adjusted <= 0:
            return []
        stated = ex.rate
        # A layout writing the rate as a fraction (0.9 for 90%).
        if abs(stated - rate) > _RATE_SLACK and abs(stated * _HUNDRED - rate) > _RATE_SLACK:
            return [
                self.at(
                    project,
                    None,
                    "execution.rate",
                    f"执行率 {_num(stated)}% 与执行数 {_num(ex.executed)} ÷ 全年预算数 "
                    f"{_num(ex.budget_adjusted)} = {_num(rate)}% 不符",
                    f"执行率按“全年执行数 ÷ 全年预算数（调整后）”计算，应为 {_num(rate)}%，"
                    "并据此重算预算执行得分",
                )
            ]
        return []


class R123(ProjectRule):
    """自评得分高于评分规则：定量指标或预算执行的得分高于按完成值计算的分数。

    ≥ 指标未完成时按“实际值 ÷ 指标值 × 分值”，≤ 指标超出时按超出比例扣分，预算执行按
    “执行率 × 分值”（domain.md §6，jixiao.core.evaluation）；定性指标的得分由评价人在
    档次内确定，不检查。

    **不合格**：“接待参观人次≥10000人次”完成 8000 人次，分值 20，得分 18（应为 16）。
    **合格**：得分 16。
    """

    code = "R123"
    needs = SELF_EVALUATION
    name = "selfeval.score-above-rules"
    category = "一致性"
    severity = "warning"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        if not _scored_table(ctx):
            return []
        out: list[Finding] = []
        ex = project.execution
        if (
            ex is not None
            and ex.score is not None
            and ex.executed is not None
            and ex.budget_adjusted is not None
            and ex.budget_adjusted > 0
        ):
            weight = ex.weight if ex.weight is not None else DEFAULT_CONFIG.budget_weight
            due = budget_share(ex.budget_adjusted, ex.executed) * weight
            if ex.score - due > TOLERANCE and ex.score <= weight:
                out.append(
                    self.at(
                        project,
                        None,
                        "execution.score",
                        f"预算执行得分 {_num(ex.score)} 高于按执行率计算的 {due:.2f}",
                        "预算执行得分 = 执行数 ÷ 全年预算数 × 分值（最高为分值），按此重算",
                    )
                )
        for n, ind in enumerate(project.indicators, 1):
            if not _scored(ind):
                continue
            found = _expected(ind)
            if found is None:
                continue
            due = found[0]
            assert ind.score is not None and ind.weight is not None
            if ind.score - due > TOLERANCE and ind.score <= ind.weight:
                out.append(
                    self.at(
                        project,
                        n,
                        "indicator.score",
                        f"指标{quote(ind.name)}指标值{quote(ind.target.text)}、实际完成值"
                        f"{quote(ind.actual)}，得分 {_num(ind.score)} 高于按评分规则计算的 "
                        f"{due:.2f}",
                        "未完成的定量指标按完成比例计分（≥ 指标：实际值 ÷ 指标值 × 分值），"
                        "按此重算得分，并说明偏差原因",
                    )
                )
        return out


class R124(ProjectRule):
    """自评偏差原因缺失：定量指标没有完成或大幅超额（≥130%），却没有写偏差原因分析及改进措施。

    只在自评表写了偏差原因一栏（文档中有指标写了偏差原因）时检查。

    **不合格**：“接待参观人次≥10000人次”完成 8000 人次（或 20000 人次），偏差原因为空。
    **合格**：偏差原因“客流恢复慢，下一步加强宣传”。
    """

    code = "R124"
    needs = SELF_EVALUATION
    name = "selfeval.reason-missing"
    category = "完整性"
    severity = "warning"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        if not _scored_table(ctx):
            return []
        out: list[Finding] = []
        if not _has_reasons(ctx):
            return out
        for n, ind in enumerate(project.indicators, 1):
            if (ind.deviation_reason or "").strip():
                continue
            found = _expected(ind)
            if found is None:
                continue
            if not found[1]:
                what, fix = "未完成", "写明未完成的原因和下一步的改进措施"
            elif found[2]:
                what, fix = (
                    f"超过指标值 {DEFAULT_CONFIG.overachievement_percent - 100}% 以上",
                    "说明超额的原因（指标值是否定得过低），并在下一年度调整指标值",
                )
            else:
                continue
            out.append(
                self.at(
                    project,
                    n,
                    "indicator.deviation_reason",
                    f"指标{quote(ind.name)}指标值{quote(ind.target.text)}、实际完成值"
                    f"{quote(ind.actual)}，{what}却没有偏差原因",
                    f"在“偏差原因分析及改进措施”中{fix}",
                )
            )
        return out


_SCORED = "selfeval.scored"


def _scored_table(ctx: Context) -> bool:
    """Whether the document states any score, weight or 预算执行 line (a self-evaluation
    table): once per document, so goal tables cost the rules one look."""
    found = ctx.shared.get(_SCORED)
    if found is None:
        found = ctx.shared[_SCORED] = any(
            p.execution is not None
            or any(i.score is not None or i.weight is not None for i in p.indicators)
            for p in ctx.doc.projects
        )
    return bool(found)


_REASONS = "selfeval.reasons"


def _has_reasons(ctx: Context) -> bool:
    """Whether the document writes a deviation reason anywhere (it has the column)."""
    found = ctx.shared.get(_REASONS)
    if found is None:
        found = ctx.shared[_REASONS] = any(
            (i.deviation_reason or "").strip() for p in ctx.doc.projects for i in p.indicators
        )
    return bool(found)


class R125(ProjectRule):
    """自评执行数超过全年预算数：支出超出预算，执行率超过 100%。

    **不合格**：全年预算数 45、全年执行数 60。
    **合格**：全年执行数 45 以内。
    """

    code = "R125"
    needs = SELF_EVALUATION
    name = "selfeval.executed-over-budget"
    category = "一致性"
    severity = "error"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        ex = project.execution
        if ex is None or ex.executed is None or ex.budget_adjusted is None:
            return []
        if ex.budget_adjusted <= 0 or ex.executed <= ex.budget_adjusted:
            return []
        unit = ctx.doc.money_unit
        return [
            self.at(
                project,
                None,
                "execution.executed",
                f"全年执行数 {_num(ex.executed)}{unit} 超过全年预算数 "
                f"{_num(ex.budget_adjusted)}{unit}",
                "核对执行数和调整后的全年预算数：支出不能超过预算，超出部分应先调整预算",
            )
        ]


#: An actual value written as a target: a comparator before the number (≥266米, 不低于90%).
_AS_TARGET = ("<", "<=", ">", ">=")


class R126(ProjectRule):
    """自评实际完成值写成了指标值：带“≥”“≤”等比较符，不是实际达到的数值。

    **不合格**：指标值“≥266米”，实际完成值“≥266米”。
    **合格**：实际完成值“270米”。
    """

    code = "R126"
    needs = SELF_EVALUATION
    name = "selfeval.actual-as-target"
    category = "规范性"
    severity = "warning"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        if not _scored_table(ctx):
            return []
        out: list[Finding] = []
        for n, ind in enumerate(project.indicators, 1):
            text = (ind.actual or "").strip()
            if not text:
                continue
            said = parse_target(text)
            if said.comparator not in _AS_TARGET or said.value is None:
                continue
            out.append(
                self.at(
                    project,
                    n,
                    "indicator.actual",
                    f"指标{quote(ind.name)}的实际完成值{quote(text)}写成了指标值的形式，"
                    "不是实际达到的数值",
                    f"填写实际达到的数值和单位，如“{_num(said.value)}{said.unit or ''}”，"
                    "再与指标值比较计分",
                )
            )
        return out
