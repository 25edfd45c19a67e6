"""Numbering as documents write it: ``1.`` goal lines and ``一是`` ordinals.

The model stores goals without their numbers; these helpers take numbers off when reading
and put them back when writing, so the two directions stay inverse of each other.
"""

from __future__ import annotations

import re

CHINESE_DIGITS = "零一二三四五六七八九"

_ORDINAL = re.compile(r"^\s*[一二三四五六七八九十]+是")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for ordinals up to 99)."""
    if n < 10:
        return CHINESE_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_DIGITS[tens]
    return head + "十" + (CHINESE_DIGITS[ones] if ones else "")


#: A goal line's number: "1." "2、" "(3)" "（4）" — but not the "2022" of "2022年…".
_NUMBER_PREFIX = re.compile(r"\s*(?:\d+\s*[.．、,，)）]|[（(]\d+[)）]|目标\s*\d+\s*[:：])\s*")


def _run_on(line: str) -> list[str]:
    """``"1、甲 2、乙 3、丙"`` (numbered goals run on in one line) → ``["1、甲", "2、乙", "3、丙"]``:
    split before the next number in sequence after a space or a full stop, never elsewhere
    (``建设2公里、…`` stays whole); ``…以下目标： 目标1：甲 目标2：乙`` likewise, the lead-in
    kept as the first part."""
    m = re.match(r"\s*(\d+)\s*[.．、]", line)
    mark = r"\s*[.．、]"
    parts: list[str] = []
    if m is None and "二是" in line:
        ordinals = _ordinals_run_on(line)
        if ordinals is not None:
            return ordinals
    if m is None:
        # ``达成以下目标： 目标1：甲 目标2：乙``: a lead-in, then 目标N： markers.
        m = re.search(r"(?:^|\s|(?<=[；;。：:]))目标\s*(1)\s*[:：]", line)
        if m is None or not re.search(r"目标\s*2\s*[:：]", line):
            return [line]
        mark, lead = r"\s*[:：]", line[: m.start()].strip()
        parts = [lead] if lead else []
        line = line[m.start() :].lstrip()
    n, rest = int(m.group(1)), line
    while True:
        prefix = "目标" if mark.endswith("[:：]") else ""
        nxt = re.search(rf"(?:\s|(?<=[；;。]))\s*{prefix}\s*{n + 1}{mark}", rest)
        if nxt is None:
            return [*parts, rest]
        parts.append(rest[: nxt.start()].rstrip(" ；;，,"))
        rest, n = rest[nxt.start() :].lstrip(), n + 1


def _ordinals_run_on(line: str) -> list[str] | None:
    """``"一是甲；二是乙。"`` (ordinal goals run on in one line) → ``["一是甲", "二是乙。"]``,
    as the same goals on lines of their own are read; a lead-in before ``一是`` (``目标：``)
    is kept as the first part. Split only before the next ordinal in sequence after a ``；``
    or ``。``; None when the line is not such a run."""
    first = re.search(r"(?:^\s*|(?<=[：:]))一是", line)
    if first is None or not re.search(r"[；;。]\s*二是", line[first.end() :]):
        return None
    lead = line[: first.start()].strip()
    parts = [lead] if lead else []
    rest, n = line[first.start() :].lstrip(), 2
    while True:
        nxt = re.search(rf"(?<=[；;。])\s*{chinese_number(n)}是", rest)
        if nxt is None:
            return [*parts, rest.strip()]
        parts.append(rest[: nxt.start()].rstrip(" ；;，,"))
        rest, n = rest[nxt.start() :].lstrip(), n + 1


def split_goals(text: str | None) -> list[str]:
    """``"1.甲\\n2.乙"`` → ``["甲", "乙"]``: one goal per non-blank line, numbers removed; a
    line of numbered goals run on (``1、甲 2、乙``) gives one goal per number."""
    if not text:
        return []
    goals = []
    for line in (p for whole in text.split("\n") for p in _run_on(whole)):
        m = _NUMBER_PREFIX.match(line)
        goal = (line[m.end() :] if m else line).strip()
        if goal:
            goals.append(goal)
    return goals


def format_goals(goals: list[str]) -> str:
    return "\n".join(f"{i}.{g}" for i, g in enumerate(goals, 1))


def strip_ordinal(text: str) -> str:
    """``"一是开展…"`` → ``"开展…"``."""
    return _ORDINAL.sub("", text, count=1)


def add_ordinal(index: int, text: str) -> str:
    """``(1, "开展…")`` → ``"一是开展…"``."""
    return f"{chinese_number(index)}是{text}"
