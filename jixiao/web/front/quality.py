"""Quality scores and review findings of stored projects, for pages that list many projects.

The review engine (`jixiao.core.review`) judges a whole document at once (some rules
compare a project with its neighbours), so scores are computed per document and kept in
Django's cache under a fingerprint of the document's projects (ids, versions, update
times): any workflow write bumps a version, so a stale score is never served.

Cost in queries, whatever the number of projects: one for the fingerprints, plus four when
some document is not cached yet (documents, projects, indicators, spending plans).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache

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


def _engine() -> Any:
    try:
        from jixiao.core.review import review
    except ImportError:  # pages then show no scores rather than failing
        return None
    return review


def available() -> bool:
    return _engine() is not None


def _key(document_id: int, rows: list[tuple[Any, ...]]) -> str:
    digest = hashlib.sha1(repr(sorted(rows)).encode(), usedforsecurity=False).hexdigest()
    return f"jixiao:review:{document_id}:{digest}"


def reviews(document_ids: Iterable[int]) -> dict[int, DocumentReview]:
    """The review of each document (``{}`` when the review engine is not installed)."""
    review = _engine()
    ids = sorted(set(document_ids))
    if review is None or not ids:
        return {}
    rows: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for doc_id, pk, version, updated in Project.objects.filter(document_id__in=ids).values_list(
        "document_id", "id", "version", "updated_at"
    ):
        rows[doc_id].append((pk, version, updated.isoformat() if updated else ""))
    keys = {doc_id: _key(doc_id, rows[doc_id]) for doc_id in ids}
    found = cache.get_many(list(keys.values()))
    out = {doc_id: found[k] for doc_id, k in keys.items() if k in found}
    missing = [doc_id for doc_id in ids if doc_id not in out]
    if missing:
        fresh = _review_documents(missing, review)
        cache.set_many({keys[doc_id]: r for doc_id, r in fresh.items()}, TIMEOUT)
        out.update(fresh)
    return out


def _review_documents(ids: list[int], review: Any) -> dict[int, DocumentReview]:
    documents = {d.pk: d for d in GoalDocument.objects.filter(pk__in=ids)}
    projects: dict[int, list[Project]] = defaultdict(list)
    qs = Project.objects.filter(document_id__in=ids).order_by("document_id", "seq", "id")
    for p in mapping.with_children(qs).select_related(None):
        projects[p.document_id].append(p)
    out = {}
    for doc_id, document in documents.items():
        rows = projects[doc_id]
        report = review(mapping.document_from_db(document, rows))
        result = DocumentReview(score=report.score)
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
    doc = reviews([project.document_id]).get(project.document_id)
    if doc is None:
        return None, []
    return doc.scores.get(project.pk), doc.findings.get(project.pk, [])
