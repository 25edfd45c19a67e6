"""Scores on the pages are the review engine's, and a change is seen at once (no stale cache)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def engine_scores(document) -> dict[int, int]:
    from jixiao.core.review import review
    from jixiao.web.goals.mapping import document_from_db

    by_seq = {s.seq: s.score for s in review(document_from_db(document)).projects}
    return {p.pk: by_seq[p.seq] for p in document.projects.all()}


def test_scores_equal_the_engines_and_follow_edits(users, seeded):
    from jixiao.web.front import quality
    from jixiao.web.goals import workflow

    projects = list(seeded.projects.all())
    assert quality.scores_for(projects) == engine_scores(seeded)
    first = seeded.projects.get(seq=1)
    before = quality.scores_for([first])[first.pk]
    fixed = [
        {
            "level1": i.level1,
            "level2": i.level2,
            "name": i.name,
            "description": i.description,
            "target": "=8人" if k == 0 else "≥95%",
            "basis": "计划标准",
        }
        for k, i in enumerate(first.indicators.order_by("position"))
    ]
    workflow.edit(first, users.alice, {"indicators": fixed}, version=first.version)
    after = quality.scores_for([first])[first.pk]
    assert after > before
    assert after == engine_scores(seeded)[first.pk]


def test_project_findings_include_document_wide_ones_that_name_it(seeded, seed_doc):
    from jixiao.core.review import review
    from jixiao.web.front import quality

    report = review(seed_doc)
    wide = 0
    for seq in (1, 2, 27):
        p = seeded.projects.get(seq=seq)
        _, mine = quality.project_review(p)
        expected = [
            f.to_dict()
            for f in report.findings
            if f.project_seq == seq or (f.project_seq is None and seq in (f.projects or ()))
        ]
        assert mine == expected
        wide += sum(1 for f in mine if f["project_seq"] is None)
    assert wide > 0  # document-wide findings naming these projects are included
