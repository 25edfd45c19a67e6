"""Target rules: every 指标值 has a comparator, a number, a unit and a sensible size."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any, ClassVar

from jixiao.core.review.rule import Hit, IndicatorRule
from jixiao.core.review.rules._facts import (
    BLANK,
    COUNT_NAME,
    COUNT_UNIT,
    DIRECTION,
    FULL_MARKS,
    NO_COMPARATOR,
    NO_UNIT,
    OVER_100,
    QUALITATIVE,
    RATE_NAME,
    SATISFACTION,
    UNPARSED,
    VALUE,
    Facts,
    uses_defaults,
)
from jixiao.core.review.rules._util import alternation, framework_level1, quote

_HUNDRED = Decimal(100)
_LOWER = ("<", "<=")


class R020(IndicatorRule):
    """指标值为空。

    **不合格**：服务对象满意度，指标值“”。
    **合格**：服务对象满意度，指标值“≥90%”。
    """

    code = "R020"
    needs = BLANK
    name = "target.blank"
    category = "完整性"
    severity = "error"

    def check(self, f: Facts) -> Hit | None:
        if not f.is_blank:
            return None
        return (
            "indicator.target",
            f"指标{quote(f.ind.name)}没有填写指标值",
            "填写指标值：指标性质（≥、≤、＝）+ 数值 + 计量单位，如“≥95%”“=8人”；"
            "定性指标写“达成年度指标”等分级表述",
        )


class R021(IndicatorRule):
    """定量指标值没有指标性质（≥、≤、＝…）。

    “其中…”分项行的指标性质见其上一行，不单独报告。

    **不合格**：指标值“1”。
    **合格**：指标值“=1人”或“≥1项”。
    """

    code = "R021"
    needs = VALUE | NO_COMPARATOR
    name = "target.comparator"
    category = "规范性"
    severity = "error"

    def check(self, f: Facts) -> Hit | None:
        t = f.target
        if t.value is None or t.comparator is not None:
            return None
        if f.ind.is_breakdown:
            return None  # a 其中 row: the row above it carries the comparator
        return (
            "indicator.target",
            f"指标值{quote(t.text)}没有指标性质（≥、≤、＝等）",
            f"写明比较关系，如“≥{t.text}”“={t.text}”，并带计量单位",
        )


class R022(IndicatorRule):
    """定量指标值没有计量单位。

    系数、指数没有计量单位，不报告；“其中…”分项行的计量单位见其上一行。

    **不合格**：指标值“≥100”。
    **合格**：指标值“≥100%”或“≥100人”；“渠系水利用系数”“≥0.55”。
    """

    code = "R022"
    needs = VALUE | NO_UNIT
    name = "target.unit"
    category = "规范性"
    severity = "error"

    def check(self, f: Facts) -> Hit | None:
        t = f.target
        if t.value is None or t.unit is not None:
            return None
        if _DIMENSIONLESS.search(f.name):
            return None  # a coefficient or an index has no unit (渠系水利用系数≥0.05)
        if f.ind.is_breakdown:
            return None  # a 其中 row: the row above it carries the unit
        return (
            "indicator.target",
            f"指标值{quote(t.text)}没有计量单位",
            "补上计量单位：比率写“%”，计数写“人”“件”“次”等，如“≥90%”",
        )


#: Names of a dimensionless measure: a coefficient or an index.
_DIMENSIONLESS = re.compile(r"系数|指数")


class R023(IndicatorRule):
    """指标值无法识别（有数字但不是“性质+数值+单位”的形式）。

    **不合格**：指标值“第1名”或“≥90%-”。
    **合格**：指标值“≥90%”，或定性的“达成年度指标”。
    """

    code = "R023"
    needs = UNPARSED
    name = "target.unparseable"
    category = "规范性"
    severity = "error"

    def check(self, f: Facts) -> Hit | None:
        t = f.target
        if f.is_blank or t.comparator == "qualitative" or t.value is not None:
            return None
        if _DATE.match(t.text):  # a deadline or a period: a 时效指标's target
            return None
        if framework_level1(f.l1) and t.text.strip() in _PLACEHOLDERS:
            return None  # 决策/过程 rows of a 自评表 are scored without a target
        return (
            "indicator.target",
            f"指标值{quote(f.target.text)}无法识别为“指标性质 + 数值 + 计量单位”",
            "改写为如“≥90%”“≤5天”“=8人”的形式；定性指标只写分级表述",
        )


#: A date, a deadline or a period written as the target: 2023年12月31日前, 12月底前,
#: 2023.07-2024.01, 完成时间为2022年12月30日.
_D = r"(?:\d{4}\s*年\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{4}\s*年|\d{4}[.\-/]\d{1,2}(?:[.\-/]\d{1,2})?"
_DATE = re.compile(
    rf"^\s*(?:[\u4e00-\u9fff]{{0,6}}(?:为|于|在))?\s*(?:{_D})(?:\s*(?:-|—|－|~|～|至)\s*(?:{_D}))?\s*(?:底|末|中旬|上旬|下旬)?"
    r"\s*(?:前|以前|之前|内|以内|完成|前完成)?\s*$"
)


#: What a 自评表 writes where a framework row (决策/过程) has no target.
_PLACEHOLDERS = frozenset({"—", "——", "-", "--", "/", "无", "／", "－"})


class _RateAware(IndicatorRule):
    thresholds: ClassVar[tuple[str, ...]] = ("rate_words", "count_words", "count_units")

    def configure(self, t: Any) -> None:
        self.rate = alternation(t["rate_words"])
        self.count = alternation(t["count_words"])
        self.count_units = frozenset(t["count_units"])
        #: The name ends in a rate word (a bracketed unit after it allowed): a rate.
        self.rate_last = re.compile(f"(?:{self.rate.pattern})\\s*(?:[(（][^()（）]*[)）])?\\s*$")

    def is_rate(self, f: Facts) -> bool:
        return bool(self.rate.search(f.name)) and not self.count.search(f.name)


class R024(_RateAware):
    """比率超过 100%。

    对单位为“%”的指标值，以及没有单位的比率型指标（名称含“率”“满意度”等）。

    **不合格**：“资金拨付率”指标值“≥120%”，或“服务对象满意度”指标值“≥110”。
    **合格**：“资金拨付率”指标值“≥95%”。
    """

    code = "R024"
    needs = VALUE | OVER_100
    name = "target.rate-over-100"
    category = "适当性"
    severity = "error"
    thresholds = ("rate_words", "count_words")

    def check(self, f: Facts) -> Hit | None:
        t = f.target
        if t.value is None:
            return None
        top = t.upper if t.upper is not None else t.value
        if top <= _HUNDRED:
            return None
        if not f.is_percent and not (t.unit is None and self.is_rate(f)):
            return None
        return (
            "indicator.target",
            f"指标{quote(f.ind.name)}的指标值{quote(t.text)}超过 100%，无法实现",
            "比率不超过 100%：按历史水平或计划设定，如“≥95%”",
        )


class R025(IndicatorRule):
    """满意度指标值定为 100%（不切实际）。

    **不合格**：服务对象满意度“≥100”或“=100%”。
    **合格**：服务对象满意度“≥90%”（参考以往年度调查结果）。
    """

    code = "R025"
    needs = VALUE | SATISFACTION
    name = "target.satisfaction-unrealistic"
    category = "适当性"
    severity = "warning"
    thresholds = ("satisfaction_ceiling",)

    def configure(self, t: Any) -> None:
        self.ceiling = Decimal(t["satisfaction_ceiling"])
        if uses_defaults(t, "satisfaction_ceiling"):
            self.needs = VALUE | SATISFACTION | FULL_MARKS

    def check(self, f: Facts) -> Hit | None:
        t = f.target
        if t.value is None or t.comparator in _LOWER or not (t.unit is None or f.is_percent):
            return None
        if not (self.ceiling <= t.value <= _HUNDRED) or not f.is_satisfaction:
            return None
        if "满意" not in f.name and "满意" not in f.description:
            return None  # not a satisfaction measure at all: R043
        return (
            "indicator.target",
            f"满意度指标{quote(f.ind.name)}的指标值{quote(t.text)}要求全部满意，不切实际",
            "满意度一般定为“≥85%”至“≥95%”，依据以往年度满意度调查结果（历史标准）",
        )


class R026(_RateAware):
    """计数型指标（人数、数量、次数…）的描述或指标值却是比率。

    **不合格**：三级指标“工资发放人数”，描述“完成率”，或指标值“≥100%”。
    **合格**：三级指标“工资发放人数”，描述“按月发放工资的人数”，指标值“=8人”。
    """

    code = "R026"
    name = "target.count-as-rate"
    category = "适当性"
    severity = "warning"
    thresholds = ("rate_words", "count_words")

    def configure(self, t: Any) -> None:
        super().configure(t)
        if uses_defaults(t, "count_words"):
            self.needs = COUNT_NAME

    def check(self, f: Facts) -> Hit | None:
        name = f.name
        if not self.count.search(name) or self.rate_last.search(name):
            return None  # ``库存数量真实率``: a count word inside a rate's name
        if f.is_percent:
            what = f"指标值{quote(f.target.text)}"
        elif self.rate.search(f.description) and not self.count.search(f.description):
            what = f"描述{quote(f.ind.description)}"
        else:
            return None
        return (
            "indicator.target" if f.is_percent else "indicator.description",
            f"计数型指标{quote(name)}的{what}是比率",
            f"“{name}”应填数量，如“=8人”；要考核比率就把指标改名为“……率”并用“%”",
        )


class R027(_RateAware):
    """比率型指标（……率、满意度）的指标值却是个数。

    **不合格**：三级指标“工资发放完成率”，指标值“≥8人”。
    **合格**：三级指标“工资发放完成率”，指标值“≥100%”的同时另设“工资发放人数=8人”。
    """

    code = "R027"
    name = "target.rate-as-count"
    category = "适当性"
    severity = "warning"

    def configure(self, t: Any) -> None:
        super().configure(t)
        if uses_defaults(t, "count_units", "rate_words", "count_words"):
            self.needs = COUNT_UNIT | RATE_NAME

    def check(self, f: Facts) -> Hit | None:
        unit = f.target.unit
        if unit is None or unit not in self.count_units or not self.is_rate(f):
            return None
        return (
            "indicator.target",
            f"比率型指标{quote(f.ind.name)}的指标值{quote(f.target.text)}是个数",
            "比率型指标的指标值用“%”，如“≥95%”；要考核数量就另设计数型指标",
        )


class R028(_RateAware):
    """指标性质方向反了：比率型指标用“≤”，成本上限用“≥”。

    完成率、覆盖率、满意度等越高越好的比率不应设上限；成本、费用是上限，不应设下限。
    名称含 ``lower_better_words``（发生率、投诉率……）的比率本来就是越低越好。

    **不合格**：“工资发放完成率≤95%”，或成本指标“设备购置成本≥5万元”。
    **合格**：“工资发放完成率≥95%”，成本指标“设备购置成本≤5万元”。
    """

    code = "R028"
    needs = VALUE | DIRECTION
    name = "target.direction"
    category = "适当性"
    severity = "error"
    thresholds = ("rate_words", "count_words", "count_units", "lower_better_words")

    def configure(self, t: Any) -> None:
        super().configure(t)
        self.lower_better = alternation(t["lower_better_words"])

    def check(self, f: Facts) -> Hit | None:
        t, name = f.target, f.name
        if t.value is None or t.comparator is None:
            return None
        lower = t.comparator in _LOWER
        if not lower and (t.comparator not in (">=", ">") or not f.is_cost):
            return None  # the common case: a lower bound on anything but a cost
        if self.lower_better.search(name):
            return None
        if lower and (self.is_rate(f) or f.is_satisfaction):
            if t.unit is not None and not f.is_percent:
                return None  # a count on a rate: R027
            return (
                "indicator.target",
                f"比率型指标{quote(name)}越高越好，指标值{quote(t.text)}却设了上限",
                f"改为下限，如“≥{t.value}{t.unit or '%'}”",
            )
        if t.comparator in (">=", ">") and f.is_cost and "节约" not in name:
            if _BENEFIT_STANDARD.search(name):
                return None  # a benefit paid to each (低保标准≥560元/人·月) is a floor
            return (
                "indicator.target",
                f"成本指标{quote(name)}是支出上限，指标值{quote(t.text)}却设了下限",
                f"成本指标写上限，如“≤{t.value}{t.unit or '万元'}”（依据预算支出标准）",
            )
        return None


#: A benefit paid to each person or household: its 标准 is a floor, not a cost ceiling.
_BENEFIT_STANDARD = re.compile(r"(?:低保|补助|补贴|救助|抚恤|津贴|生活费|供养|保障)标准")


class R029(IndicatorRule):
    """指标值空泛、不可衡量（“有所提高”“较好”“明显改善”，没有数值）。

    定性指标应使用分级表述（达成年度指标 / 部分达成年度指标并具有一定效果 /
    未达成年度指标且效果较差，或优、良、中、差）。

    **不合格**：“居民环境卫生满意度”指标值“有所提高”。
    **合格**：指标值“≥90%”，或定性指标“达成年度指标”。
    """

    code = "R029"
    needs = QUALITATIVE
    name = "target.vague"
    category = "适当性"
    severity = "warning"
    thresholds = ("vague_target_words", "graded_targets")

    def configure(self, t: Any) -> None:
        self.vague = alternation(t["vague_target_words"])
        self.graded = frozenset(t["graded_targets"])
        # A graded wording of more than two characters inside the text also makes it graded.
        self.graded_inside = alternation([g for g in t["graded_targets"] if len(g) > 2])
        #: The vague word of a target text, if it is vague: once per distinct text.
        self.vague_word = lru_cache(maxsize=4096)(self._vague_word)

    def _vague_word(self, text: str) -> str | None:
        if text in self.graded or self.graded_inside.search(text):
            return None
        m = self.vague.search(text)
        return None if m is None else m.group()

    def check(self, f: Facts) -> Hit | None:
        t = f.target
        if t.comparator != "qualitative":
            return None
        text = t.text.strip()
        word = self.vague_word(text)
        if word is None:
            return None
        return (
            "indicator.target",
            f"指标{quote(f.ind.name)}的指标值{quote(text)}没有可衡量的数值（“{word}”）",
            "写明性质、数值和单位，如“≥90%”“≤5天”；确属定性的用“达成年度指标”等分级表述",
        )
