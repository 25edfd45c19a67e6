"""The ranking's stored scores (`rankings.store`) equal a from-scratch scoring after a
sequence of edits: self-evaluations saved and changed, an adjustment approved, a project
deleted; and unchanged projects are not scored again."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core.evaluation import rollup
from jixiao.web.adjustments.services import approve_adjustment, request_adjustment
from jixiao.web.goals import workflow
from jixiao.web.goals.models import GoalDocument
from jixiao.web.monitoring import data
from jixiao.web.monitoring.services import LineInput, save_evaluation
from jixiao.web.rankings import store
from jixiao.web.rankings.models import ProjectResult

D = Decimal


def _from_scratch(document):
    return data.unit_evaluation(document).report.projects


def _check(document, monkeypatch):
    """Refresh what changed, then read every score back from storage (no scoring allowed)
    and compare with scoring everything from scratch."""
    store.document_scores([document])
    with monkeypatch.context() as m:
        m.setattr(data, "unit_evaluation", _no_scoring)
        stored = store.document_scores([document])[document.pk]
    fresh = _from_scratch(document)
    assert stored == fresh
    assert rollup(stored) == rollup(fresh)
    return stored


def _no_scoring(*args, **kwargs):
    raise AssertionError("scored again although nothing changed")


def _evaluate(project, user, executed="2.00", actual="80"):
    save_evaluation(
        project,
        user,
        budget_initial=D("2.28"),
        budget_adjusted=D("2.50"),
        executed=D(executed),
        lines=[LineInput(1, actual), LineInput(2, "100"), LineInput(3, "达成")],
    )


@pytest.mark.django_db
def test_stored_scores_follow_every_edit(seeded, users, monkeypatch):
    document = GoalDocument.objects.get(pk=seeded.pk)
    first, second, third = list(seeded.projects.order_by("seq")[:3])
    _check(document, monkeypatch)
    assert ProjectResult.objects.count() == 36

    _evaluate(first, users.alice)
    _evaluate(second, users.alice, executed="1.00")
    scores = _check(document, monkeypatch)
    assert scores[0].budget is not None and scores[1].budget is not None

    _evaluate(first, users.alice, actual="50")  # changed: a lower score
    after = _check(document, monkeypatch)
    assert after[0].score != scores[0].score

    workflow.submit(third, users.alice)
    workflow.approve(third, users.bob)
    third.refresh_from_db()
    adjustment = request_adjustment(
        third, users.alice, "追加预算", {"budget": {"total": "60.00", "fiscal": "60.00"}}
    )
    approve_adjustment(adjustment, users.bob)
    _evaluate(third, users.alice, executed="30.00")
    _check(document, monkeypatch)

    second.delete()
    assert len(_check(document, monkeypatch)) == 35


@pytest.mark.django_db
def test_unchanged_documents_are_read_not_scored(seeded, users, monkeypatch):
    document = GoalDocument.objects.get(pk=seeded.pk)
    store.document_scores([document])
    monkeypatch.setattr(data, "unit_evaluation", _no_scoring)
    assert len(store.document_scores([document])[document.pk]) == 36
    monkeypatch.undo()
    _evaluate(seeded.projects.get(seq=1), users.alice)
    monkeypatch.setattr(data, "unit_evaluation", _no_scoring)
    with pytest.raises(AssertionError, match="scored again"):
        store.document_scores([document])


def test_a_score_survives_its_json_form_exactly():
    from jixiao.core.evaluation import BudgetRecord
    from jixiao.core.evaluation.report import LineScore, ProjectScore, ReasonRequired

    score = ProjectScore(
        code="X1",
        seq=1,
        name="项目",
        budget=BudgetRecord("X1", None, D("2.50"), D("2.00")),
        execution_rate=D("80.00"),
        budget_weight=D("10"),
        budget_score=D("8.00"),
        lines=[LineScore(1, "指标", "产出指标", "≥90%", "80", D("50"), D("44.44"), False)],
        score=D("52.44"),
        grade="差",
        missing=[],
        reasons_required=[ReasonRequired("missed", 1, "未完成", "")],
    )
    assert store.score_from_json(store.score_to_json(score)) == score
