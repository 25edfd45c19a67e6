"""Bounds on the values that enter the product: amounts, percentages, dates, text lengths.

Every entry path (readers, the API, the edit form, the CLI, the web import, payments) goes
through these checks, so a value that an official table cannot hold is refused with one
Chinese line and never stored. The bounds:

- **amounts**: less than 1 万亿元 (at most 12 integer digits counted in 元; 10^8 in 万元)
  and at most 6 decimals (one hundredth of a 分 in 万元);
- **percentages** (spending-plan cells, weights): 0 to 1,000 and at most 6 decimals — a
  plan above 100% is kept as written and flagged by the review, not refused here;
- **years** 1990–2099 and **dates** inside those years;
- **texts**: the lengths in `TEXT_LIMITS`.

`stored_number` is the reading side: a number read back from storage that is not a finite,
plainly sized number is refused, so the caller can show it as wrong instead of failing.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

#: Amounts are below this many 元 (12 integer digits in 元).
MAX_AMOUNT_YUAN = Decimal(10) ** 12
#: Decimal places an amount or a percentage may have.
MAX_DECIMALS = 6
#: Largest percentage (a cumulative plan above 100% is a review finding, not an input error).
MAX_PERCENT = Decimal(1000)
MIN_YEAR, MAX_YEAR = 1990, 2099
MIN_DATE, MAX_DATE = datetime.date(MIN_YEAR, 1, 1), datetime.date(MAX_YEAR, 12, 31)
#: Longest text, in characters, per kind of field.
TEXT_LIMITS: dict[str, int] = {
    "code": 64,  # 项目编码 (21 characters in the national system), unit codes
    "name": 300,  # 项目名称, unit names, indicator names and levels
    "title": 400,  # a table's title line
    "cell": 1000,  # 指标值, 指标值确定依据, a plan cell's text
    "long": 20000,  # 资金用途, goals, descriptions, department texts
    "remark": 5000,  # a reviewer's or unit's remark: 审核意见, 整改要求, 复核意见, 验收意见
}
#: A target value (指标值) below 10^15 is a number; a longer one stays unparsed text.
MAX_TARGET_DIGITS = 15
#: Largest integer a query or path parameter may carry (a 32-bit column on PostgreSQL).
MAX_INT = 2**31 - 1
_INT = re.compile(r"^[+-]?[0-9]{1,10}$")
#: A stored number is readable when it is finite and below 10^18 with at most 18 decimals.
_STORED_DIGITS = 18


class OutOfBounds(ValueError):
    """A number, but beyond what an official table holds (a reader refuses it rather than
    leaving the cell blank)."""


def shown(text: object, width: int = 40) -> str:
    """``text`` as a message quotes it: stripped and cut to ``width`` characters."""
    s = str(text).strip()
    return s if len(s) <= width else s[: width - 1] + "…"


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def check_amount(
    value: Decimal, unit: str = "元", unit_size: Decimal = Decimal(1), text: object = None
) -> Decimal:
    """``value`` when an official table can hold it, else ``ValueError`` (Chinese).

    ``unit_size`` is the size of ``unit`` in 元; the sign is the caller's business
    (a refund is negative, a budget is not).
    """
    quoted = shown(value if text is None else text)
    if not value.is_finite():
        raise ValueError(f"金额“{quoted}”不是数字")
    limit = MAX_AMOUNT_YUAN / unit_size
    if abs(value) >= limit:
        raise OutOfBounds(f"金额“{quoted}”超出范围（应小于 {limit:,f} {unit}，即 1 万亿元）")
    if _decimals(value) > MAX_DECIMALS:
        raise OutOfBounds(f"金额“{quoted}”小数位过多（最多 {MAX_DECIMALS} 位）")
    return value


def check_percent(value: Decimal, text: object = None) -> Decimal:
    """``value`` (a percentage, 25 for 25%) when in 0–`MAX_PERCENT`, else ``ValueError``."""
    quoted = shown(value if text is None else text)
    if not value.is_finite():
        raise ValueError(f"“{quoted}”不是百分比")
    if not 0 <= value <= MAX_PERCENT:
        raise OutOfBounds(f"百分比“{quoted}”超出范围（应在 0–{MAX_PERCENT}% 之间）")
    if _decimals(value) > MAX_DECIMALS:
        raise OutOfBounds(f"百分比“{quoted}”小数位过多（最多 {MAX_DECIMALS} 位）")
    return value


def check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"年度“{year}”超出范围（应在 {MIN_YEAR}–{MAX_YEAR} 之间）")
    return year


def check_date(date: datetime.date) -> datetime.date:
    if not MIN_DATE <= date <= MAX_DATE:
        raise ValueError(f"日期“{date.isoformat()}”超出范围（应在 {MIN_YEAR}–{MAX_YEAR} 年之间）")
    return date


def check_text(text: str | None, kind: str) -> str | None:
    """``text`` when it fits ``TEXT_LIMITS[kind]``, else ``ValueError`` (Chinese)."""
    limit = TEXT_LIMITS[kind]
    if text is not None and not isinstance(text, str):  # a JSON number or list in a text field
        raise ValueError(f"应为文字，不是“{shown(text)}”")
    if text is not None and len(text) > limit:
        raise ValueError(f"文字过长（{len(text)} 字，最多 {limit} 字）")
    return text


def check_remark(text: object, what: str, kind: str = "remark") -> str:
    """A free text typed into a form or the API (an opinion, a reason, measures), stripped,
    when it fits ``TEXT_LIMITS[kind]``; else ``ValueError`` naming ``what`` (Chinese). A
    longer text is refused, never cut: every page that lists such texts stays small."""
    if text is None:
        return ""
    if not isinstance(text, str):
        raise ValueError(f"{what}应为文字，不是“{shown(text)}”")
    limit = TEXT_LIMITS[kind]
    stripped = text.strip()
    if len(stripped) > limit:
        raise ValueError(f"{what}过长（{len(stripped)} 字，最多 {limit} 字）")
    return stripped


def parse_int(raw: str | None, name: str, low: int = -MAX_INT, high: int = MAX_INT) -> int | None:
    """An integer parameter (``page``, ``unit``, ``year``…): blank → None; ASCII digits in
    ``low``–``high`` only, else ``ValueError`` naming the parameter (Chinese)."""
    text = (raw or "").strip()
    if not text:
        return None
    if not _INT.match(text):
        raise ValueError(f"参数 {name}=“{shown(text)}”应为整数")
    value = int(text)
    if not low <= value <= high:
        raise ValueError(f"参数 {name}=“{shown(text)}”超出范围（应在 {low}–{high} 之间）")
    return value


def fits_int(value: int) -> bool:
    """Whether ``value`` (an id from a URL) can be an id at all."""
    return 0 <= value <= MAX_INT


def stored_number(text: str) -> Decimal:
    """A number as storage holds it (``"2.28"``); ``ValueError`` when it is not a finite,
    plainly sized number (never a crash later: ``1e999999`` and ``abc`` end here)."""
    if len(text) > 2 * _STORED_DIGITS + 2:
        raise ValueError(f"“{shown(text)}”不是有效的数值")
    try:
        value = Decimal(text)
    except ArithmeticError:
        raise ValueError(f"“{shown(text)}”不是有效的数值") from None
    if (
        not value.is_finite()
        or value.adjusted() >= _STORED_DIGITS
        or _decimals(value) > _STORED_DIGITS
    ):
        raise ValueError(f"“{shown(text)}”不是有效的数值")
    return value
