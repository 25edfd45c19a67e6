"""Review findings for documents being imported and the submission policy (the review
engine lives in `jixiao.core.review`; per-project findings of stored documents, cached:
`jixiao.web.front.quality`)."""

from __future__ import annotations

from typing import Any

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


def open_errors(project: Project) -> tuple[int | None, list[str]]:
    """``project``'s quality score and its 错误 as Chinese lines (``第 2 个指标：…``), from
    a fresh review of its document; (None, []) without the engine."""
    from jixiao.web.front.quality import project_review  # the one per-project split

    score, findings = project_review(project)
    errors = []
    for f in findings:
        if f["severity"] == "error":
            where = f"第 {f['indicator']} 个指标：" if f.get("indicator") else ""
            errors.append(f"{where}{f['message']}")
    return score, errors


def submit_with_errors() -> str:
    """The review profile's [submission] with_errors: ``confirm`` or ``refuse``."""
    from jixiao.core.review.profile import load_profile

    return load_profile().submit_with_errors
