"""Amounts and percentages as documents write them, parsed to exact `Decimal`."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_AMOUNT = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
#: Money units and their size in 元.
MONEY_UNITS: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "万": Decimal(10000),
    "亿元": Decimal(100000000),
}


def clean(text: str | None) -> str:
    """NFKC (full-width digits and ％) and no whitespace."""
    if text is None:
        return ""
    return "".join(unicodedata.normalize("NFKC", text).split())


_PLAIN = re.compile(r"^\d+(?:\.\d+)?$")


@lru_cache(maxsize=65536)  # documents repeat amounts; a Decimal is immutable
def parse_amount(text: str | None) -> Decimal | None:
    """``"2.28"`` → ``Decimal("2.28")``, ``"3,309,840.00"`` → 3309840.00, blank → None.

    Raises ``ValueError`` (with a Chinese message) for anything else.
    """
    if text and _PLAIN.match(text):  # the common case, without normalisation
        return Decimal(text)
    s = clean(text)
    if not s:
        return None
    if not _AMOUNT.match(s):
        raise ValueError(f"金额“{(text or '').strip()}”不是数字")
    return Decimal(s.replace(",", ""))


def parse_amount_with_unit(text: str | None) -> tuple[Decimal | None, str | None]:
    """``"250万"`` → (250, "万元"); ``"2.28"`` → (2.28, None)."""
    s = clean(text)
    for suffix in sorted(MONEY_UNITS, key=len, reverse=True):
        if s.endswith(suffix) and len(s) > len(suffix):
            unit = "万元" if suffix == "万" else suffix
            return parse_amount(s[: -len(suffix)]), unit
    return parse_amount(s), None


def convert(amount: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """Exact conversion between money units (元 → 万元 divides by 10,000)."""
    if from_unit == to_unit:
        return amount
    return amount * MONEY_UNITS[from_unit] / MONEY_UNITS[to_unit]


@lru_cache(maxsize=4096)
def parse_percent(text: str | None) -> Decimal | None:
    """``"25%"`` or ``"25"`` → ``Decimal("25")``; blank → None; else ``ValueError``."""
    if text and text[-1] == "%" and _PLAIN.match(text, 0, len(text) - 1):
        return Decimal(text[:-1])
    s = clean(text)
    if not s:
        return None
    if s.endswith("%"):
        s = s[:-1]
    try:
        value = Decimal(s)
    except InvalidOperation:
        raise ValueError(f"“{(text or '').strip()}”不是百分比") from None
    if not value.is_finite():
        raise ValueError(f"“{(text or '').strip()}”不是百分比")
    return value


#: Cells that mean "no amount": dashes, a slash, 无.
BLANK_AMOUNTS: frozenset[str] = frozenset(
    {"-", "--", "—", "——", "-—", "—-", "–", "/", "\\", "无", "空", "／", "—/—", "*"}
)
_LEADING = re.compile(r"^([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(万元|千元|亿元|元|万)?")


def read_amount(text: str | None) -> tuple[Decimal | None, str | None, bool]:
    """An amount cell as units write it: (value, unit written, exact).

    ``"1,250,000.00"`` → (1250000.00, None, True); ``"60万"`` → (60, "万元", True); a dash,
    ``/`` or ``无`` → (None, None, True); ``"120万(含设备采购80万元)"`` → (120, "万元", False):
    the leading number is taken and ``exact`` says the cell said more. Text with no leading
    number raises ``ValueError`` with a Chinese message.
    """
    s = clean(text).rstrip("。")
    if not s or s in BLANK_AMOUNTS or set(s) <= set("-—–/\\"):
        return None, None, True
    s = s.lstrip("￥¥")
    try:
        value, unit = parse_amount_with_unit(s)
        return value, unit, True
    except ValueError:
        pass
    m = _LEADING.match(s)
    if not m:
        raise ValueError(f"金额“{(text or '').strip()}”不是数字")
    unit = m.group(2)
    return Decimal(m.group(1).replace(",", "")), "万元" if unit == "万" else unit, False
