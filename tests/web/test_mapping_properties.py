"""Property: any core project survives project_to_db → project_from_db unchanged."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.core import model as core
from jixiao.core.formats.json_io import project_to_dict
from jixiao.web.goals.editing import apply_changes
from jixiao.web.goals.mapping import project_from_db, project_to_db, with_children
from jixiao.web.goals.models import Project

pytestmark = pytest.mark.django_db

# PostgreSQL text cannot hold NUL; surrogates are not text.
text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
)
opt_text = st.none() | text
# Decimals with 0–6 written places ("25", "2.28", "1.400000"): the places must survive.
decimals = st.none() | st.builds(
    lambda n, places: Decimal(n).scaleb(-places), st.integers(0, 10**10), st.integers(0, 6)
)
targets = st.builds(
    core.Target,
    text=text,
    comparator=st.none() | st.sampled_from(core.COMPARATORS),
    value=decimals,
    unit=st.none() | st.sampled_from(["%", "人", "天", "万元"]),
    upper=decimals,
)
indicators = st.builds(
    core.Indicator,
    level1=opt_text,
    level2=opt_text,
    name=opt_text,
    description=opt_text,
    target=targets,
    basis=opt_text,
    weight=decimals,
)
cells = st.builds(
    core.PlanCell, month=st.sampled_from(core.PLAN_MONTHS), text=st.none() | text, percent=decimals
)
projects = st.builds(
    core.Project,
    seq=st.none() | st.integers(1, 999),
    code=opt_text,
    name=text,
    budget=st.builds(core.Budget, total=decimals, fiscal=decimals, other=decimals),
    purpose=opt_text,
    spending_plan=st.builds(core.SpendingPlan, st.lists(cells, max_size=4)),
    goals=st.lists(text, max_size=3),
    indicators=st.lists(indicators, max_size=4),
    goals_text=opt_text,
    title=opt_text,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(p=projects)
def test_any_project_survives_the_database(project, p):
    with transaction.atomic():
        project_to_db(project, p)
        stored = with_children(Project.objects.filter(pk=project.pk)).get()
        assert project_from_db(stored) == p
        assert project_to_dict(project_from_db(stored)) == project_to_dict(p)
        transaction.set_rollback(True)


@pytest.mark.parametrize("seq", range(1, 37))
def test_sending_a_project_back_unchanged_changes_nothing(seeded, seq):
    row = with_children(seeded.projects.filter(seq=seq)).get()
    current = project_from_db(row)
    data = project_to_dict(current)
    keys = (
        "code",
        "name",
        "title",
        "budget",
        "purpose",
        "spending_plan",
        "goals",
        "goals_text",
        "indicators",
    )
    assert apply_changes(current, {k: data[k] for k in keys}) == current
