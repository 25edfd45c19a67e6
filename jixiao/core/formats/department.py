"""The department part (部门整体绩效目标) from its paragraphs, as the text reader reads it.

Sections ``一、总体绩效目标`` / ``二、分项绩效目标`` / ``三、工作保障措施``; overall goals and
measures lose their ``一是`` ordinals; project summaries are ``N.名称`` followed by their
text lines. Titles (``第一部分``, ``…绩效目标``) are skipped. Shared by every reader.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from jixiao.core.model import Project, ProjectSummary
from jixiao.core.numbering import strip_ordinal

#: Title of the department indicator table in exports.
DEPARTMENT_TABLE = "部门整体绩效目标表"

_SECTION = re.compile(r"^\s*([一二三四五六七八九十]+)\s*、\s*(.+?)\s*$")
_SUMMARY = re.compile(r"^\s*(\d+)\s*[.．、]\s*(.+?)\s*$")
_TITLE = re.compile(r"^\s*(第[一二三四五六七八九十]+部分|[^，。；,;]{0,16}绩效目标)\s*$")
_NUMERALS = "一二三四五六七八九十"
_TITLE_ENDS = ("部分", "绩效目标")


def department(lines: list[str]) -> tuple[list[str], list[ProjectSummary], list[str]]:
    """(overall goals, project summaries, measures) from the paragraphs before the tables."""
    overall: list[str] = []
    summaries: list[ProjectSummary] = []
    measures: list[str] = []
    section = None
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        # Each pattern is tried only where it can match (the line is stripped): a section
        # starts with a Chinese numeral and has a 、, a title ends in 部分 or 绩效目标, a
        # summary starts with a digit.
        m = _SECTION.match(line) if line[0] in _NUMERALS and "、" in line else None
        if m and len(line) <= 20:
            title = m.group(2)
            section = (
                "overall"
                if "总体" in title
                else "summaries"
                if "分项" in title
                else "measures"
                if ("保障" in title or "措施" in title)
                else None
            )
            continue
        if line.endswith(_TITLE_ENDS) and _TITLE.match(line):
            continue
        if section == "summaries":
            summary = _summary(line) if line[0].isdecimal() else None
            if summary is not None:
                summaries.append(summary)
            elif summaries:
                last = summaries[-1]
                last.text = f"{last.text}\n{line}" if last.text else line
        elif section == "overall":
            overall.append(strip_ordinal(line))
        elif section == "measures":
            measures.append(strip_ordinal(line))
    return overall, summaries, measures


def _summary(line: str) -> ProjectSummary | None:
    """A stripped line ``N.名称`` as a summary's heading (`_SUMMARY`), or None."""
    seq, dot, name = line.partition(".")
    if dot and seq.isdecimal() and name and not name[0].isspace() and not name[-1].isspace():
        # What `_SUMMARY` gives for the usual spelling, without running it.
        return ProjectSummary(int(seq), name, "")
    sm = _SUMMARY.match(line)
    if sm and not line[len(sm.group(1)) :].lstrip().startswith(("年", "月")):
        return ProjectSummary(int(sm.group(1)), sm.group(2), "")
    return None


def derived_year(projects: list[Project], overall: list[str]) -> int | None:
    """The fiscal year from the project codes (characters 7–8), else from the goals.

    Characters that are digits but no decimal digits (``²``, ``①``) are no year: `int`
    refuses them (they used to crash every reader)."""
    digits = [c[6:8] for p in projects if (c := p.code) and len(c) >= 8 and c[6:8].isdecimal()]
    if digits:
        if digits.count(digits[0]) == len(digits):
            return 2000 + int(digits[0])  # every code says the same year: the usual case
        return Counter(2000 + int(d) for d in digits).most_common(1)[0][0]
    for goal in overall:
        m = re.search(r"(20\d\d)\s*年", goal)
        if m:
            return int(m.group(1))
    return None


def has_department_part(doc: Any) -> bool:
    """Whether ``doc`` has a department part to write (a single project's export has none)."""
    return bool(
        doc.overall_goals
        or doc.project_summaries
        or doc.measures
        or getattr(doc, "department_indicators", None)
    )
