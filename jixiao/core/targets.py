"""Parsing of target values (指标值): ``≥90%`` → comparator ``>=``, value 90, unit ``%``.

Documents write targets loosely (domain.md §3): full-width symbols and digits, ``>=``,
``不低于95%``, ``95%以上``, thousands separators, ranges ``90%-95%``, bare numbers with no
comparator, and qualitative wording. The raw text is always kept; a comparator that is not
written stays ``None`` (the review flags it, the parser does not guess).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

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

_NUMBER = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_QUANT = re.compile(
    rf"^(?P<value>{_NUMBER})\s*(?P<unit>[^\d\s~～\-—–至到]{{0,8}}?)\s*"
    rf"(?:[~～\-—–至到]\s*(?P<upper>{_NUMBER})\s*(?P<unit2>[^\d\s]{{0,8}}?))?$"
)
_HAS_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Full-width to half-width (NFKC: ＞＝％１２), spaces removed."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=4096)
def parse_target(text: str | None) -> Target:
    """Parse a 指标值 cell. Never raises: what cannot be parsed keeps value ``None``."""
    raw = (text or "").strip()
    if not raw:
        return Target(text=raw)
    s = normalize(raw)
    comparator = None
    for spelling, comp in _PREFIXES:
        if s.startswith(spelling):
            comparator, s = comp, s[len(spelling) :]
            break
    for spelling, comp in _SUFFIXES:
        if s.endswith(spelling):
            # "95%以上" states the comparator; "≥90%以上" states it twice.
            if comparator is None or comparator[0] == comp[0]:
                comparator, s = comparator or comp, s[: -len(spelling)]
            break
    if not _HAS_DIGIT.search(s):
        if comparator is None:
            return Target(text=raw, comparator="qualitative")
        return Target(text=raw, comparator=comparator)
    m = _QUANT.match(s)
    if not m:
        return Target(text=raw, comparator=comparator)
    value = _decimal(m.group("value"))
    unit = m.group("unit") or m.group("unit2") or None
    upper = _decimal(m.group("upper")) if m.group("upper") else None
    if upper is not None and comparator is None:
        # A range states both bounds explicitly: at least the lower, at most the upper.
        comparator = ">="
    if m.group("unit") and m.group("unit2") and m.group("unit") != m.group("unit2"):
        return Target(text=raw, comparator=comparator)
    return Target(text=raw, comparator=comparator, value=value, unit=unit, upper=upper)


def _decimal(s: str) -> Decimal | None:
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only numbers
        return None


def format_target(comparator: str | None, value: Decimal | None, unit: str | None) -> str:
    """The canonical spelling of a parsed target (``>=``, 90, ``%`` → ``≥90%``)."""
    symbol = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "=", None: ""}.get(comparator, "")
    return f"{symbol}{'' if value is None else value}{unit or ''}"
