"""A document without defects gives no findings at all, and a perfect score."""

from __future__ import annotations

from jixiao.core.review import review


def test_clean_document_has_no_findings(clean_document) -> None:
    report = review(clean_document(7))
    assert [f.message for f in report.findings] == []
    assert report.score == 100
    assert [p.score for p in report.projects] == [100] * 7


def test_review_does_not_change_the_document(clean_document) -> None:
    doc = clean_document(3)
    doc.projects[0].indicators[0].basis = "年底实际情况"
    before = repr(doc)
    review(doc)
    assert repr(doc) == before


def test_a_document_with_nothing_to_review_scores_zero(clean_document) -> None:
    # A new document before any project is written is not a perfect document.
    report = review(clean_document(0))
    assert [f.rule for f in report.findings] == ["R097"]
    assert report.score == 0
