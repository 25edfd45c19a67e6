"""What the indicator rules need to know about one indicator, derived once.

The engine builds one `Facts` per distinct indicator content and passes it to every
`IndicatorRule`, so the 23 rules no longer each normalise the same cells (一级/二级 levels,
the name's comparison key, cost/satisfaction category, the target's shape). Facts are a
pure function of the indicator's content, like the rules' answers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

from jixiao.core.amounts import STATED_UNITS
from jixiao.core.model import Indicator, Target
from jixiao.core.review.profile import defaults
from jixiao.core.review.rules._library import any_topic_word, typical_for
from jixiao.core.review.rules._util import (
    LEVEL_NAMES,
    alternation,
    implied_level1,
    in_taxonomy,
    is_cost_levels,
    key,
    level,
)

# The row's shape: bits that say which indicator rules can fire at all. A rule declares
# the bits it needs (`IndicatorRule.needs`) and the engine calls it only on rows that have
# them all; tests/review/test_rule_shapes.py checks that no rule fires on a row it skips.
LEVELS_FILLED = 1 << 0  #: both 一级 and 二级 written
LEVELS_MISSING = 1 << 1  #: 一级 or 二级 blank
NO_NAME = 1 << 2  #: 三级 name blank
BLANK = 1 << 3  #: target blank
VALUE = 1 << 4  #: target has a number
UNPARSED = 1 << 5  #: target written, not qualitative, without a number
QUALITATIVE = 1 << 6  #: target is graded wording
BASIS = 1 << 7  #: basis written
NO_BASIS = 1 << 8  #: basis blank
SATISFACTION = 1 << 9  #: a 满意度指标
NOT_COST = 1 << 10  #: not a 成本指标
OUTPUT = 1 << 11  #: 一级 is 产出指标
TIMELINESS = 1 << 12  #: 二级 is 时效指标
NO_COMPARATOR = 1 << 13  #: target has a number but no comparator
NO_UNIT = 1 << 14  #: target has a number but no unit
#: target's number (the upper end of a range) is above 100, in % or without unit
OVER_100 = 1 << 15
#: target has a number and an upper bound (``<``, ``≤``) in % or without unit, or a lower
#: bound on a cost
DIRECTION = 1 << 16
NAME_IS_LEVEL2 = 1 << 17  #: the 三级 name is the 二级 cell (compared by `_util.key`)
OFF_TAXONOMY = 1 << 18  #: both levels written, the pair not in the indicator system
ECONOMIC_OR_ECOLOGICAL = 1 << 19  #: 二级 is 经济效益指标 or 生态效益指标
DESCRIPTION_IS_NAME = 1 << 20  #: name and description written and the same (`_util.key`)
# Bits read from the default profile's word lists: a rule needs them only when its
# thresholds are the defaults (`uses_defaults`); with other words it runs on every row as
# before, so a profile's answers never depend on them.
COUNT_NAME = 1 << 21  #: the name holds one of the default ``count_words`` (R026)
#: the name holds a default ``vague_words`` and no ``measure_words`` nor digit (R042)
VAGUE_NAME = 1 << 22
COUNT_UNIT = 1 << 23  #: the target's unit is one of the default ``count_units`` (R027, R102)
#: basis written and not one of the default ``accepted_bases`` (R031)
NONSTANDARD_BASIS = 1 << 24
COST_ONLY_BASIS = 1 << 25  #: basis is one of the default ``cost_only_bases`` (R032)
#: neither the name nor the description says 满意 (R043; with SATISFACTION)
NO_SATISFACTION_WORD = 1 << 26
#: the name is a rate's: a default ``rate_words`` and no ``count_words`` (R027)
RATE_NAME = 1 << 27
#: a number from the default ``satisfaction_ceiling`` to 100, not an upper bound, in % or
#: without unit (R025)
FULL_MARKS = 1 << 28
QUANTITY = 1 << 29  #: 二级 is 数量指标 (R103)
#: the name says money is spent (``费用支出``, `SPENDING`), read with no word list (R111)
SPENDING_NAME = 1 << 30
#: a number in 元/千元/万元/亿元, or in % with a name that is an amount of money
#: (`AMOUNT` and not `DONE`), or a 成本指标 in one of the default ``count_units``: the
#: units R105 judges against the name
UNIT_CLASH = 1 << 31
# Bits no indicator rule needs: the engine ORs the shapes of a project's rows and derives
# the project's shape from them (rules/_project_shape.py), so the rules that only a row
# of some kind can set off are skipped on projects without one.
COST = 1 << 32  #: a 成本指标 (`_util.is_cost_levels`: R015)
BENEFIT = 1 << 33  #: 一级 is 效益指标 (R010)
OUTPUT_QUALITY = 1 << 34  #: 产出指标 / 质量指标 (R011)
OUTPUT_TIMELY = 1 << 35  #: 产出指标 / 时效指标 (R011)
TOPIC_WORD = 1 << 36  #: the name or description holds a library topic word (R110)
YEAR_TARGET = 1 << 37  #: the target writes a year in a date (`YEAR`, R106)
MONEY_VALUE = 1 << 38  #: the target has a number in 元/千元/万元/亿元 (R101)
# Round 7's rules (R046, R048, R118, R116, R114, R109).
NAME_DIGIT = 1 << 43  #: the 三级 name holds a digit (``str.isdigit``; R046)
SATISFACTION_NAME = 1 << 44  #: the 三级 name ends in 满意度 or 满意率 (R048)
EFFECT = 1 << 45  #: 一级 (or the 一级 its 二级 implies) is 效益指标 (R118)
#: target has a number and an upper end below it (``95%-80%``; R116)
RANGE_REVERSED = 1 << 46
#: target is ``≥0`` exactly: comparator ``>=``, number 0, no upper end (R114)
AT_LEAST_ZERO = 1 << 47
#: target has a number, a lower bound (``≥``, ``>``) and a unit of time (R109)
FLOOR_DURATION = 1 << 48
#: a 成本指标 (`COST`) whose target is a number ≤ 0 in 元/千元/万元/亿元 with ``≤``, ``<`` or
#: ``=``: a cost capped at zero (R127; the project's `ZERO_COSTS`)
ZERO_COST = 1 << 49
#: a number with ``≥``, ``>`` or ``=`` outside the library's typical range for the name and
#: unit, or a count of items that a small budget may cap (R100; the project's `ATYPICAL`)
ATYPICAL_VALUE = 1 << 50
#: The units of a time limit (R109).
DURATION_UNITS = frozenset({"天", "日", "个月", "月", "小时", "工作日", "分钟", "周", "个工作日"})

_HUNDRED = Decimal(100)
_DEFAULTS = defaults()


def uses_defaults(t: Mapping[str, Any], *names: str) -> bool:
    """Whether the thresholds ``names`` of ``t`` are the default profile's (the word lists
    the shape bits above are read with)."""
    return all(t[n] == _DEFAULTS[n] for n in names)


_COUNT = alternation(_DEFAULTS["count_words"]).search
_RATE = alternation(_DEFAULTS["rate_words"]).search
_VAGUE = alternation(_DEFAULTS["vague_words"]).search
# A measure word or a digit: R042 looks for either (`\d` as ``re`` reads it in R042).
_MEASURE_OR_DIGIT = re.compile(f"{alternation(_DEFAULTS['measure_words']).pattern}|\\d").search
_COUNT_UNITS = frozenset(_DEFAULTS["count_units"])
_CEILING = Decimal(_DEFAULTS["satisfaction_ceiling"])
_MONEY_UNITS = frozenset(STATED_UNITS)
_ACCEPTED = frozenset(key(b) for b in _DEFAULTS["accepted_bases"])
_COST_ONLY = frozenset(key(b) for b in _DEFAULTS["cost_only_bases"])


@lru_cache(maxsize=4096)
def _basis(basis: str | None) -> tuple[str, int]:
    """The basis cell's comparison key and shape bits, once per distinct cell (a document
    uses a handful)."""
    k = key(basis)
    if not (basis and basis.strip()):
        return k, NO_BASIS | (COST_ONLY_BASIS if basis and k in _COST_ONLY else 0)
    bits = BASIS
    if k not in _ACCEPTED:
        bits |= NONSTANDARD_BASIS
    if k in _COST_ONLY:
        bits |= COST_ONLY_BASIS
    return k, bits


@lru_cache(maxsize=4096)
def _levels(
    level1: str | None, level2: str | None
) -> tuple[str, str, bool, bool, bool, bool, int, str | None]:
    """What the 一级/二级 pair says, once per distinct pair (a document has a handful)."""
    l1, l2 = implied_level1(level1, level2), level(level2)
    # R001 still reports a blank 一级 cell; the other rules read the 一级 its 二级 implies.
    has_l1, has_l2 = bool((level1 or "").strip()), bool((level2 or "").strip())
    is_cost = l1 == "成本指标" or l2.endswith("成本指标")
    is_satisfaction = l1 == "满意度指标" or l2 == "服务对象满意度指标"
    shape = LEVELS_FILLED if has_l1 and has_l2 else LEVELS_MISSING
    if is_satisfaction:
        shape |= SATISFACTION
    if not is_cost:
        shape |= NOT_COST
    if l1 == "产出指标":
        shape |= OUTPUT
    elif l1 == "效益指标":
        shape |= EFFECT
    if l2 == "时效指标":
        shape |= TIMELINESS
        if l1 == "产出指标":
            shape |= OUTPUT_TIMELY
    elif l2 == "数量指标":
        shape |= QUANTITY
    elif l2 == "质量指标" and l1 == "产出指标":
        shape |= OUTPUT_QUALITY
    if l1 == "效益指标":
        shape |= BENEFIT
    if is_cost_levels(level1, level2):
        shape |= COST
    if l2 == "经济效益指标" or l2 == "生态效益指标":
        shape |= ECONOMIC_OR_ECOLOGICAL
    if has_l1 and has_l2 and not in_taxonomy(l1, l2):
        shape |= OFF_TAXONOMY
    # The 二级 cell as a name is compared with (`key`), if written.
    l2_key = key(level2) if level2 else None
    return (l1, l2, has_l1, has_l2, is_cost, is_satisfaction, shape, l2_key)


@lru_cache(maxsize=16384)
def _description(description: str) -> tuple[str, int]:
    """A description's `_util.key` and the shape bits it alone decides, once per distinct
    text: a corpus repeats a few hundred descriptions (``反映……情况``) under thousands of
    distinct rows."""
    return key(description), TOPIC_WORD if any_topic_word(description) else 0


def description_key(description: str) -> str:
    """`_util.key` of a description (cached)."""
    return _description(description)[0]


#: Spending written as the result (R111): ``费用支出``, ``资金的使用``, a name ending in 支出.
SPENDING = re.compile(
    r"(?:费用?|经费|资金|款项?|开支)(?:的)?(?:支出|支付|使用|花费)|(?:支出|开支)(?:金额|数)?$"
)
#: A statement of something done (``完成…并按要求支付资金``): its % is a completion rate.
DONE = re.compile(r"完成|按时|按要求|按计划|支付|拨付|到位|落实|执行|使用|兑现|发放|控制")
#: A year written in a date (2023年, 2023.07, 2023-07-01).
YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:年|[.\-/．]\s*\d{1,2})")
#: A name that is an amount of money: it ends in one (a unit in brackets may follow).
AMOUNT = re.compile(
    r"(?:成本|费用|经费|金额|资金|投资|支出|总额|费)\s*(?:[(（][^()（）]*[)）])?\s*$"
)

# Bits of the cached parts that only combine into shape bits (not shape bits, dropped).
_SATISFACTION_WORD = 1 << 40  #: `_name`: the name says 满意
_AMOUNT_NAME = 1 << 41  #: `_name`: an amount of money (`AMOUNT`, not `DONE`)
_PERCENT_VALUE = 1 << 42  #: `_target`: a number in %
#: `_target`: a number ≤ 0 in 元/千元/万元/亿元 with ``≤``, ``<`` or ``=`` (`ZERO_COST` on a cost)
_ZERO_MONEY = 1 << 39
_PARTS = _SATISFACTION_WORD | _AMOUNT_NAME | _PERCENT_VALUE | _ZERO_MONEY


@lru_cache(maxsize=65536)
def _name(name: str) -> tuple[str, int]:
    """The 三级 name's comparison key and the shape bits it alone decides, once per
    distinct name (names recur across a document's projects)."""
    k = key(name)
    if not name:
        return k, NO_NAME
    bits = NO_NAME if name.isspace() else 0
    if _COUNT(name):
        bits |= COUNT_NAME
    elif _RATE(name):
        bits |= RATE_NAME
    if _VAGUE(name) and not _MEASURE_OR_DIGIT(name):
        bits |= VAGUE_NAME
    if "满意" in name:
        bits |= _SATISFACTION_WORD
    if SPENDING.search(name):
        bits |= SPENDING_NAME
    if AMOUNT.search(name) and not DONE.search(name):
        bits |= _AMOUNT_NAME
    if any_topic_word(name):
        bits |= TOPIC_WORD
    if any(c.isdigit() for c in name):
        bits |= NAME_DIGIT
    if name.endswith(("满意度", "满意率")):
        bits |= SATISFACTION_NAME
    return k, bits


@lru_cache(maxsize=16384)
def _target(
    text: str, comparator: str | None, value: Decimal | None, unit: str | None, upper: Any
) -> tuple[bool, bool, int, int]:
    """What the target's fields decide, once per distinct target: whether it is blank and a
    percentage, its shape bits, and the bit a cost adds (a lower bound: DIRECTION)."""
    is_blank = not text.strip()
    is_percent = unit is not None and unit.startswith("%")
    if is_blank:
        bits = BLANK
        if value is not None:
            bits |= VALUE
        if comparator == "qualitative":
            bits |= QUALITATIVE
    elif value is not None:
        bits = VALUE
        if comparator == "qualitative":
            bits |= QUALITATIVE
    elif comparator == "qualitative":
        bits = QUALITATIVE
    else:
        bits = UNPARSED
    if_cost = 0
    if value is not None:
        if comparator is None:
            bits |= NO_COMPARATOR
        elif (comparator == "<=" or comparator == "<") and (unit is None or is_percent):
            bits |= DIRECTION
        elif comparator == ">=" or comparator == ">":
            if_cost = DIRECTION
            if unit in DURATION_UNITS:
                bits |= FLOOR_DURATION
        if unit is None:
            bits |= NO_UNIT
        if (upper if upper is not None else value) > _HUNDRED and (unit is None or is_percent):
            bits |= OVER_100
        if upper is not None and upper < value:
            bits |= RANGE_REVERSED
        elif upper is None and comparator == ">=" and value == 0:
            bits |= AT_LEAST_ZERO
        if (
            comparator != "<"
            and comparator != "<="
            and (unit is None or is_percent)
            and _CEILING <= value <= _HUNDRED
        ):
            bits |= FULL_MARKS
        if unit in _MONEY_UNITS:
            bits |= UNIT_CLASH | MONEY_VALUE
            if value <= 0 and (comparator == "<=" or comparator == "<" or comparator == "="):
                bits |= _ZERO_MONEY
        elif is_percent:
            bits |= _PERCENT_VALUE
    if unit is not None and unit in _COUNT_UNITS:
        bits |= COUNT_UNIT
    if text and YEAR.search(text):
        bits |= YEAR_TARGET
    return is_blank, is_percent, bits, if_cost


#: The comparators of a target R100 judges (a floor or an exact value).
_AT_LEAST = (">=", ">", "=")


@lru_cache(maxsize=65536)
def _atypical(name: str, unit: str | None, value: Decimal) -> bool:
    """Whether R100 can find the number implausible against the library's typical range
    (`typical_for`) whatever the budget: a rate below the range, a count above it, or a
    count above the range's floor when the range caps the items by the budget."""
    typical = typical_for(name, unit)
    if typical is None:
        return False
    if typical.unit == "%":
        return value < typical.low
    if typical.item_cost is not None and value > typical.low:
        return True
    return value > typical.high


class Facts:
    """One indicator and what is derived from its cells (read-only by convention)."""

    __slots__ = (
        "basis",
        "basis_key",
        "description",
        "has_l1",
        "has_l2",
        "ind",
        "is_blank",
        "is_cost",
        "is_percent",
        "is_satisfaction",
        "l1",
        "l2",
        "name",
        "name_key",
        "shape",
        "target",
    )

    def __init__(self, ind: Indicator) -> None:
        self.ind = ind
        name, basis, t = ind.name, ind.basis, ind.target
        #: The 三级 name and description, ``""`` when missing.
        name = name or ""
        description = ind.description or ""
        self.name: str = name
        self.description: str = description
        #: The basis cell as written (``None`` when missing).
        self.basis: str | None = basis
        self.target: Target = t
        #: 一级/二级 normalised (`_util.level`): ``产出`` → ``产出指标``; whether the cells
        #: hold more than blanks; a 成本指标 (一级 in the 2021 guide, or 二级 under 产出指标);
        #: a 满意度指标.
        (
            self.l1,
            self.l2,
            self.has_l1,
            self.has_l2,
            self.is_cost,
            self.is_satisfaction,
            shape,
            l2_key,
        ) = _levels(ind.level1, ind.level2)
        #: The name and basis for comparisons (`_util.key`).
        self.name_key: str
        self.basis_key: str
        self.name_key, bits = _name(name)
        name_key = self.name_key
        shape |= bits
        self.basis_key, bits = _basis(basis)
        shape |= bits
        #: Whether the target is blank; its unit a percentage (the parser keeps trailing
        #: words: ``%以上``).
        self.is_blank: bool
        self.is_percent: bool
        self.is_blank, self.is_percent, bits, if_cost = _target(
            t.text, t.comparator, t.value, t.unit, t.upper
        )
        shape |= bits
        if self.is_cost:
            shape |= if_cost
        if name and ((l2_key is not None and name_key == l2_key) or name_key in LEVEL_NAMES):
            shape |= NAME_IS_LEVEL2
        if description:
            described, bits = _description(description)
            shape |= bits
            if name and name_key == described:
                shape |= DESCRIPTION_IS_NAME
        if shape & SATISFACTION and not shape & _SATISFACTION_WORD and "满意" not in description:
            shape |= NO_SATISFACTION_WORD
        if shape & _PERCENT_VALUE and shape & _AMOUNT_NAME:
            shape |= UNIT_CLASH
        elif self.is_cost and shape & COUNT_UNIT:
            shape |= UNIT_CLASH  # a cost in heads or pieces (R105)
        if shape & _ZERO_MONEY and shape & COST:
            shape |= ZERO_COST
        if shape & VALUE and t.comparator in _AT_LEAST and _atypical(name, t.unit, t.value):
            shape |= ATYPICAL_VALUE
        #: The bits of the row's shape (see `IndicatorRule.needs`).
        self.shape: int = shape & ~_PARTS


# The project's shape: bits that say which project rules can fire at all, as the row's
# shape does for indicator rules. A project rule declares the bits it needs
# (`ProjectRule.needs`); the engine computes the bits some enabled rule needs once per
# project (rules/_project_shape.py) and calls a rule only on projects that have them all;
# tests/review/test_rule_shapes.py checks that no rule fires on a project it skips.
BUDGET_MISSING = 1 << 0  #: no 预算数 (R070)
BUDGET_PARTS = 1 << 1  #: a 预算数 and some part of it (财政、其他、结转) written, all read (R071)
NONPOSITIVE = 1 << 2  #: 预算数 ≤ 0, or 财政资金 or 其他资金 < 0 (R072)
PURPOSE_BLANK = 1 << 3  #: 资金用途 blank (R014)
CODE_BLANK = 1 << 4  #: 项目编码 blank (R080)
MIDTERM = 1 << 5  #: some indicator has a 中期指标值 (R104)
#: a 预算数 and some target with a number in 元/千元/万元/亿元 (R101)
MONEY_TARGET = 1 << 6
PLAN_EMPTY = 1 << 7  #: no percentage in the spending plan (R060)
PLAN_DECREASING = 1 << 8  #: a percentage below the one before (R061)
PLAN_OUT_OF_RANGE = 1 << 9  #: a percentage outside 0–100 (R062)
PLAN_SHORT = 1 << 10  #: the last percentage below 100 (R063)
PLAN_BLANKS = 1 << 11  #: blank cells among filled ones (R064)
#: nothing spent before December's 100% (R065)
PLAN_LATE = 1 << 12
# Bits derived from the OR of the project's row shapes (`ROWS`).
#: 一级 产出指标, 效益指标 or 满意度指标 missing (R010 with the default ``required_level1``)
LEVEL1_MISSING = 1 << 13
#: 产出指标 present, 质量指标 or 时效指标 missing under it (R011 with the default
#: ``output_required_level2``)
OUTPUT_INCOMPLETE = 1 << 14
NO_COST = 1 << 15  #: no 成本指标 (R015)
TOPICAL = 1 << 16  #: a library topic word in some name or description (R110)
DEADLINE = 1 << 17  #: some target writes a year in a date (R106)
# Bits read with the default profile's thresholds (`uses_defaults`, as for rows).
NO_GOALS = 1 << 18  #: no 绩效目标 (R050)
FEW_GOALS = 1 << 19  #: some 绩效目标, fewer than the default ``min_goals`` (R051)
FEW_INDICATORS = 1 << 20  #: fewer indicators than the default ``min_indicators`` (R012)
#: 项目编码 written, not of the default ``code_length`` (R081)
CODE_LENGTH = 1 << 21
#: 项目编码's year (its 7th–8th characters) later than the document's year (R082)
CODE_YEAR = 1 << 22
#: the document states a 预算执行 line, or some indicator a 分值, 得分 or 实际完成值 (a
#: self-evaluation: R120–R126; once per document, so goal tables cost them nothing)
SELF_EVALUATION = 1 << 23
#: a 预算数 and two or more targets in 元/千元/万元/亿元 (R117; with MONEY_TARGET)
MONEY_TARGETS = 1 << 24
#: some row is a `ZERO_COST`: a 成本指标 capped at 0 in money (R127; with MONEY_TARGET)
ZERO_COSTS = 1 << 25
#: some row is `ATYPICAL_VALUE`, or the review is given history (R100)
ATYPICAL = 1 << 26
#: The default thresholds the project bits above are read with.
MIN_GOALS, MIN_INDICATORS = _DEFAULTS["min_goals"], _DEFAULTS["min_indicators"]
CODE_DIGITS = _DEFAULTS["code_length"]
#: The project bits read from its rows' shapes.
ROWS = (
    MONEY_TARGET
    | LEVEL1_MISSING
    | OUTPUT_INCOMPLETE
    | NO_COST
    | TOPICAL
    | DEADLINE
    | ZERO_COSTS
    | ATYPICAL
)
#: The bits read from the spending plan (computed only when a plan rule runs).
PLAN_BITS = PLAN_EMPTY | PLAN_DECREASING | PLAN_OUT_OF_RANGE | PLAN_SHORT | PLAN_BLANKS | PLAN_LATE
