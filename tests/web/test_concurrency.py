"""Two users saving the same version at once: exactly one wins, the other gets a conflict."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from jixiao.web.goals import workflow
from jixiao.web.goals.models import Project
from jixiao.web.goals.workflow import StaleVersionError


@pytest.mark.django_db(transaction=True)
def test_concurrent_edits_of_one_version_let_exactly_one_through(users, project, make_user, org):
    alice2 = make_user("alice2", "unit", unit=org.unit_a)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(user, purpose: str) -> None:
        row = Project.objects.select_related("document__unit").get(pk=project.pk)
        barrier.wait()
        try:
            workflow.edit(row, user, {"purpose": purpose}, version=1)
            outcomes[purpose] = "saved"
        except StaleVersionError:
            outcomes[purpose] = "conflict"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(users.alice, "甲")),
        threading.Thread(target=save, args=(alice2, "乙")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes.values()) == ["conflict", "saved"]
    stored = Project.objects.get(pk=project.pk)
    winner = next(p for p, o in outcomes.items() if o == "saved")
    assert (stored.purpose, stored.version) == (winner, 2)
