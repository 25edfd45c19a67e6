"""Each project's versions for the core's `in_force` (jixiao.core.versions): the approved
original, then every approved adjustment from its effective date. Monitoring and
self-evaluation ask here which version was in force on a date."""

from __future__ import annotations

from collections.abc import Iterable

from jixiao.core import model as core
from jixiao.core.errors import ReadError
from jixiao.core.formats.json_io import project_from_dict
from jixiao.core.versions import Version
from jixiao.web.adjustments.models import APPROVED, Adjustment
from jixiao.web.goals.models import Project as ProjectRow


def versions_of(current: core.Project, adjustments: list[Adjustment]) -> list[Version]:
    """``current`` (the project as stored) is the latest version; before the first approved
    adjustment, the version it replaced. A stored version that no longer reads leaves only
    ``current`` (in force throughout), never an error on a page."""
    if not adjustments:
        return [Version(current)]
    try:
        versions = [Version(project_from_dict(adjustments[0].before))]
        versions += [
            Version(project_from_dict(a.after), a.effective_from) for a in adjustments[:-1]
        ]
    except (ReadError, ValueError, TypeError, KeyError, AttributeError):
        return [Version(current)]
    return [*versions, Version(current, adjustments[-1].effective_from)]


def approved_adjustments(rows: Iterable[ProjectRow]) -> dict[int, list[Adjustment]]:
    """Project row id → its approved adjustments in order (one query for all rows)."""
    out: dict[int, list[Adjustment]] = {}
    ids = [r.pk for r in rows]
    qs = Adjustment.objects.filter(project_id__in=ids, status=APPROVED).order_by(
        "project_id", "number"
    )
    for a in qs:
        out.setdefault(a.project_id, []).append(a)
    return out


def document_versions(
    rows: list[ProjectRow], projects: list[core.Project]
) -> dict[int, list[Version]]:
    """By project index (as in the core document): the versions of adjusted projects."""
    adjusted = approved_adjustments(rows)
    return {
        i: versions_of(p, adjusted[r.pk])
        for i, (r, p) in enumerate(zip(rows, projects, strict=True))
        if r.pk in adjusted
    }
