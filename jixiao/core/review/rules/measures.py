"""Measure rules: targets of a plausible size for the money, and timeliness measured in time."""

from __future__ import annotations

import datetime
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
    AT_LEAST_ZERO,
    ATYPICAL,
    COUNT_UNIT,
    DEADLINE,
    DONE,
    DURATION_UNITS,
    FLOOR_DURATION,
    MIDTERM,
    MONEY_TARGET,
    MONEY_TARGETS,
    OUTPUT,
    QUALITATIVE,
    QUANTITY,
    RANGE_REVERSED,
    TIMELINESS,
    UNIT_CLASH,
    VALUE,
    YEAR,
    ZERO_COSTS,
    Facts,
    uses_defaults,
)
from jixiao.core.review.rules._library import Typical, typical_for
from jixiao.core.review.rules._util import alternation, is_cost, key, level, quote
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
    #: A row outside its typical range, or history given (`ATYPICAL`).
    needs = ATYPICAL

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

    **不合格**：“服务对象人数≥5万元”，“设备购置总成本≤80%”，“验收合格率≥95万元”，
    成本指标“项目总成本≤5人”。
    **合格**：“服务对象人数≥500人”，“设备购置总成本≤80万元”，“验收合格率≥95%”。
    """

    code = "R105"
    needs = VALUE
    name = "measure.unit-mismatch"
    category = "适当性"
    severity = "warning"
    thresholds = ("rate_words", "count_words", "count_units")

    def configure(self, t: Any) -> None:
        self.rate = alternation(t["rate_words"])
        self.count = alternation(t["count_words"])
        self.count_units = frozenset(t["count_units"])
        if uses_defaults(t, "count_units"):
            # `UNIT_CLASH` reads the default count units (a cost in heads or pieces).
            self.needs = VALUE | UNIT_CLASH
        # A rate's name ends in its rate word (a unit in brackets may follow).
        self.rate_last = re.compile(f"(?:{self.rate.pattern})\\s*(?:[(（][^()（）]*[)）])?\\s*$")
        #: `_kinds` once per distinct name (a corpus repeats names under many targets).
        self.kinds = lru_cache(maxsize=16384)(self._kinds)

    def _kinds(self, name: str) -> tuple[bool, bool, bool, bool]:
        """Whether ``name`` is a rate's, holds a count word, is an amount's (`AMOUNT`) and
        states something done (`DONE`)."""
        count = bool(self.count.search(name))
        rate = bool(self.rate_last.search(name)) or (bool(self.rate.search(name)) and not count)
        return rate, count, bool(AMOUNT.search(name)), bool(DONE.search(name))

    def check(self, f: Facts) -> Hit | None:
        t, name = f.target, f.name
        if t.value is None or not t.unit:
            return None
        money = t.unit in STATED_UNITS
        if not money and not f.is_percent:
            if f.is_cost and t.unit in self.count_units and self.kinds(name)[2]:
                # A cost in heads or pieces (项目总成本≤5人): a count filed as a cost.
                return (
                    "indicator.target",
                    f"金额型指标{quote(name)}的指标值{quote(t.text)}计量单位不符",
                    f"成本写金额单位，如“≤{_num(t.value)}万元”；个数列为数量指标",
                )
            return None
        rate, count, amount, done = self.kinds(name)
        if money and rate:
            what, fix = "比率", "比率写百分比，如“≥95%”"
        elif money and count:
            what, fix = "计数", "计数写个数和计数单位，如“≥500人”“=8件”"
        elif f.is_percent and not rate and amount and not done:
            what, fix = "金额", f"金额写金额单位，如“≤{t.value}万元”"
        elif money and f.l2 == "数量指标":
            # An amount as the output (购置设备≥50万元, 综合收入≥280亿元): money is what
            # goes in (a cost) or an economic effect, not how much was produced.
            return (
                "indicator.target",
                f"数量指标{quote(name)}的指标值{quote(t.text)}是金额，不是产出的数量",
                "数量指标写产出的个数，如“购置设备≥5台”；金额上限列为成本指标，"
                "收入等经济结果列为经济效益指标",
            )
        else:
            return None
        return (
            "indicator.target",
            f"{what}型指标{quote(name)}的指标值{quote(t.text)}计量单位不符",
            fix,
        )


class R106(ProjectRule):
    """时效指标的期限晚于本年度：年度绩效目标的完成时间不应在下一年。

    期间（“2023.07-2024.01”）以起始时间为准；项目名称、资金用途或绩效目标写明项目跨年
    （“2020-2021年度松材线虫病除治”）时，实施期内的期限不报告；文档年度不明时不检查。

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
        span_end: int | None = None
        for n, ind in enumerate(project.indicators, 1):
            text = ind.target.text
            if not text or not YEAR.search(text):
                continue
            years = [int(y) for y in YEAR.findall(text)]
            when = years[0] if _PERIOD.search(text) and len(years) > 1 else max(years)
            if when <= year:
                continue
            if span_end is None:
                span_end = _span_end(project, year)
            if when > span_end:
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


def _span_end(project: Project, year: int) -> int:
    """The last year of a period that the project's name, purpose or goals say it runs over
    and that holds ``year`` (``2020-2021年度松材线虫病除治``, ``2022年3月-2023年11月``);
    ``year`` when they state none."""
    end = year
    for text in (project.name, project.purpose, *project.goals):
        for a, b in _SPAN.findall(text or ""):
            if int(a) <= year <= int(b):
                end = max(end, int(b))
    return end


#: A period of years in a project's texts: ``2020-2021``, ``2022年3月-2023年11月``.
_SPAN = re.compile(
    r"((?:19|20)\d{2})\s*(?:年(?:\s*\d{1,2}\s*月)?)?\s*[-—－~～至到]\s*((?:19|20)\d{2})"
)
#: Two dates joined as a period.
_PERIOD = re.compile(r"\d\s*(?:[-—－~～至到])\s*(?:19|20)\d{2}")


class R107(ProjectRule):
    """时效指标的期限早于本年度：年度绩效目标的完成时间在上一年或更早。

    期间（“2021.10-2022.06”）以结束时间为准；文档年度不明时不检查。

    **不合格**：2022 年度目标表中时效指标“项目完成时间”“2021年6月30日前”。
    **合格**：“2022年6月30日前”。
    """

    code = "R107"
    needs = DEADLINE
    name = "measure.deadline-before-year"
    category = "一致性"
    severity = "warning"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        out: list[Finding] = []
        year = ctx.doc.year
        if not year:
            return out
        for n, ind in enumerate(project.indicators, 1):
            text = ind.target.text
            if not text or level(ind.level2) != "时效指标" or not YEAR.search(text):
                continue
            if max(int(y) for y in YEAR.findall(text)) < year:
                out.append(
                    self.at(
                        project,
                        n,
                        "indicator.target",
                        f"时效指标{quote(ind.name)}的期限{quote(text)}早于 {year} 年度",
                        f"写本年度内的期限，如“{year}年12月31日前”；上一年的日期多是沿用旧表未改",
                    )
                )
        return out


#: Excel's day numbers of 2000-01-01 and 2049-12-31: a 时效指标 holding one is a date cell
#: read as its number.
_SERIAL_FROM, _SERIAL_TO = 36526, 54789
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


class R108(IndicatorRule):
    """时效指标的指标值是 Excel 日期序号（“44561”），不是日期。

    **不合格**：时效指标“项目完成时间”指标值“44561”（即 2021年12月31日）。
    **合格**：“2021年12月31日前”。
    """

    code = "R108"
    needs = TIMELINESS | VALUE
    name = "measure.date-serial"
    category = "规范性"
    severity = "warning"

    def check(self, f: Facts) -> Hit | None:
        t = f.target
        if f.l2 != "时效指标" or t.value is None or t.upper is not None:
            return None
        if t.unit not in (None, "日", "号") or t.value != t.value.to_integral_value():
            return None
        if not _SERIAL_FROM <= t.value <= _SERIAL_TO:
            return None
        day = _EXCEL_EPOCH + datetime.timedelta(days=int(t.value))
        when = f"{day.year}年{day.month}月{day.day}日"
        return (
            "indicator.target",
            f"时效指标{quote(f.ind.name)}的指标值{quote(t.text)}是 Excel 日期序号（即 {when}），"
            "不是日期",
            f"写成日期，如“{when}前”；表格中把日期单元格设为文本或日期格式后再填报",
        )


#: A 时效 name about a time limit (lower is better), not an amount of time provided.
_TIME_LIMIT = re.compile(
    r"时限|用时|周期|期限|(?:响应|办结|处置|到达|完成|办理|审批|受理|修复)时间"
)
_DURATION_UNITS = DURATION_UNITS


class R109(IndicatorRule):
    """时限的指标性质方向反了：办理、处置、完成的时限用了“≥”（越短越好，应为“≤”）。

    **不合格**：“问题处置时限≥30天”。
    **合格**：“问题处置时限≤30天”；“培训时长≥40小时”（提供的时长，越多越好）。
    """

    code = "R109"
    needs = VALUE | FLOOR_DURATION
    name = "measure.time-limit-direction"
    category = "适当性"
    severity = "error"

    def check(self, f: Facts) -> Hit | None:
        t = f.target
        if t.comparator not in (">=", ">") or t.unit not in _DURATION_UNITS or t.value is None:
            return None
        if not _TIME_LIMIT.search(f.name):
            return None
        return (
            "indicator.target",
            f"指标{quote(f.ind.name)}是时限，越短越好，指标值{quote(t.text)}却用了“≥”",
            f"时限用“≤”表示最长期限，如“≤{_num(t.value)}{t.unit}”",
        )


class R114(IndicatorRule):
    """指标值“≥0”：不论完成与否都达到，衡量不了任何产出或效果。

    **不合格**：“培训人数≥0人”“覆盖率≥0%”。
    **合格**：“培训人数≥120人”；“安全事故次数=0次”（要求为零）。
    """

    code = "R114"
    needs = VALUE | AT_LEAST_ZERO
    name = "measure.always-met"
    category = "适当性"
    severity = "warning"

    def check(self, f: Facts) -> Hit | None:
        t = f.target
        if t.comparator != ">=" or t.value != 0 or t.upper is not None or f.is_cost:
            return None
        return (
            "indicator.target",
            f"指标{quote(f.ind.name)}的指标值{quote(t.text)}不论完成与否都能达到",
            "按计划和以往年度的完成情况写出要达到的数值，如“≥120人”“≥90%”；要求为零的写“=0”",
        )


#: A count better low (``超期人数``, ``安全事故次数``): a ceiling on it is right.
_LOWER_BETTER_COUNT = re.compile(
    r"事故|投诉|差错|隐患|违规|违纪|不合格|返工|故障|退回|整改|案件|信访|上访|失误|损坏|纠纷|"
    r"超期|逾期|滞留|闲置|积压|流失|死亡|伤亡|发生|扣|罚|等待|排队|空置|停|拖欠|欠|"
    r"成本|费用|经费|支出|人均|单价|上限|不超过|控制"
)


class R115(IndicatorRule):
    """数量指标设了上限：产出的个数用了“≤”，完成得越多反而越不达标。

    **不合格**：数量指标“培训人数≤100人”。
    **合格**：“培训人数≥100人”；“安全事故次数≤1次”（越少越好的个数）。
    """

    code = "R115"
    needs = OUTPUT | QUANTITY | VALUE
    name = "measure.output-count-ceiling"
    category = "适当性"
    severity = "warning"
    thresholds = ("count_units",)

    def configure(self, t: Any) -> None:
        self.units = frozenset(t["count_units"])

    def check(self, f: Facts) -> Hit | None:
        t = f.target
        # Under 产出指标 only (`needs` OUTPUT): the engine never asked it elsewhere.
        if f.l1 != "产出指标" or f.l2 != "数量指标" or t.comparator not in ("<", "<="):
            return None
        if t.unit not in self.units:
            return None
        if not t.value or _LOWER_BETTER_COUNT.search(f.name + f.description):
            return None
        return (
            "indicator.target",
            f"数量指标{quote(f.ind.name)}的指标值{quote(t.text)}用了“≤”：完成得越多反而越不达标",
            f"产出数量写要达到的下限，如“≥{_num(t.value)}{t.unit}”；确需控制上限的写明原因",
        )


class R116(IndicatorRule):
    """指标值的区间颠倒：下限大于上限（“95%-80%”）。

    **不合格**：“95%-80%”。
    **合格**：“80%-95%”。
    """

    code = "R116"
    needs = VALUE | RANGE_REVERSED
    name = "measure.range-reversed"
    category = "规范性"
    severity = "warning"

    def check(self, f: Facts) -> Hit | None:
        t = f.target
        if t.value is None or t.upper is None or t.upper >= t.value:
            return None
        u = t.unit or ""
        return (
            "indicator.target",
            f"指标值{quote(t.text)}的区间颠倒：下限 {_num(t.value)} 大于上限 {_num(t.upper)}",
            f"区间写成“下限-上限”，如“{_num(t.upper)}{u}-{_num(t.value)}{u}”",
        )


#: A cost that is the project's total (项目总成本, 成本合计): it holds the others.
_TOTAL_COST = re.compile(r"总|合计|全部|整体|项目成本|预算")


class R117(ProjectRule):
    """分项成本指标合计超过项目预算数：各项成本都不超预算，加起来却超过。

    不计人均、单价等单位成本和“项目总成本”这类合计项。

    **不合格**：预算 5 万元，“物资采购成本≤4万元”“人员劳务成本≤4万元”。
    **合格**：“物资采购成本≤3万元”“人员劳务成本≤2万元”。
    """

    code = "R117"
    needs = MONEY_TARGET | MONEY_TARGETS
    name = "measure.costs-over-budget"
    category = "一致性"
    severity = "warning"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        total = project.budget.total
        if total is None or total <= 0:
            return []
        parts: list[tuple[str, Decimal]] = []
        for ind in project.indicators:
            t, name = ind.target, ind.name or ""
            if t.value is None or t.unit not in STATED_UNITS or not is_cost(ind):
                continue
            if t.comparator not in ("<=", "<", "=", None) or t.upper is not None:
                continue
            if any(w in name for w in _PER_UNIT) or _TOTAL_COST.search(name):
                continue
            amount = convert(t.value, t.unit, ctx.doc.money_unit)
            if amount > total:
                return []  # one cost alone is over: R101's finding
            parts.append((name, amount))
        whole = sum((a for _, a in parts), Decimal(0))
        if len(parts) < 2 or whole <= total:
            return []
        unit = ctx.doc.money_unit
        return [
            self.at(
                project,
                None,
                "indicators",
                f"成本指标{'、'.join(quote(n) for n, _ in parts)}合计 {_num(whole)}{unit}，"
                f"超过项目预算数 {total}{unit}",
                f"各项成本按预算支出标准测算，合计不超过预算数 {total}{unit}",
            )
        ]


#: The most of each duration unit that fits in a year.
_YEAR_IN = {
    "天": 366,
    "日": 366,
    "工作日": 366,
    "个工作日": 366,
    "周": 53,
    "月": 12,
    "个月": 12,
    "年": 1,
}


class R119(IndicatorRule):
    """年度时效指标的时限超过一年：年度目标的完成期限不应长于一年。

    **不合格**：时效指标“项目完成时限≤18个月”。
    **合格**：“项目完成时限≤10个月”；跨年度的写实施期目标。
    """

    code = "R119"
    needs = TIMELINESS | VALUE
    name = "measure.time-limit-over-year"
    category = "适当性"
    severity = "warning"

    def check(self, f: Facts) -> Hit | None:
        t = f.target
        if f.l2 != "时效指标" or t.comparator not in ("<", "<=", "=", None) or t.value is None:
            return None
        most = _YEAR_IN.get(t.unit or "")
        if most is None or t.value <= most:
            return None
        return (
            "indicator.target",
            f"时效指标{quote(f.ind.name)}的时限{quote(t.text)}超过一年",
            "年度目标写本年度内能完成的时限（如“≤10个月”）；跨年度的事项写实施期目标",
        )


#: A cost rightly capped at 0: an overrun, a loss, waste.
_ZERO_OK = re.compile(r"超支|超出|超预算|结余|损失|浪费|违规|罚|赔")


class R127(ProjectRule):
    """成本指标的上限为 0：项目有预算，成本却要求为零（也没有别的成本指标承担支出）。

    **不合格**：预算 5 万元，唯一的成本指标“项目总成本≤0万元”。
    **合格**：“项目总成本≤5万元”；各项成本之一为 0（“办公费总成本=0万元”，别的成本承担了支出）；
    “超支金额=0万元”（要求不超支）。
    """

    code = "R127"
    #: A cost capped at 0 in money on some row (`ZERO_COSTS`): only then can it fire.
    needs = MONEY_TARGET | ZERO_COSTS
    name = "measure.zero-cost"
    category = "适当性"
    severity = "warning"

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        total = project.budget.total
        if total is None or total <= 0:
            return []
        zero: list[tuple[int, Indicator]] = []
        for n, ind in enumerate(project.indicators, 1):
            t = ind.target
            if not is_cost(ind) or t.value is None or t.unit not in STATED_UNITS:
                continue
            if t.value > 0:
                return []  # another cost carries the spending
            if t.comparator in ("<=", "<", "=") and not _ZERO_OK.search(ind.name or ""):
                zero.append((n, ind))
        return [
            self.at(
                project,
                n,
                "indicator.target",
                f"成本指标{quote(ind.name)}的指标值{quote(ind.target.text)}为零，"
                f"项目预算却有 {total}{ctx.doc.money_unit}",
                f"按预算支出标准测算成本上限，如“≤{total}{ctx.doc.money_unit}”；"
                "要求不超支的写“超支金额=0万元”",
            )
            for n, ind in zero
        ]


#: A date, a duration or a rate: what a 时效指标 measures with.
_TIME_MEASURE = re.compile(
    r"\d|[一二三四五六七八九十]+(?:月|日|天|季度)|年底|年末|月底|季末|上半年|下半年"
)


class R128(IndicatorRule):
    """时效指标的指标值没有时间：只写“及时”“按时完成”，没有日期、时限或比率。

    **不合格**：时效指标“资金拨付时间”指标值“及时”。
    **合格**：“2022年6月30日前”“≤30天”“资金按时拨付率≥90%”。
    """

    code = "R128"
    needs = TIMELINESS
    name = "measure.timeliness-without-time"
    category = "适当性"
    severity = "warning"

    def check(self, f: Facts) -> Hit | None:
        t = f.target
        if f.l2 != "时效指标" or f.is_blank or t.value is not None:
            return None
        if _TIME_MEASURE.search(t.text):
            return None
        return (
            "indicator.target",
            f"时效指标{quote(f.ind.name)}的指标值{quote(t.text)}没有日期、时限或比率",
            "写明时间节点或时限，如“2022年6月30日前”“≤30天”，或写成比率“按时完成率≥95%”",
        )
