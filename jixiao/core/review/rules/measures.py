"""Measure rules: targets of a plausible size for the money, and timeliness measured in time."""

from __future__ import annotations

import re
import statistics
from decimal import Decimal
from functools import lru_cache
from typing import Any

from jixiao.core.amounts import STATED_UNITS, convert
from jixiao.core.model import Indicator, Project, Target
from jixiao.core.review.finding import Finding
from jixiao.core.review.rule import HISTORY, Context, Hit, IndicatorRule, ProjectRule
from jixiao.core.review.rules._facts import (
    AMOUNT,
    COUNT_UNIT,
    DEADLINE,
    DONE,
    MIDTERM,
    MONEY_TARGET,
    QUALITATIVE,
    QUANTITY,
    TIMELINESS,
    UNIT_CLASH,
    VALUE,
    YEAR,
    Facts,
    uses_defaults,
)
from jixiao.core.review.rules._library import Typical, typical_for
from jixiao.core.review.rules._util import alternation, is_cost, key, quote
from jixiao.core.targets import parse_target

#: The comparators of a target R100 judges (a floor or an exact value).
_AT_LEAST = (">=", ">", "=")
_PER_UNIT = (
    "人均",
    "单位",
    "每人",
    "每个",
    "每次",
    "每台",
    "每户",
    "每处",
    "每件",
    "每平方米",
    "单台",
    "单价",
    "单次",
    "户均",
    "/",
)


@lru_cache(maxsize=16384)
def _per_unit(name: str) -> bool:
    """Whether a name is of a cost per person, item or time (``人均``, ``单价``), once per
    distinct name."""
    return any(w in name for w in _PER_UNIT)


def _num(d: Decimal) -> str:
    return format(d.normalize(), "f")


class R100(ProjectRule):
    """指标值不合常理：远低于或高于同类指标的常见值，或数量与预算不相称。

    依据指标库中按指标类型和计量单位给出的常见范围；审核时传入了本地区同名指标以往
    批复的指标值（history）时，按其中位数和离散程度判断，并说明常见值是多少。

    **不合格**：“服务对象满意度≥30%”；房屋租赁预算 52 万元，“办公场所租用数量≥100”。
    **合格**：“服务对象满意度≥90%”；“办公场所租用数量=3处”。
    """

    code = "R100"
    name = "measure.implausible"
    category = "适当性"
    severity = "warning"
    thresholds = ("history_min_values", "history_spread")

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        history = ctx.shared.get(HISTORY) or {}
        budget: Decimal | None = None
        converted = False  # the budget in 万元, when first needed
        n = 0
        for ind in project.indicators:
            n += 1
            t = ind.target
            if t.value is None or t.comparator not in _AT_LEAST:
                continue
            why = self._history(history, ind) if history else None
            if why is None:
                # Most rows name no typical measure: look that up before anything else.
                typical = typical_for(ind.name, t.unit)
                if typical is None:
                    continue
                if not converted:
                    converted = True
                    budget = project.budget.total
                    if budget is not None:
                        budget = convert(budget, ctx.doc.money_unit, "万元")
                why = self._table(t, typical, budget)
                if why is None:
                    continue
            out.append(
                self.at(
                    project,
                    n,
                    "indicator.target",
                    f"指标{quote(ind.name)}的指标值{quote(t.text)}不合常理：{why[0]}",
                    f"按{why[1]}重新测算指标值，并在指标值确定依据中写明依据",
                )
            )
        return out

    def _history(self, history: Any, ind: Indicator) -> tuple[str, str] | None:
        values = history.get((key(ind.name), ind.target.unit or ""))
        if not values or len(values) < self.t["history_min_values"]:
            return None
        mid = statistics.median(values)
        spread = statistics.median([abs(v - mid) for v in values]) or abs(mid) / 10 or 1
        k = Decimal(self.t["history_spread"])
        low, high = mid - k * spread, mid + k * spread
        value = ind.target.value
        assert value is not None
        if low <= value <= high:
            return None
        unit = ind.target.unit or ""
        return (
            f"本地区同名指标以往批复的指标值中位数为 {_num(mid)}{unit}，"
            f"常见范围 {_num(max(low, min(values)))}–{_num(min(high, max(values)))}{unit}",
            "以往年度同类指标的实际水平（历史标准）",
        )

    def _table(self, t: Target, typical: Typical, budget: Decimal | None) -> tuple[str, str] | None:
        assert t.value is not None
        if typical.unit == "%":
            if t.value >= typical.low:
                return None  # above 100% is R024's business
            return (
                f"{typical.kind}指标通常在 {_num(typical.low)}%–{_num(typical.high)}% 之间",
                "以往年度的实际水平或行业标准",
            )
        if typical.item_cost is not None and budget is not None and budget > 0:
            most = (budget / typical.item_cost).to_integral_value(rounding="ROUND_FLOOR")
            if t.value > max(most, typical.low):
                return (
                    f"预算 {_num(budget)} 万元，按{typical.kind}每个至少 "
                    f"{_num(typical.item_cost)} 万元/年计，最多约 {_num(most)} 个",
                    "预算和实际需要",
                )
        if t.value > typical.high:
            return (
                f"{typical.kind}的数量通常在 {_num(typical.low)}–{_num(typical.high)} 之间",
                "实际需要",
            )
        return None


class R101(ProjectRule):
    """成本指标的金额超过项目预算数。

    **不合格**：预算 5.00 万元，成本指标“防汛物资采购成本≤8万元”。
    **合格**：“防汛物资采购成本≤5万元”。
    """

    code = "R101"
    needs = MONEY_TARGET
    name = "measure.cost-over-budget"
    category = "一致性"
    severity = "error"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        total = project.budget.total
        if total is None or total <= 0:
            return out  # a budget of 0 is R072's defect: nothing to compare with
        for n, ind in enumerate(project.indicators, 1):
            t, name = ind.target, ind.name or ""
            if t.value is None or t.unit not in STATED_UNITS:
                continue
            if not (is_cost(ind) or "成本" in name) or _per_unit(name):
                continue
            amount = convert(t.value, t.unit, ctx.doc.money_unit)
            if amount > total:
                out.append(
                    self.at(
                        project,
                        n,
                        "indicator.target",
                        f"成本指标{quote(name)}的指标值{quote(t.text)}超过项目预算数 "
                        f"{total}{ctx.doc.money_unit}",
                        f"成本不超过预算：按预算支出标准测算，如“≤{total}{ctx.doc.money_unit}”",
                    )
                )
        return out


class R102(IndicatorRule):
    """时效指标的指标值是个数，而不是日期、时长或比率。

    **不合格**：时效指标“工资发放及时性”，指标值“≥12次”。
    **合格**：“工资于每月15日前发放”，或“工资按时发放率=100%”“整改完成时间≤7天”。
    """

    code = "R102"
    needs = TIMELINESS
    name = "measure.timeliness-count"
    category = "适当性"
    severity = "warning"
    thresholds = ("count_units",)

    def configure(self, t: Any) -> None:
        self.count_units = frozenset(t["count_units"])
        if uses_defaults(t, "count_units"):
            self.needs = TIMELINESS | COUNT_UNIT

    def check(self, f: Facts) -> Hit | None:
        t = f.target
        if t.unit is None or t.unit not in self.count_units:
            return None
        if f.l2 != "时效指标":
            return None
        return (
            "indicator.target",
            f"时效指标{quote(f.ind.name)}的指标值{quote(t.text)}是个数，不能反映是否及时",
            "时效指标写完成时限、时长或及时率，如“资金按计划节点支付率≥90%”“≤7天”",
        )


class R103(IndicatorRule):
    """数量指标的指标值没有数值（“按计划完成”“达标”），衡量不了完成多少。

    **不合格**：数量指标“购买防汛物资数量”，指标值“按计划完成”。
    **合格**：“购买防汛物资数量≥200件”。
    """

    code = "R103"
    needs = QUALITATIVE | QUANTITY
    name = "measure.count-without-number"
    category = "适当性"
    severity = "warning"
    thresholds = ("vague_target_words",)

    def configure(self, t: Any) -> None:
        self.vague = alternation(t["vague_target_words"])

    def check(self, f: Facts) -> Hit | None:
        t = f.target
        if t.comparator != "qualitative" or f.l2 != "数量指标":
            return None
        text = t.text.strip()
        # A placeholder (—, /) is no target at all; vague wording is R029's.
        if not _CJK.search(text) or self.vague.search(text):
            return None
        return (
            "indicator.target",
            f"数量指标{quote(f.ind.name)}的指标值{quote(text)}没有数值，衡量不了完成多少",
            "数量指标写明性质、数量和计量单位，如“≥200件”“=8人”",
        )


class R104(ProjectRule):
    """年度指标值超过同一指标的中期（实施期）指标值：一年要完成的比整个实施期还多。

    Only for amounts that add up over the years (counts, money, area…): not for rates,
    durations or unit costs, where the year's value may rightly differ either way.

    **不合格**：年度“购置设备台数≥40台”，实施期“≥30台”。
    **合格**：年度“≥12台”，实施期“≥30台”。
    """

    code = "R104"
    needs = MIDTERM
    name = "measure.annual-over-midterm"
    category = "一致性"
    severity = "warning"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        for n, ind in enumerate(project.indicators, 1):
            if not ind.midterm:
                continue
            t, m = ind.target, parse_target(ind.midterm)
            if t.value is None or m.value is None or not t.unit or t.unit != m.unit:
                continue
            name = ind.name or ""
            if not _cumulative(t.unit) or any(w in name for w in _PER_UNIT) or "率" in name:
                continue
            if t.value > m.value:
                out.append(
                    self.at(
                        project,
                        n,
                        "indicator.target",
                        f"指标{quote(name)}的年度指标值{quote(t.text)}超过中期（实施期）"
                        f"指标值{quote(ind.midterm)}",
                        "年度指标值是实施期目标当年要完成的部分，不应超过实施期指标值；"
                        "核对两者的口径和数值",
                    )
                )
        return out


_CJK = re.compile(r"[\u4e00-\u9fff]")
#: Units of a duration, a share or a ratio: a year's value of these does not add up.
_NOT_CUMULATIVE = ("%", "‰", "/", "天", "日", "月", "年", "小时", "分钟", "秒", "周", "季度", "倍")


def _cumulative(unit: str) -> bool:
    return not any(w in unit for w in _NOT_CUMULATIVE)


class R105(IndicatorRule):
    """指标值的计量单位与指标的性质不符：计数用了金额单位，金额用了百分比，比率用了金额单位。

    **不合格**：“服务对象人数≥5万元”，“设备购置总成本≤80%”，“验收合格率≥95万元”。
    **合格**：“服务对象人数≥500人”，“设备购置总成本≤80万元”，“验收合格率≥95%”。
    """

    code = "R105"
    needs = VALUE | UNIT_CLASH
    name = "measure.unit-mismatch"
    category = "适当性"
    severity = "warning"
    thresholds = ("rate_words", "count_words")

    def configure(self, t: Any) -> None:
        self.rate = alternation(t["rate_words"])
        self.count = alternation(t["count_words"])
        # A rate's name ends in its rate word (a unit in brackets may follow).
        self.rate_last = re.compile(f"(?:{self.rate.pattern})\\s*(?:[(（][^()（）]*[)）])?\\s*$")

    def check(self, f: Facts) -> Hit | None:
        t, name = f.target, f.name
        if t.value is None or not t.unit:
            return None
        money = t.unit in STATED_UNITS
        if not money and not f.is_percent:
            return None
        rate = bool(self.rate_last.search(name)) or (
            bool(self.rate.search(name)) and not self.count.search(name)
        )
        if money and rate:
            what, fix = "比率", "比率写百分比，如“≥95%”"
        elif money and self.count.search(name):
            what, fix = "计数", "计数写个数和计数单位，如“≥500人”“=8件”"
        elif f.is_percent and not rate and AMOUNT.search(name) and not DONE.search(name):
            what, fix = "金额", f"金额写金额单位，如“≤{t.value}万元”"
        else:
            return None
        return (
            "indicator.target",
            f"{what}型指标{quote(name)}的指标值{quote(t.text)}计量单位不符",
            fix,
        )


class R106(ProjectRule):
    """时效指标的期限晚于本年度：年度绩效目标的完成时间不应在下一年。

    期间（“2023.07-2024.01”）以起始时间为准；文档年度不明时不检查。

    **不合格**：2022 年度目标表中“项目完成时间”“2023年6月30日前”。
    **合格**：“2022年12月31日前”。
    """

    code = "R106"
    needs = DEADLINE
    name = "measure.deadline-after-year"
    category = "一致性"
    severity = "warning"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        year = ctx.doc.year
        if not year:
            return out
        for n, ind in enumerate(project.indicators, 1):
            text = ind.target.text
            if not text or not YEAR.search(text):
                continue
            years = [int(y) for y in YEAR.findall(text)]
            when = years[0] if _PERIOD.search(text) and len(years) > 1 else max(years)
            if when > year:
                out.append(
                    self.at(
                        project,
                        n,
                        "indicator.target",
                        f"指标{quote(ind.name)}的期限{quote(text)}晚于 {year} 年度",
                        f"年度目标写本年度内的期限，如“{year}年12月31日前”；跨年的事项写实施期目标",
                    )
                )
        return out


#: Two dates joined as a period.
_PERIOD = re.compile(r"\d\s*(?:[-—－~～至到])\s*(?:19|20)\d{2}")
