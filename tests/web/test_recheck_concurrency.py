"""Two reviewers drawing re-check samples at the same moment never take the same project:
the database refuses a second row for a project (`recheck_project_drawn_once`, SQLite and
PostgreSQL) and `services.draw` draws again from what is left."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from jixiao.core import followup
from jixiao.web.rectification import services


@pytest.fixture
def evaluated(seeded):
    from jixiao.web.monitoring.models import SelfEvaluation

    for p in seeded.projects.all():
        SelfEvaluation.objects.create(project=p, executed=Decimal("1"))
    return seeded


@pytest.mark.django_db
def test_the_database_refuses_a_second_draw_of_one_project(users, evaluated):
    from jixiao.web.rectification.models import Recheck, RecheckDraw

    project = evaluated.projects.first()
    first = RecheckDraw.objects.create(year=2022, share=Decimal("0.1"), seed=1, population=1)
    second = RecheckDraw.objects.create(year=2022, share=Decimal("0.1"), seed=2, population=1)
    Recheck.objects.create(draw=first, project=project)
    with pytest.raises(IntegrityError), transaction.atomic():
        Recheck.objects.create(draw=second, project=project)
    # A row an earlier version drew again is kept outside the rule (the migration marks it).
    Recheck.objects.create(draw=second, project=project, repeat=True)


@pytest.mark.django_db
def test_a_draw_that_read_a_stale_sample_draws_again(users, evaluated, monkeypatch):
    """As on PostgreSQL: the other reviewer's draw commits after ours read what was drawn."""
    from jixiao.web.rectification.models import Recheck

    ids = sorted(evaluated.projects.values_list("pk", flat=True))
    other = services.draw(users.bob, 2022, Decimal("0.5"), seed=3)
    taken = set(other.rechecks.values_list("project_id", flat=True))
    real = followup.draw_sample
    calls: list[int] = []

    def stale(pks, share, seed, drawn=()):
        calls.append(len(calls))
        # The first read did not yet see the other draw: it picks from every project.
        return real(pks, share, seed, () if len(calls) == 1 else drawn)

    monkeypatch.setattr(followup, "draw_sample", stale)
    mine = services.draw(users.bob, 2022, Decimal("1"), seed=3)
    assert len(calls) == 2  # refused once by the database, then drawn again
    projects = list(Recheck.objects.values_list("project_id", flat=True))
    assert sorted(projects) == ids  # every project once
    assert set(mine.rechecks.values_list("project_id", flat=True)) == set(ids) - taken


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_drawing_at_once_never_take_the_same_project(
    users, evaluated, make_user, org
):
    from jixiao.web.rectification.models import Recheck

    bob2 = make_user("bob2", "reviewer", regions=[org.region])
    total = evaluated.projects.count()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def draw(user, seed: int) -> None:
        barrier.wait()
        try:
            services.draw(user, 2022, Decimal("0.6"), seed)
        except services.RectificationInputError as e:  # every project drawn already
            errors.append(e)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=draw, args=(users.bob, 1)),
        threading.Thread(target=draw, args=(bob2, 2)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    projects = list(Recheck.objects.values_list("project_id", flat=True))
    assert len(projects) == len(set(projects))  # no project drawn twice
    assert not errors and len(projects) <= total


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_projects_an_earlier_version_drew_twice(users, evaluated):
    """Before the rule a later draw could take a project again: the migration keeps both
    rows (and their scores) and marks the later one, so the constraint can be added."""
    from django.db.migrations.executor import MigrationExecutor

    project = evaluated.projects.first()
    before = [("rectification", "0001_initial")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Draw, Recheck = (
        old.get_model("rectification", "RecheckDraw"),
        old.get_model("rectification", "Recheck"),
    )
    rows = []
    for seed in (1, 2):
        d = Draw.objects.create(year=2022, share="0.1", seed=seed, population=1)
        rows.append(Recheck.objects.create(draw=d, project_id=project.pk, bureau_score="80"))
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from jixiao.web.rectification.models import Recheck as Now

    kept = {r.pk: (r.repeat, r.bureau_score) for r in Now.objects.all()}
    assert kept == {rows[0].pk: (False, Decimal("80")), rows[1].pk: (True, Decimal("80"))}
