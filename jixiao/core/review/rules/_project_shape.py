"""A project's shape (the bits of rules/_facts.py that project rules need), derived once
per project by the engine before the project rules run.

Most project rules look at one part of the project (the budget, the plan, the code, the
purpose, rows of some kind) and fire on few projects; the engine calls a rule only where
the project has the bits it `needs`, as it calls indicator rules only on rows of the shapes
they can fire on. What the project's rows hold comes from their shapes (`Facts.shape`),
which the engine has from its pass over the rows: their OR, ``rows``.
"""

from __future__ import annotations

from decimal import Decimal
from operator import attrgetter

from jixiao.core.amounts import STATED_UNITS
from jixiao.core.model import Project
from jixiao.core.review.rule import HISTORY, Context
from jixiao.core.review.rules._facts import (
    ATYPICAL,
    ATYPICAL_VALUE,
    BENEFIT,
    BUDGET_MISSING,
    BUDGET_PARTS,
    CODE_BLANK,
    CODE_DIGITS,
    CODE_LENGTH,
    CODE_YEAR,
    COST,
    DEADLINE,
    FEW_GOALS,
    FEW_INDICATORS,
    LEVEL1_MISSING,
    MIDTERM,
    MIN_GOALS,
    MIN_INDICATORS,
    MONEY_TARGET,
    MONEY_TARGETS,
    MONEY_VALUE,
    NO_COST,
    NO_GOALS,
    NONPOSITIVE,
    OUTPUT,
    OUTPUT_INCOMPLETE,
    OUTPUT_QUALITY,
    OUTPUT_TIMELY,
    PLAN_BITS,
    PLAN_BLANKS,
    PLAN_DECREASING,
    PLAN_EMPTY,
    PLAN_LATE,
    PLAN_OUT_OF_RANGE,
    PLAN_SHORT,
    PURPOSE_BLANK,
    ROWS,
    SATISFACTION,
    SELF_EVALUATION,
    TOPIC_WORD,
    TOPICAL,
    YEAR_TARGET,
    ZERO_COST,
    ZERO_COSTS,
    Facts,
)
from jixiao.core.review.rules.plan import _percent, _plan

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
_MIDTERM = attrgetter("midterm")
_LEVEL1S = OUTPUT | BENEFIT | SATISFACTION
_OUTPUT_LEVEL2S = OUTPUT_QUALITY | OUTPUT_TIMELY
_UNIT = attrgetter("target.unit")
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


def row_shapes(project: Project) -> int:
    """The OR of the shapes of ``project``'s rows (the engine has it from its own pass)."""
    rows = 0
    for ind in project.indicators:
        rows |= Facts(ind).shape
    return rows


def project_shape(ctx: Context, project: Project, wanted: int, rows: int | None = None) -> int:
    """The bits of ``wanted`` that ``project`` has (others may be set too). ``rows``: the
    OR of its rows' shapes (`Facts.shape`), derived here if ``None``."""
    bits = 0
    if wanted & ROWS:
        if rows is None:
            rows = row_shapes(project)
        if rows & _LEVEL1S != _LEVEL1S:
            bits = LEVEL1_MISSING
        if rows & OUTPUT and rows & _OUTPUT_LEVEL2S != _OUTPUT_LEVEL2S:
            bits |= OUTPUT_INCOMPLETE
        if not rows & COST:
            bits |= NO_COST
        if rows & TOPIC_WORD:
            bits |= TOPICAL
        if rows & YEAR_TARGET:
            bits |= DEADLINE
        if rows & ZERO_COST:
            bits |= ZERO_COSTS
        if rows & ATYPICAL_VALUE:
            bits |= ATYPICAL
    if wanted & ATYPICAL and ctx.shared.get(HISTORY):
        bits |= ATYPICAL  # judged against the history given, any row
    b = project.budget
    total = b.total
    if total is None:
        bits |= BUDGET_MISSING
    else:
        if not b.parts_unread and (
            b.fiscal is not None or b.other is not None or b.carryover is not None
        ):
            bits |= BUDGET_PARTS
        if total <= _ZERO:
            bits |= NONPOSITIVE
        if rows is not None and rows & MONEY_VALUE:
            bits |= MONEY_TARGET
            inds = project.indicators
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
    else:
        code = code.strip()
        if len(code) != CODE_DIGITS:
            bits |= CODE_LENGTH
        if wanted & CODE_YEAR and len(code) >= 8 and code[6:8].isdigit():
            year = ctx.doc.year
            if year and int(code[6:8]) > year % 100:
                bits |= CODE_YEAR
    goals = len(project.goals)
    if not goals:
        bits |= NO_GOALS
    elif goals < MIN_GOALS:
        bits |= FEW_GOALS
    if len(project.indicators) < MIN_INDICATORS:
        bits |= FEW_INDICATORS
    if wanted & MIDTERM and any(map(_MIDTERM, project.indicators)):
        bits |= MIDTERM
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
