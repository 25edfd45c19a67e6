"""Quality scores and review findings of stored projects, for pages that list many projects.

The review engine (`jixiao.core.review`) judges a whole document at once (some rules
compare a project with its neighbours), so scores are computed per document and kept in
Django's cache under a fingerprint of the document's projects (count, highest id, sum of
versions, latest update): any workflow write bumps a version, so a stale score is never
served. Scores and findings are cached apart (lists only need the scores).

Cost in queries, whatever the number of projects: one for the fingerprints (two when a
document has no project), plus four when some document is not cached yet (documents,
projects, indicators, spending plans).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Sum

from jixiao.web.goals import mapping
from jixiao.web.goals.models import GoalDocument, Project

#: Cache entries live a day; a changed project gets a new key at once anyway.
TIMEOUT = 24 * 3600


@dataclass
class DocumentReview:
    """The review of one stored document: per project id, its score and findings."""

    score: int | None = None
    scores: dict[int, int] = field(default_factory=dict)
    findings: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    #: Findings on the document as a whole that name no project.
    general: list[dict[str, Any]] = field(default_factory=list)
    #: Why the document's score is low: the messages of its document-wide errors
    #: (R097: nothing to review yet, so 0), cached with the scores for list pages.
    score_notes: tuple[str, ...] = ()
    #: Whether the document has a department part to review (core `has_department_part`).
    department_part: bool = False


def _engine() -> Any:
    try:
        from jixiao.core.review import review
    except ImportError:  # pages then show no scores rather than failing
        return None
    return review


def available() -> bool:
    return _engine() is not None


def _fingerprints(ids: list[int]) -> dict[int, str]:
    """A cache key per document that changes whenever it or one of its projects does (1 query).

    Every write bumps a project's version and its update time, so the sum of versions and
    the latest update time change; the count and the highest id catch removals; the
    document's own version catches edits of its department part, also for a document
    without any project (a department-only import), and its creation time a document
    removed and created again under the same id.
    """
    rows = (
        GoalDocument.all_objects.filter(pk__in=ids)
        .order_by()
        .values("id", "version", "created_at")
        .annotate(
            n=Count("projects"),
            top=Max("projects__id"),
            versions=Sum("projects__version"),
            at=Max("projects__updated_at"),
        )
    )
    found = {
        r["id"]: f"{r['version']}.{r['created_at'].timestamp()}.{r['n']}.{r['top']}."
        f"{r['versions']}.{r['at'].isoformat() if r['at'] else ''}"
        for r in rows
    }
    return {doc_id: f"jixiao:review3:{doc_id}:{found.get(doc_id, 'empty')}" for doc_id in ids}


def reviews(document_ids: Iterable[int], *, findings: bool = False) -> dict[int, DocumentReview]:
    """The review of each document (``{}`` when the review engine is not installed).

    Scores and findings are cached apart: lists need only the small score table, and
    only the project page pays for unpickling the findings.
    """
    review = _engine()
    ids = sorted(set(document_ids))
    if review is None or not ids:
        return {}
    keys = _fingerprints(ids)
    wanted = [f"{k}:scores" for k in keys.values()]
    if findings:
        wanted += [f"{k}:findings" for k in keys.values()]
    found = cache.get_many(wanted)
    out: dict[int, DocumentReview] = {}
    missing = []
    for doc_id, key in keys.items():
        scores = found.get(f"{key}:scores")
        notes = found.get(f"{key}:findings")
        if scores is None or (findings and notes is None):
            missing.append(doc_id)
            continue
        out[doc_id] = DocumentReview(score=scores[0], scores=scores[1], score_notes=scores[2])
        if findings and notes is not None:
            out[doc_id].findings, out[doc_id].general, out[doc_id].department_part = notes
    if missing:
        fresh = _review_documents(missing, review)
        entries: dict[str, Any] = {}
        for doc_id, r in fresh.items():
            entries[f"{keys[doc_id]}:scores"] = (r.score, r.scores, r.score_notes)
            entries[f"{keys[doc_id]}:findings"] = (r.findings, r.general, r.department_part)
        cache.set_many(entries, TIMEOUT)
        out.update(fresh)
    return out


def _review_documents(ids: list[int], review: Any) -> dict[int, DocumentReview]:
    from jixiao.core.review.finding import DEPARTMENT
    from jixiao.core.review.rule import has_department_part

    documents = {d.pk: d for d in GoalDocument.objects.filter(pk__in=ids)}
    projects: dict[int, list[Project]] = defaultdict(list)
    qs = Project.objects.filter(document_id__in=ids).order_by("document_id", "seq", "id")
    for p in mapping.with_children(qs).select_related(None):
        projects[p.document_id].append(p)
    out = {}
    for doc_id, document in documents.items():
        rows = projects[doc_id]
        core_doc = mapping.document_from_db(document, rows)
        report = review(core_doc)
        result = DocumentReview(score=report.score, department_part=has_department_part(core_doc))
        by_seq: dict[int | None, list[int]] = defaultdict(list)
        for row, scored in zip(rows, report.projects, strict=True):
            result.scores[row.pk] = scored.score
            result.findings[row.pk] = []
            by_seq[row.seq].append(row.pk)
        for f in report.findings:
            concerns = [f.project_seq] if f.project_seq is not None else list(f.projects or ())
            targets = [pk for seq in concerns for pk in by_seq.get(seq, [])]
            for pk in targets:
                result.findings[pk].append(f.to_dict())
            if not targets:
                result.general.append(f.to_dict())
        # Not the rows of the 部门整体绩效目标表: their errors are listed on the department page.
        result.score_notes = tuple(
            str(f["message"])
            for f in result.general
            if f["severity"] == "error" and not str(f["field"]).startswith(DEPARTMENT)
        )
        out[doc_id] = result
    return out


def scores_for(projects: Iterable[Project]) -> dict[int, int]:
    """Score of each given project (by id), reviewing each document at most once."""
    projects = list(projects)
    docs = reviews(p.document_id for p in projects)
    return {
        p.pk: docs[p.document_id].scores[p.pk]
        for p in projects
        if p.document_id in docs and p.pk in docs[p.document_id].scores
    }


def project_review(project: Project) -> tuple[int | None, list[dict[str, Any]]]:
    """One project's score and findings (its own and document-wide ones naming it)."""
    doc = reviews([project.document_id], findings=True).get(project.document_id)
    if doc is None:
        return None, []
    return doc.scores.get(project.pk), doc.findings.get(project.pk, [])
