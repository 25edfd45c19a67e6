"""Numbering as documents write it: ``1.`` goal lines and ``一是`` ordinals.

The model stores goals without their numbers; these helpers take numbers off when reading
and put them back when writing, so the two directions stay inverse of each other.
"""

from __future__ import annotations

import re

CHINESE_DIGITS = "零一二三四五六七八九"

_GOAL_NUMBER = re.compile(r"^\s*(?:\d+|[（(]\d+[)）])\s*[.．、,，)）]?\s*")
_ORDINAL = re.compile(r"^\s*[一二三四五六七八九十]+是")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for ordinals up to 99)."""
    if n < 10:
        return CHINESE_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_DIGITS[tens]
    return head + "十" + (CHINESE_DIGITS[ones] if ones else "")


def split_goals(text: str | None) -> list[str]:
    """``"1.甲\\n2.乙"`` → ``["甲", "乙"]``: one goal per non-blank line, numbers removed."""
    if not text:
        return []
    goals = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        goals.append(_GOAL_NUMBER.sub("", line, count=1).strip() if _numbered(line) else line)
    return goals


def _numbered(line: str) -> bool:
    # "2022年…" starts with digits but is not a number prefix: require a separator.
    m = re.match(r"^\s*(?:\d+|[（(]\d+[)）])\s*([.．、,，)）]?)", line)
    return bool(m and (m.group(1) or line.lstrip().startswith(("(", "（"))))


def format_goals(goals: list[str]) -> str:
    return "\n".join(f"{i}.{g}" for i, g in enumerate(goals, 1))


def strip_ordinal(text: str) -> str:
    """``"一是开展…"`` → ``"开展…"``."""
    return _ORDINAL.sub("", text, count=1)


def add_ordinal(index: int, text: str) -> str:
    """``(1, "开展…")`` → ``"一是开展…"``."""
    return f"{chinese_number(index)}是{text}"
