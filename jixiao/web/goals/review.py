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


def document_findings(doc: Any) -> tuple[list[dict[str, Any]], bool]:
    """Findings about a core document (an import preview), and whether the engine ran."""
    review = _engine()
    if review is None:
        return [], False
    return [f.to_dict() for f in review(doc).findings], True


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


def open_errors(project: Project) -> tuple[int | None, list[str]]:
    """``project``'s quality score and its 错误 as Chinese lines (``第 2 个指标：…``), from
    a fresh review of its document; (None, []) without the engine."""
    review = _engine()
    if review is None:
        return None, []
    report = review(mapping.document_from_db(project.document))
    score = next((p.score for p in report.projects if p.seq == project.seq), None)
    errors = []
    for f in report.findings:
        concerns = getattr(f, "projects", ()) or ()
        mine = f.project_seq == project.seq or (f.project_seq is None and project.seq in concerns)
        if mine and f.severity == "error":
            where = f"第 {f.indicator} 个指标：" if f.indicator else ""
            errors.append(f"{where}{f.message}")
    return score, errors


def submit_with_errors() -> str:
    """The review profile's [submission] with_errors: ``confirm`` or ``refuse``."""
    from jixiao.core.review.profile import load_profile

    return load_profile().submit_with_errors
