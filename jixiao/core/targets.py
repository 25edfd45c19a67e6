"""Parsing of target values (指标值): ``≥90%`` → comparator ``>=``, value 90, unit ``%``.

Documents write targets loosely (domain.md §3): full-width symbols and digits, ``>=``,
``不低于95%``, ``95%以上``, thousands separators, ranges ``90%-95%``, bare numbers with no
comparator, and qualitative wording. The raw text is always kept; a comparator that is not
written stays ``None`` (the review flags it, the parser does not guess).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from jixiao.core.amounts import NUMBER, parse_number
from jixiao.core.bounds import MAX_TARGET_DIGITS
from jixiao.core.model import Target

# Longest spellings first so that ">=" wins over ">".
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("大于等于", ">="),
    ("大于或等于", ">="),
    ("不低于", ">="),
    ("不少于", ">="),
    ("不小于", ">="),
    ("至少", ">="),
    ("小于等于", "<="),
    ("小于或等于", "<="),
    ("不高于", "<="),
    ("不超过", "<="),
    ("不多于", "<="),
    ("不大于", "<="),
    ("至多", "<="),
    ("大于", ">"),
    ("高于", ">"),
    ("超过", ">"),
    ("多于", ">"),
    ("小于", "<"),
    ("低于", "<"),
    ("少于", "<"),
    ("等于", "="),
    (">=", ">="),
    ("=>", ">="),
    ("≥", ">="),
    ("≧", ">="),
    ("⩾", ">="),
    ("<=", "<="),
    ("=<", "<="),
    ("≤", "<="),
    ("≦", "<="),
    ("⩽", "<="),
    (">", ">"),
    ("<", "<"),
    ("==", "="),
    ("=", "="),
)

_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("及以上", ">="),
    ("以上", ">="),
    ("及以下", "<="),
    ("以下", "<="),
    ("以内", "<="),
)

#: Words of a ``指标性质``/``指标方向`` column → comparator (``定性`` is qualitative).
COMPARATOR_WORDS: dict[str, str] = {
    "正向": ">=",
    "正向指标": ">=",
    "反向": "<=",
    "反向指标": "<=",
    "定性": "qualitative",
    "定性指标": "qualitative",
    "定量": "",
}

#: The symbol written before a value for each comparator (``qualitative`` writes none).
COMPARATOR_SYMBOLS: dict[str, str] = {
    ">=": "≥",
    "<=": "≤",
    ">": "＞",
    "<": "＜",
    "=": "＝",
    "qualitative": "",
}

_NUMBER = NUMBER
_QUANT = re.compile(
    rf"^(?P<value>{_NUMBER})\s*(?P<unit>[^\d\s~～\-—–至到]{{0,8}}?)\s*"
    rf"(?:[~～\-—–至到]\s*(?P<upper>{_NUMBER})\s*(?P<unit2>[^\d\s]{{0,8}}?))?$"
)
_HAS_DIGIT = re.compile(r"\d")
#: A dash or slash alone: no target is set (``—`` under 指标值 of a scored 项目决策 row).
_NO_TARGET = frozenset({"—", "——", "-", "--", "/", "―", "－", "–"})
#: ``2023.07``: a year and a month; two of them (``2023.07-2024.01``) are a period, no measure.
_YEAR_MONTH = re.compile(r"^(?:19|20)\d\d[./](?:0?[1-9]|1[0-2])$")
#: A calendar year before a 年 word: ``2023年底``, ``2024年``, ``2022年上半年`` (a date).
_YEAR_VALUE = re.compile(r"^(?:19|20)\d\d$")
_BAND = re.compile(
    rf"^(?P<centre>{_NUMBER})?\s*(?:±|\+/-|\+-)\s*(?P<width>{_NUMBER})\s*(?P<unit>[^\d\s]{{0,8}})$"
)
_SPACES = re.compile(r"\s+")
#: `_PREFIXES` and `_SUFFIXES` by their first (last) character, in the same order, so a
#: text is compared only with the spellings that can match it.
_PREFIXES_BY_FIRST: dict[str, tuple[tuple[str, str], ...]] = {
    c: tuple(p for p in _PREFIXES if p[0][0] == c) for c in {p[0][0] for p in _PREFIXES}
}
_SUFFIXES_BY_LAST: dict[str, tuple[tuple[str, str], ...]] = {
    c: tuple(p for p in _SUFFIXES if p[0][-1] == c) for c in {p[0][-1] for p in _SUFFIXES}
}
#: What `_BAND` needs: one of its ± spellings (after `normalize`, which removes spaces).
_BAND_SIGNS = ("±", "+")


def normalize(text: str) -> str:
    """Full-width to half-width (NFKC: ＞＝％１２), spaces removed."""
    # ``str.split()`` splits on exactly what ``\s`` matches (str.isspace).
    return "".join(unicodedata.normalize("NFKC", text).split())


_new = object.__new__


def _target(
    text: str,
    comparator: str | None = None,
    value: Decimal | None = None,
    unit: str | None = None,
    upper: Decimal | None = None,
) -> Target:
    """``Target(text, comparator, value, unit, upper)``: an equal object (same fields, in
    the same order), built without the frozen dataclass's five ``object.__setattr__``
    calls, which were a third of parsing a target."""
    target = _new(Target)
    fields = target.__dict__
    fields["text"] = text
    fields["comparator"] = comparator
    if value is not None and not value and value.is_signed():
        value = value.copy_abs()  # ``-0%`` (a form's 0 for a lower-is-better rate) is 0
    fields["value"] = value
    fields["unit"] = unit
    fields["upper"] = upper
    return target


@lru_cache(maxsize=256)
def parse_comparator(word: str | None) -> str | None:
    """A 指标性质/指标方向 cell (``≥``, ``≧``, ``>=``, ``大于等于``, ``正向``, ``＝``, ``﹦``,
    ``定性``…) → one of `COMPARATORS`, or None when it names none."""
    s = normalize(word or "").rstrip("。.")
    if not s:
        return None
    if s in COMPARATOR_WORDS:
        return COMPARATOR_WORDS[s] or None
    for spelling, comp in _PREFIXES:
        if s == spelling:
            return comp
    return None


#: The usual target, as written: an optional comparator symbol, a plain number, a unit of
#: up to 8 characters that is not a number, a range, a band or a spaced text (``≥98%``,
#: ``＝12人``, ``≤3.5万元``, ``600``). `parse_target` reads it without the general steps
#: when NFKC leaves the number and unit as they are and the unit ends in no suffix
#: spelling: what those steps would find (a test compares them on every shape).
_USUAL = re.compile(
    r"(≥|≤|＝|＞|＜|>=|<=|=|>|<)?([0-9]+(?:\.[0-9]+)?)([^\d\s~～\-—–至到±+,.．]{0,8})"
)
_USUAL_COMPARATORS: dict[str | None, str | None] = {
    None: None, "≥": ">=", "≤": "<=", "＝": "=", "＞": ">", "＜": "<",
    ">=": ">=", "<=": "<=", "=": "=", ">": ">", "<": "<",
}  # fmt: skip
_is_normalized = unicodedata.is_normalized


@lru_cache(maxsize=16384)  # targets repeat across documents; a Target is immutable
def parse_target(text: str | None) -> Target:
    """Parse a 指标值 cell. Never raises: what cannot be parsed keeps value ``None``."""
    raw = (text or "").strip()
    if not raw:
        return _target(raw)
    m = _USUAL.fullmatch(raw)
    if m is not None:
        symbol, number, unit = m.groups()
        if (
            _is_normalized("NFKC", raw[m.start(2) :])
            and unit[-1:] not in _SUFFIXES_BY_LAST
            and len(number) <= MAX_TARGET_DIGITS
            and not (unit.startswith("年") and _YEAR_VALUE.match(number))
        ):
            return _target(raw, _USUAL_COMPARATORS[symbol], Decimal(number), unit or None)
    s = normalize(raw)
    if s in _NO_TARGET:
        return _target(raw)
    comparator = None
    for spelling, comp in _PREFIXES_BY_FIRST.get(s[:1], ()):
        if s.startswith(spelling):
            comparator, s = comp, s[len(spelling) :]
            break
    for spelling, comp in _SUFFIXES_BY_LAST.get(s[-1:], ()):
        if s.endswith(spelling):
            # "95%以上" states the comparator; "≥90%以上" states it twice.
            if comparator is None or comparator[0] == comp[0]:
                comparator, s = comparator or comp, s[: -len(spelling)]
            break
    if "±" in s or "+" in s:
        band = _BAND.match(s)
        if band:
            return _band(raw, comparator, band)
    if not _HAS_DIGIT.search(s):
        if comparator is None:
            return _target(raw, "qualitative")
        return _target(raw, comparator)
    m = _QUANT.match(s)
    if not m:
        return _target(raw, comparator)
    value_text, unit, upper_text, unit2 = m.groups()
    if upper_text and _YEAR_MONTH.match(value_text) and _YEAR_MONTH.match(upper_text):
        return _target(raw, comparator)  # a date, like ``2021年12月底前``: no measure
    if not upper_text and _YEAR_VALUE.match(value_text) and unit.startswith("年"):
        return _target(raw, comparator)  # a date, like ``2023年底``: no measure
    # The pattern admits only `NUMBER` spellings, which `parse_number` would accept.
    value = Decimal(value_text.replace(",", ""))
    upper = Decimal(upper_text.replace(",", "")) if upper_text else None
    if value.adjusted() >= MAX_TARGET_DIGITS or (
        upper is not None and upper.adjusted() >= MAX_TARGET_DIGITS
    ):
        return _target(raw, comparator)  # not a measurable number
    if upper is not None and comparator is None:
        # A range states both bounds explicitly: at least the lower, at most the upper.
        comparator = ">="
    if unit and unit2 and unit != unit2:
        return _target(raw, comparator)
    return _target(raw, comparator, value, unit or unit2 or None, upper)


def _band(raw: str, comparator: str | None, m: re.Match[str]) -> Target:
    """``±5%以内`` → at most 5 (the allowed deviation); ``100±5`` → the range 95 to 105."""
    width = _decimal(m.group("width"))
    unit = m.group("unit") or None
    if m.group("centre") is None or width is None:
        return _target(raw, "<=", width, unit)
    centre = _decimal(m.group("centre"))
    if centre is None:  # pragma: no cover - the regex admits only numbers
        return _target(raw, comparator)
    return _target(raw, ">=", centre - width, unit, centre + width)


def _decimal(s: str) -> Decimal | None:
    try:
        return parse_number(s)
    except ValueError:  # pragma: no cover - the regex admits only numbers
        return None


def format_target(comparator: str | None, value: Decimal | None, unit: str | None) -> str:
    """The canonical spelling of a parsed target (``>=``, 90, ``%`` → ``≥90%``)."""
    symbol = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "=", None: ""}.get(comparator, "")
    return f"{symbol}{'' if value is None else value}{unit or ''}"
