"""Review findings for stored projects (the review engine lives in `jixiao.core.review`)."""

from __future__ import annotations

from typing import Any

from jixiao.web.goals import mapping
from jixiao.web.goals.models import Project


def _engine() -> Any:
    try:
        from jixiao.core.review import review
    except ImportError:  # the engine is optional at this layer; pages say it is missing
        return None
    return review


def review_available() -> bool:
    return _engine() is not None


def document_review(doc: Any) -> Any | None:
    """The review report of a core document (an import preview); None without the engine."""
    review = _engine()
    return None if review is None else review(doc)


def document_findings(doc: Any) -> tuple[list[dict[str, Any]], bool]:
    """Findings about a core document (an import preview), and whether the engine ran."""
    report = document_review(doc)
    if report is None:
        return [], False
    return [f.to_dict() for f in report.findings], True


def findings_for_project(project: Project) -> tuple[list[dict[str, Any]], bool]:
    """Findings about ``project`` (its own, and document-wide ones naming it)."""
    review = _engine()
    if review is None:
        return [], False
    doc = mapping.document_from_db(project.document)
    report = review(doc)
    out = []
    for f in report.findings:
        concerns = getattr(f, "projects", ()) or ()
        if f.project_seq == project.seq or (f.project_seq is None and project.seq in concerns):
            out.append(f.to_dict())
    return out, True
