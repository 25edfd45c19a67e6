"""Amounts and percentages: the one parser, the one unit conversion, the one formatting.

Accepted spellings of an amount (after NFKC, so full-width digits, ，and ％ count too, and
with spaces removed): an optional sign, an optional ``￥``/``¥``, digits with optional
thousands separators (``3,309,840``), an optional decimal part. Not accepted: exponents
(``1e3``), ``NaN``/``Infinity``, several points, letters. A percentage is a plain number
with an optional trailing ``%``. Both are bounded by `jixiao.core.bounds` (an amount below
1 万亿元 with at most 6 decimals; a percentage 0–1,000).

`to_amount` and `to_percent` take the typed values JSON and spreadsheets give (int, float,
Decimal) as well as text, and apply the same bounds; `format_amount` is how every page,
export and the CLI write an amount.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from jixiao.core.bounds import check_amount, check_percent, shown

#: How a number is written (after NFKC): optional sign, digits with optional thousands
#: separators, optional decimals. Target values (`jixiao.core.targets`) use it too.
NUMBER = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_AMOUNT = re.compile(r"^[￥¥]?([-+]?)[￥¥]?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)$")
_EXPONENT = re.compile(r"\d[eE][-+]?\d")
_PERCENT = re.compile(r"^\+?(\d+(?:\.\d+)?)%?$")
#: Money units and their size in 元.
MONEY_UNITS: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "万": Decimal(10000),
    "亿元": Decimal(100000000),
}
#: The money units a document or a target states in full (``万`` alone is read, not offered).
STATED_UNITS: tuple[str, ...] = ("元", "万元", "千元", "亿元")
#: The units a user may choose to see amounts in on pages and roll-ups that list several
#: documents (documents keep their own unit), and the default.
DISPLAY_UNITS: tuple[str, ...] = ("万元", "元")
DISPLAY_UNIT = "万元"
#: Longest text looked at as a number (a longer one cannot be within the bounds).
_MAX_NUMBER_TEXT = 64


def clean(text: str | None) -> str:
    """NFKC (full-width digits and ％) and no whitespace."""
    if text is None:
        return ""
    return "".join(unicodedata.normalize("NFKC", text).split())


_PLAIN = re.compile(r"^\d{1,12}(?:\.\d{1,6})?$")


def unit_size(unit: str | None) -> Decimal:
    """The size of a money unit in 元 (``None`` counts as 元); ``ValueError`` if unknown."""
    if unit is None:
        return Decimal(1)
    if unit not in MONEY_UNITS:
        raise ValueError(f"不支持的金额单位“{shown(unit)}”（可用：{'、'.join(MONEY_UNITS)}）")
    return MONEY_UNITS[unit]


def stored_unit(unit: str | None) -> str:
    """A document's money unit read back from storage, for converting its amounts: the unit
    when known, else `DISPLAY_UNIT` (a unit no writer stores — a hand edit, an older
    version — converts nothing rather than failing every page that sums the document)."""
    return unit if unit in MONEY_UNITS else DISPLAY_UNIT


@lru_cache(maxsize=65536)  # documents repeat amounts; a Decimal is immutable
def parse_amount(text: str | None, unit: str | None = None) -> Decimal | None:
    """``"2.28"`` → ``Decimal("2.28")``, ``"3,309,840.00"`` → 3309840.00, blank → None.

    Raises ``ValueError`` (with a Chinese message) for any other spelling and for an amount
    outside the bounds in ``unit`` (元 when not given).
    """
    if text and _PLAIN.match(text) and unit in (None, "元"):  # the common case
        return Decimal(text)
    return _parse(text, unit, text)


def _parse(text: str | None, unit: str | None, written: str | None) -> Decimal | None:
    """`parse_amount`, quoting ``written`` (the cell as written) in messages."""
    s = clean(text)
    if not s:
        return None
    m = _AMOUNT.match(s) if len(s) <= _MAX_NUMBER_TEXT else None
    quoted = (written or "").strip()
    if not m:
        hint = "（请直接写出数字，不用 1e3 这样的写法）" if _EXPONENT.search(s) else ""
        raise ValueError(f"金额“{shown(quoted)}”不是数字{hint}")
    value = Decimal(m.group(1) + m.group(2).replace(",", ""))
    return check_amount(value, unit or "元", unit_size(unit), text=quoted)


def parse_number(text: str) -> Decimal:
    """A number written as `NUMBER` (``"1,234.5"``), exact and without bounds: a target
    value (``≥36,000人次``) is not an amount. ``ValueError`` for another spelling."""
    if not re.fullmatch(NUMBER, text):
        raise ValueError(f"“{shown(text)}”不是数字")
    return Decimal(text.replace(",", ""))


def to_amount(value: object, unit: str | None = None) -> Decimal | None:
    """An amount from text (`parse_amount`) or a typed number (JSON, a spreadsheet cell).

    ``None`` and blank text → None; booleans, NaN, infinities and values outside the
    bounds → ``ValueError`` (Chinese).
    """
    if value is None or isinstance(value, str):
        return parse_amount(value, unit)
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise ValueError(f"金额“{shown(value)}”不是数字")
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (ArithmeticError, ValueError):  # an int too long to convert
        raise ValueError("金额不是有效的数字") from None
    return check_amount(number, unit or "元", unit_size(unit))


@lru_cache(maxsize=4096)
def parse_percent(text: str | None) -> Decimal | None:
    """``"25%"`` or ``"25"`` → ``Decimal("25")``; blank → None; else ``ValueError``."""
    s = clean(text)
    if not s:
        return None
    m = _PERCENT.match(s) if len(s) <= _MAX_NUMBER_TEXT else None
    if not m:
        raise ValueError(f"“{shown(text or '')}”不是百分比")
    return check_percent(Decimal(m.group(1)), text=(text or "").strip())


def to_percent(value: object) -> Decimal | None:
    """A percentage from text (`parse_percent`) or a typed number (25 for 25%)."""
    if value is None or isinstance(value, str):
        return parse_percent(value)
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise ValueError(f"“{shown(value)}”不是百分比")
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (ArithmeticError, ValueError):
        raise ValueError("百分比不是有效的数字") from None
    return check_percent(number)


def parse_amount_with_unit(text: str | None) -> tuple[Decimal | None, str | None]:
    """``"250万"`` → (250, "万元"); ``"2.28"`` → (2.28, None)."""
    s = clean(text)
    for suffix in sorted(MONEY_UNITS, key=len, reverse=True):
        if s.endswith(suffix) and len(s) > len(suffix):
            unit = "万元" if suffix == "万" else suffix
            return _parse(s[: -len(suffix)], unit, text), unit
    return parse_amount(s), None


def convert(amount: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """Exact conversion between money units (元 → 万元 divides by 10,000)."""
    if from_unit == to_unit:
        return amount
    return amount * unit_size(from_unit) / unit_size(to_unit)


def format_amount(value: Decimal | None, unit: str | None = None) -> str:
    """An amount as pages, exports and the CLI write it: two decimals, more only when the
    value has them, exact (never rounded): ``788.920000`` → ``788.92``, ``0.8`` → ``0.80``,
    ``-0.5`` → ``-0.50``, ``0.1234`` → ``0.1234``. Amounts in 元 get thousands separators
    (``3,309,840.00``) as the official tables in 元 write them; tables in 万元 do not
    (``788.92``). ``None`` → ``""``.
    """
    if value is None:
        return ""
    if not value.is_finite():
        return shown(value)
    d = value.normalize()
    if _decimals(d) < 2:
        d = d.quantize(Decimal("0.01"))
    return format(d, ",f" if unit == "元" else "f")


def display_unit(choice: str | None) -> str:
    """The display unit a user chose, `DISPLAY_UNIT` for none or one not offered."""
    return choice if choice in DISPLAY_UNITS else DISPLAY_UNIT


def format_in(value: Decimal | None, money_unit: str, unit: str = DISPLAY_UNIT) -> str:
    """An amount kept in ``money_unit`` (a document's), converted exactly to ``unit`` and
    written by `format_amount`: 2.28 万元 in 元 is ``22,800.00``. ``ValueError`` for a
    money unit we do not know."""
    if value is None:
        return ""
    return format_amount(convert(value, money_unit, unit), unit)


def format_estimate_in(value: Decimal | None, money_unit: str, unit: str = DISPLAY_UNIT) -> str:
    """An estimated amount (the year-end forecast) as `format_in` writes it, but to the cent
    of ``unit``: an estimate has no exact last decimal (budget × 11/12 would show 27)."""
    if value is None:
        return ""
    converted = convert(value, money_unit, unit)
    if converted.is_finite() and converted.adjusted() < 25:  # else quantize has no room
        converted = converted.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return format_amount(converted, unit)


def amount_text(value: Decimal | None) -> str:
    """An amount with the document's own decimals (``1.40`` stays ``1.40``, ``2.2`` stays
    ``2.2``), never an exponent: for the plain-text format and the edit form's values, which
    give back what was written. Tables people read (pages, exports, the public site) use
    `format_amount`."""
    return "" if value is None else format(value, "f")


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


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
        raise ValueError(f"金额“{shown(text or '')}”不是数字")
    unit = "万元" if m.group(2) == "万" else m.group(2)
    value = Decimal(m.group(1).replace(",", ""))
    return check_amount(value, unit or "元", unit_size(unit), text=text), unit, False
