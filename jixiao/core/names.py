"""Matching project names that are worded differently (``防汛费`` vs ``防汛``)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_SUFFIXES = re.compile(r"(绩效目标表|专项经费|经费|费用|费|项目|资金)$")
_PUNCT = re.compile(r"[\s、，,。．.（）()《》“”\"']+")


def core_name(name: str) -> str:
    """The distinctive part of a project name: punctuation and 经费/费用-type suffixes off."""
    s = _PUNCT.sub("", name)
    prev = None
    while prev != s:
        prev, s = s, _SUFFIXES.sub("", s)
    return s or name


def names_correspond(a: str, b: str, threshold: float = 0.6) -> bool:
    """True when two names plainly mean the same project."""
    ca, cb = core_name(a), core_name(b)
    if ca == cb or ca in cb or cb in ca:
        return True
    return SequenceMatcher(None, ca, cb).ratio() >= threshold
