"""The project version in force (执行中的版本) on a date, after goal adjustments.

An approved project has one version from the start of the year (the approved original);
each approved adjustment (绩效目标调整) adds a version in force from its effective date
(生效日期) on. Monitoring on a date compares spending with the budget and plan of the version
in force that day; self-evaluation scores the version in force at the end of the year, and
its 全年预算数 (调整后预算数) is that version's budget.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from jixiao.core.model import Document, Project


@dataclass(frozen=True)
class Version:
    """One version of a project and the first day it is in force (``None``: from the start)."""

    project: Project
    effective_from: datetime.date | None = None


def in_force(versions: Sequence[Version], on: datetime.date) -> Project:
    """The version in force ``on`` a date: the latest whose effective date is on or before
    it (ties: the later in the sequence); before every effective date, the first version.
    ``versions`` are in the order they were approved; an empty sequence is a ``ValueError``."""
    if not versions:
        raise ValueError("项目没有任何版本")
    chosen = versions[0].project
    latest: datetime.date | None = None
    for v in versions:
        start = v.effective_from
        if start is None or start > on:
            continue
        if latest is None or start >= latest:
            chosen, latest = v.project, start
    return chosen


def year_end(year: int) -> datetime.date:
    """The last day of fiscal ``year`` (the date self-evaluation takes its version on)."""
    return datetime.date(year, 12, 31)


def document_in_force(
    doc: Document, versions: Mapping[int, Sequence[Version]], on: datetime.date
) -> Document:
    """``doc`` with each project that has versions (by index) replaced by the one in force."""
    if not versions:
        return doc
    projects = [
        in_force(versions[i], on) if versions.get(i) else p for i, p in enumerate(doc.projects)
    ]
    return replace(doc, projects=projects)


def default_effective_date(year: int | None, today: datetime.date) -> datetime.date:
    """When an approved adjustment takes effect unless the reviewer says: today, kept within
    fiscal ``year`` (an adjustment approved after the year counts from its last day, so
    the year-end figures use it; one approved before the year, from its first)."""
    if year is None:
        return today
    return min(max(today, datetime.date(year, 1, 1)), year_end(year))


def effective_date_problem(year: int | None, date: datetime.date) -> str:
    """Why ``date`` cannot be an adjustment's effective date in fiscal ``year``, or ``""``."""
    if year is None or date.year == year:
        return ""
    return f"生效日期 {date.isoformat()} 不在 {year} 预算年度内"
