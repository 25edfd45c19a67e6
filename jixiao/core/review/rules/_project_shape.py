"""A project's shape (the bits of rules/_facts.py that project rules need), derived once
per project by the engine before the project rules run.

Most project rules look at one part of the project (the budget, the plan, the code, the
purpose) and fire on few projects; the engine calls a rule only where the project has the
bits it `needs`, as it calls indicator rules only on rows of the shapes they can fire on.
"""

from __future__ import annotations

from decimal import Decimal
from operator import attrgetter

from jixiao.core.amounts import STATED_UNITS
from jixiao.core.model import Project
from jixiao.core.review.rule import Context
from jixiao.core.review.rules._facts import (
    BUDGET_MISSING,
    BUDGET_PARTS,
    CODE_BLANK,
    MIDTERM,
    MONEY_TARGET,
    MONEY_TARGETS,
    NONPOSITIVE,
    PLAN_BITS,
    PLAN_BLANKS,
    PLAN_DECREASING,
    PLAN_EMPTY,
    PLAN_LATE,
    PLAN_OUT_OF_RANGE,
    PLAN_SHORT,
    PURPOSE_BLANK,
    SELF_EVALUATION,
    YEAR_TARGET,
)
from jixiao.core.review.rules.measures import _YEAR
from jixiao.core.review.rules.plan import _percent, _plan

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
_MIDTERM = attrgetter("midterm")
_UNIT = attrgetter("target.unit")
_TEXT = attrgetter("target.text")
_MONEY = frozenset(STATED_UNITS)
#: ``ctx.shared`` key of whether the document is a self-evaluation (`SELF_EVALUATION`).
_SELF_EVALUATION = "shape.self_evaluation"


def _self_evaluation(ctx: Context) -> bool:
    """Whether the document states an execution line, a weight, a score or an actual value
    anywhere: looked at once per document."""
    found = ctx.shared.get(_SELF_EVALUATION)
    if found is None:
        found = ctx.shared[_SELF_EVALUATION] = any(
            p.execution is not None
            or any(
                i.score is not None or i.weight is not None or i.actual is not None
                for i in p.indicators
            )
            for p in ctx.doc.projects
        )
    return bool(found)


def project_shape(ctx: Context, project: Project, wanted: int) -> int:
    """The bits of ``wanted`` that ``project`` has (others may be set too)."""
    bits = 0
    b = project.budget
    total = b.total
    if total is None:
        bits = BUDGET_MISSING
    else:
        if not b.parts_unread and (
            b.fiscal is not None or b.other is not None or b.carryover is not None
        ):
            bits = BUDGET_PARTS
        if total <= _ZERO:
            bits |= NONPOSITIVE
        inds = project.indicators
        if wanted & MONEY_TARGET and not _MONEY.isdisjoint(map(_UNIT, inds)):
            bits |= MONEY_TARGET
            if wanted & MONEY_TARGETS and sum(map(_MONEY.__contains__, map(_UNIT, inds))) > 1:
                bits |= MONEY_TARGETS
    if (b.fiscal is not None and b.fiscal < _ZERO) or (b.other is not None and b.other < _ZERO):
        bits |= NONPOSITIVE
    purpose = project.purpose
    if not purpose or purpose.isspace():
        bits |= PURPOSE_BLANK
    code = project.code
    if not code or code.isspace():
        bits |= CODE_BLANK
    if wanted & MIDTERM and any(map(_MIDTERM, project.indicators)):
        bits |= MIDTERM
    # One search over the targets joined: a year in one text is found in the whole (a match
    # across two texts only lets R107 look).
    if wanted & YEAR_TARGET and _YEAR.search("\n".join(map(_TEXT, project.indicators))):
        bits |= YEAR_TARGET
    if wanted & SELF_EVALUATION and _self_evaluation(ctx):
        bits |= SELF_EVALUATION
    if wanted & PLAN_BITS:
        plan = _plan(ctx, project)
        if plan.empty:
            bits |= PLAN_EMPTY
        else:
            final = _percent(project, plan.last)
            if final < _HUNDRED:
                bits |= PLAN_SHORT
            elif plan.late and plan.last_month == 12 and final == _HUNDRED:
                bits |= PLAN_LATE
        if plan.decreasing is not None:
            bits |= PLAN_DECREASING
        if plan.out_of_range is not None:
            bits |= PLAN_OUT_OF_RANGE
        if plan.blanks:
            bits |= PLAN_BLANKS
    return bits
