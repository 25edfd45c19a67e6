"""`project_problems` decides an in-bounds project without its per-field pass; the answer
must be the full pass's, whatever field is out of bounds."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from jixiao.core import validation
from jixiao.core.bounds import TEXT_LIMITS
from jixiao.core.generate import GeneratorOptions, generate_documents
from jixiao.core.model import PlanCell, SpendingPlan
from jixiao.core.targets import parse_target


def _long(kind: str) -> str:
    return "长" * (TEXT_LIMITS[kind] + 1)


BREAKS = {
    "code": lambda p: setattr(p, "code", _long("code")),
    "name": lambda p: setattr(p, "name", _long("name")),
    "title": lambda p: setattr(p, "title", _long("title")),
    "purpose": lambda p: setattr(p, "purpose", _long("long")),
    "goal": lambda p: p.goals.append(_long("long")),
    "goal not text": lambda p: p.goals.append(12),
    "budget negative": lambda p: setattr(p.budget, "total", Decimal(-1)),
    "budget huge": lambda p: setattr(p.budget, "fiscal", Decimal(10) ** 20),
    "budget decimals": lambda p: setattr(p.budget, "total", Decimal("1.1234567")),
    "plan percent": lambda p: setattr(
        p, "spending_plan", SpendingPlan([PlanCell(3, "5000%", Decimal(5000))])
    ),
    "plan text": lambda p: setattr(
        p, "spending_plan", SpendingPlan([PlanCell(3, _long("cell"), None)])
    ),
    "indicator name": lambda p: setattr(p.indicators[0], "name", _long("name")),
    "indicator level2 not text": lambda p: setattr(p.indicators[0], "level2", ["产出"]),
    "indicator description": lambda p: setattr(p.indicators[-1], "description", _long("long")),
    "indicator basis": lambda p: setattr(p.indicators[0], "basis", _long("cell")),
    "indicator target": lambda p: setattr(p.indicators[0], "target", parse_target(_long("cell"))),
    "indicator weight": lambda p: setattr(p.indicators[0], "weight", Decimal(-3)),
    "indicator actual": lambda p: setattr(p.indicators[0], "actual", _long("cell")),
    "indicator deviation reason": lambda p: setattr(
        p.indicators[0], "deviation_reason", _long("long")
    ),
    "indicator midterm": lambda p: setattr(p.indicators[0], "midterm", _long("long")),
}


@pytest.fixture(scope="module")
def projects():
    docs = generate_documents(GeneratorOptions(units=2, projects_per_unit=5, seed=9))
    return [(p, d.money_unit) for d in docs for p in d.projects]


def _full(project, money_unit, monkeypatch) -> list[tuple[str, str]]:
    with monkeypatch.context() as m:
        m.setattr(validation, "_within", lambda *a: False)
        m.setattr(validation, "_quick", lambda *a: False)
        return validation.project_problems(project, money_unit)


def test_in_bounds_projects_have_no_problems(projects, monkeypatch) -> None:
    for p, unit in projects:
        assert validation.project_problems(p, unit) == [] == _full(p, unit, monkeypatch)


@pytest.mark.parametrize("what", sorted(BREAKS))
def test_any_field_out_of_bounds_gets_the_full_passs_problems(projects, what, monkeypatch) -> None:
    p, unit = projects[0]
    broken = copy.deepcopy(p)
    BREAKS[what](broken)
    problems = validation.project_problems(broken, unit)
    assert problems, what
    assert problems == _full(broken, unit, monkeypatch)
    assert not validation._quick(broken, validation.unit_size(unit))
    # Told that the project is plain (a reader's promise that its texts are short and its
    # numbers plain), validation still checks the amounts' sign and size, and whatever it
    # finds is what the full pass finds.
    told = validation.project_problems(broken, unit, plain=True)
    assert told in ([], problems)
    if what in ("budget negative", "budget huge"):
        assert told == problems
