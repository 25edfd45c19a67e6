"""The review engine: run the profile's rules over a document in one pass and score it.

Scoring (explained for users in docs/review.md, "Quality score"): each finding costs its
severity's weight (error 10, warning 3, info 1), at most ``rule_cap`` per rule and project,
and counts against one of five dimensions with a budget each: relevance 30, coverage 25,
measurability 25, feasibility 10, form 10. A project loses at most a dimension's budget in
that dimension, so form alone can never cost more than 10 points. A document-wide finding
that names projects (a copied template) is charged to each of them. The document's score
is 100 less, per dimension, the mean project loss plus the loss of document-wide findings
that name no project, each dimension capped at its budget.

Habits: a rule that fires in at least ``habit_min_projects`` projects and
``habit_min_percent``% of them is a document-wide habit. The document view reports it
once (a finding with ``places``), the per-row findings stay for the project view (marked
``habit``) and are not counted twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from operator import attrgetter
from typing import Any

from jixiao.core.model import Document, Indicator
from jixiao.core.review.finding import DEPARTMENT, Finding
from jixiao.core.review.profile import Profile, load_profile
from jixiao.core.review.rule import (
    HISTORY,
    TEMPLATES,
    Context,
    Hit,
    IndicatorRule,
    has_content,
    review_kind,
)
from jixiao.core.review.rules._facts import Facts
from jixiao.core.review.rules._library import Example
from jixiao.core.review.rules._project_shape import project_shape
from jixiao.core.review.rules._util import key, level


@dataclass(frozen=True)
class ProjectScore:
    seq: int | None
    code: str | None
    name: str
    score: int


_new = object.__new__


def _project_score(seq: int | None, code: str | None, name: str, score: int) -> ProjectScore:
    """``ProjectScore(seq, code, name, score)`` without the frozen ``__init__`` (one
    ``object.__setattr__`` call a field: about three times as long, once per project)."""
    made = _new(ProjectScore)
    fields = made.__dict__
    fields["seq"] = seq
    fields["code"] = code
    fields["name"] = name
    fields["score"] = score
    return made


@dataclass
class Report:
    """The review of one document: findings in document order and quality scores."""

    findings: list[Finding]
    score: int
    projects: list[ProjectScore]
    unit: str = ""
    year: int | None = None
    file: str | None = None
    profile: str = "默认配置"
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return self.counts.get("error", 0)

    @property
    def warnings(self) -> int:
        return self.counts.get("warning", 0)

    @property
    def infos(self) -> int:
        return self.counts.get("info", 0)

    def by_project(self, document_view: bool = False) -> dict[int | None, list[Finding]]:
        """Findings grouped by project sequence (``None``: the document as a whole).

        ``document_view`` leaves out the per-row findings of a document-wide habit (the
        habit is reported once under ``None``); the project view keeps them.
        """
        out: dict[int | None, list[Finding]] = {}
        for f in self.findings:
            if document_view and f.habit:
                continue
            out.setdefault(f.project_seq, []).append(f)
        return out

    def of_rule(self, code: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == code]


_SEVERITY = attrgetter("severity")

#: Distinct indicator contents remembered per profile before the memo starts afresh.
MEMO_LIMIT = 100_000


#: Approved targets of earlier years by indicator: {(三级 name, unit or ""): [values]}.
History = Mapping[tuple[str, str], Sequence[Decimal]]


def review(doc: Document, profile: Profile | None = None, history: History | None = None) -> Report:
    """Review ``doc`` with ``profile`` (the default profile if ``None``). Never changes it.

    ``history`` (optional) gives the targets approved before for the same indicator name
    and unit, in the library or the region; plausibility is then judged against it.

    Findings come in document order: the document-wide ones first, then per project its
    project-level findings, its indicators' findings (by indicator, then rule code), and
    the findings document rules make about it (codes, summaries).
    """
    # Only the rules that apply to this kind of document and its layout (`Rule.applies_to`,
    # `Rule.asks_for`).
    profile = (profile or load_profile()).for_kind(review_kind(doc), doc.absent)
    indicator_rules, project_checks, document_rules, preparers = profile.scopes
    ctx = Context(doc)
    if history:
        ctx.shared[HISTORY] = {(key(n), u): list(v) for (n, u), v in history.items()}
    for rule in preparers:
        rule.prepare(ctx)
    templates = ctx.shared.get(TEMPLATES)
    memo = profile.memo
    memo_get = memo.get
    dispatch = profile.dispatch
    dispatch_get = dispatch.get
    wanted = profile.project_needs
    project_dispatch = profile.project_dispatch
    project_able = project_dispatch.get
    able_checks = project_able(0)
    if able_checks is None:
        able_checks = project_dispatch[0] = _able_checks(project_checks, 0)
    per_project: list[list[Finding]] = []
    for p in doc.projects:
        found: list[Finding] = []  # the indicators' findings, the project's put before
        append = found.append
        context = f"{p.name}\n{p.purpose or ''}"
        # The library example a suggestion on a row ends with, per 二级: recorded, derived
        # only when the suggestion is read (`Finding.suggestion`).
        examples: dict[str | None, Example] = {}
        # The OR of the rows' shapes: the project shape's bits about its rows.
        rows: int | None = None
        if indicator_rules:
            rows = 0
            seq, code = p.seq, p.code
            n = 0
            for ind in p.indicators:
                n += 1
                # Indicator rules are pure functions of the content: documents repeat rows
                # across projects and units, so many rows are answered from the memo.
                # The target's fields, not the frozen dataclass: a flat tuple hashes in C.
                t = ind.target
                content = (
                    ind.level1,
                    ind.level2,
                    ind.name,
                    ind.description,
                    t.text,
                    t.comparator,
                    t.value,
                    t.unit,
                    t.upper,
                    ind.basis,
                )
                known = memo_get(content)
                if known is None:
                    # Only the rules that can fire on a row of this shape, in code order,
                    # with their bound ``check`` (looked up once per shape, not per row).
                    facts = Facts(ind)  # derived once, read by every rule
                    shape = facts.shape
                    able = dispatch_get(shape)
                    if able is None:
                        able = dispatch[shape] = _able(indicator_rules, shape)
                    hits: tuple[Any, ...] = ()
                    for rule, check in able:
                        hit = check(facts)
                        if hit is not None:
                            hits += ((rule, *hit),)
                    if len(memo) >= MEMO_LIMIT:
                        memo.clear()
                    memo[content] = (shape, hits)
                else:
                    shape, hits = known
                rows |= shape
                if not hits:
                    continue
                l2 = ind.level2
                tail = examples.get(l2)
                if tail is None:
                    tail = examples[l2] = Example("row", (l2,), context)
                for rule, where, message, suggestion in hits:
                    if templates and rule.defer_to_templates and _copied(templates, ind):
                        continue
                    append(
                        Finding(
                            rule.code,
                            rule.severity,
                            rule.category,
                            seq,
                            code,
                            n,
                            where,
                            message,
                            suggestion,
                            # Positional: a keyword argument costs half as much again.
                            (),
                            (),
                            False,
                            tail,
                        )
                    )
        # Project rules, likewise, only on the projects whose shape they can fire on.
        if wanted:
            shape = project_shape(ctx, p, wanted, rows) & wanted
            able_checks = project_able(shape)
            if able_checks is None:
                able_checks = project_dispatch[shape] = _able_checks(project_checks, shape)
        ahead: list[Finding] = []  # the project's findings come first
        for pcheck in able_checks:
            for f in pcheck(ctx, p):
                if f.indicator is not None and 0 < f.indicator <= len(p.indicators):
                    l2 = p.indicators[f.indicator - 1].level2
                    tail = examples.get(l2)
                    if tail is None:
                        tail = examples[l2] = Example("row", (l2,), context)
                    f.example = tail
                ahead.append(f)
        if ahead:
            ahead += found
            found = ahead
        per_project.append(found)
    # The department's own indicator table, row by row, with the same indicator rules.
    department = _department_rows(doc, profile) if indicator_rules else []
    position = {p.seq: i for i, p in enumerate(doc.projects) if p.seq is not None}
    whole: list[Finding] = []  # about the document, or a summary without a table
    for drule in document_rules:
        for f in drule.check(ctx):
            i = None if f.project_seq is None else position.get(f.project_seq)
            (whole if i is None else per_project[i]).append(f)
    return _report(doc, whole, per_project, profile, department)


#: The parts of a row a department table may leave out as a column (many provinces' tables
#: have no 依据 or no 一级/二级 columns): blank on every row, they count as absent there.
_TABLE_PARTS = ("basis", "level1", "level2")


def _department_rows(doc: Document, profile: Profile) -> list[Finding]:
    """The indicator rules' findings on the rows of the 部门整体绩效目标表: no project
    (``project_seq`` ``None``), ``indicator`` the row's number in that table, ``field``
    prefixed with `DEPARTMENT`, the message saying which table. Only the row rules run
    here: rules about a project (budget, plan, goals) have no project to judge.

    ``profile`` is narrowed for the document's layout; the table may lack a column the
    project tables have (`_TABLE_PARTS` blank on every row), and is judged without it."""
    out: list[Finding] = []
    table = doc.department_indicators
    if not table:
        return out
    blank = frozenset(
        part for part in _TABLE_PARTS if not any((getattr(i, part) or "").strip() for i in table)
    )
    if blank - doc.absent:
        profile = profile.for_kind(review_kind(doc), doc.absent | blank)
    rules = profile.scopes[0]
    context = f"{doc.unit.name}\n{''.join(doc.overall_goals)}"
    dispatch = profile.dispatch
    examples: dict[str | None, Example] = {}
    for n, ind in enumerate(table, 1):
        facts = Facts(ind)
        able = dispatch.get(facts.shape)
        if able is None:
            able = dispatch[facts.shape] = _able(rules, facts.shape)
        for rule, check in able:
            hit = check(facts)
            if hit is None:
                continue
            where, message, suggestion = hit
            tail = examples.get(ind.level2)
            if tail is None:
                tail = examples[ind.level2] = Example("row", (ind.level2,), context)
            out.append(
                Finding(
                    rule.code,
                    rule.severity,
                    rule.category,
                    None,
                    None,
                    n,
                    DEPARTMENT + where,
                    f"部门整体绩效目标表第 {n} 个指标：{message}",
                    suggestion,
                    example=tail,
                )
            )
    return out


def _able(
    rules: tuple[IndicatorRule, ...], shape: int
) -> tuple[tuple[IndicatorRule, Callable[[Facts], Hit | None]], ...]:
    """The rules that can fire on a row of ``shape``, in code order, with their bound
    ``check``."""
    return tuple((r, r.check) for r in rules if r.needs & shape == r.needs)


def _able_checks(checks: tuple[Any, ...], shape: int) -> tuple[Any, ...]:
    """The bound checks of the project rules that can fire on a project of ``shape``."""
    return tuple(c for c in checks if c.__self__.needs & shape == c.__self__.needs)


def _copied(templates: dict[tuple[str, str], object], ind: Indicator) -> bool:
    return (level(ind.level1), key(ind.name)) in templates


def _report(
    doc: Document,
    whole: list[Finding],
    per_project: list[list[Finding]],
    profile: Profile,
    department: list[Finding] | None = None,
) -> Report:
    weights, cap = profile.weights, profile.weights["rule_cap"]
    dimension = _dimensions()
    budgets = {d: weights[d] for d in DIMENSION_NAMES}
    severity_weight = {s: weights[s] for s in ("error", "warning", "info")}
    position = {p.seq: i for i, p in enumerate(doc.projects) if p.seq is not None}
    # Document-wide findings are charged to the projects they name (a copied template).
    extra: dict[int, list[Finding]] = {}
    unplaced: list[Finding] = []
    for f in whole:
        targets = [position[s] for s in f.projects if s in position]
        for i in targets:
            extra.setdefault(i, []).append(f)
        if not targets:
            unplaced.append(f)
    # One pass over the projects' findings: the loss per rule and the per-row findings by
    # rule (habits); the findings by severity are counted in C at the end.
    rows_by_rule: dict[str, list[Finding]] = {}
    zero = dict.fromkeys(budgets, 0)

    def losses(by_rule: dict[str, int]) -> dict[str, int]:
        out = zero.copy()
        for code, lost in by_rule.items():
            d = dimension.get(code, "form")
            out[d] += lost if lost < cap else cap
        return out

    def charge(by_rule: dict[str, int], more: list[Finding]) -> None:
        for f in more:
            # A defect shared by many projects (a copied template) weighs double on each:
            # it means the project has no indicator of its own there.
            weight = severity_weight[f.severity]
            if f.projects:
                weight *= 2
            by_rule[f.rule] = by_rule.get(f.rule, 0) + weight

    # Per dimension, the sum over projects of their loss capped at its budget (the mean).
    capped = dict.fromkeys(budgets, 0)
    projects = []
    for i, (p, found) in enumerate(zip(doc.projects, per_project, strict=True)):
        by_rule: dict[str, int] = {}
        for f in found:
            rule = f.rule
            weight = severity_weight[f.severity]
            if f.projects:
                weight *= 2
            elif f.project_seq is not None:
                rows = rows_by_rule.get(rule)
                if rows is None:
                    rows_by_rule[rule] = [f]
                else:
                    rows.append(f)
            by_rule[rule] = by_rule.get(rule, 0) + weight
        more = extra.get(i)
        if more:
            charge(by_rule, more)
        kept = 100
        if by_rule:  # a project without findings loses nothing
            for d, v in losses(by_rule).items():
                if v:
                    budget = budgets[d]
                    v = budget if v > budget else v
                    kept -= v
                    capped[d] += v
        projects.append(_project_score(p.seq, p.code, p.name, max(0, kept)))
    n = len(projects)
    if doc.department_indicators:
        # The 部门整体绩效目标表 is one more part of the mean, scored like a project.
        n += 1
        table_by_rule: dict[str, int] = {}
        charge(table_by_rule, department or [])
        for d, v in losses(table_by_rule).items():
            capped[d] += min(v, budgets[d])
    unplaced_by_rule: dict[str, int] = {}
    charge(unplaced_by_rule, unplaced)
    document_loss = losses(unplaced_by_rule)
    total = 0
    for d, budget in budgets.items():
        # Integer mean, rounded half up: scores stay exact and sort the same everywhere.
        mean = (2 * capped[d] + n) // (2 * n) if n else 0
        total += min(budget, mean + document_loss[d])
    # A document with nothing to review scores 0, not a clean 100 (R097 says why).
    score = max(0, min(100, 100 - total)) if has_content(doc) else 0
    habits = _habits(rows_by_rule, len(doc.projects), profile)
    findings = whole + (department or []) + habits
    for found in per_project:
        findings += found
    by_severity = Counter(map(_SEVERITY, findings))
    for h in habits:
        # The rows a habit covers are counted once, by the habit.
        by_severity.subtract(map(_SEVERITY, rows_by_rule[h.rule]))
    counts = {s: by_severity[s] for s in ("error", "warning", "info")}
    return Report(
        findings=findings,
        score=score,
        projects=projects,
        unit=f"{doc.unit.code or ''}{doc.unit.name}",
        year=doc.year,
        profile=profile.source,
        counts=counts,
    )


@cache
def _dimensions() -> dict[str, str]:
    """Rule code → the score dimension its findings count against."""
    from jixiao.core.review.rules import RULES_BY_CODE

    return {code: rule.dimension() for code, rule in RULES_BY_CODE.items()}


#: The score dimensions, in the order the docs list them (budgets in the profile's [score]).
DIMENSION_NAMES: tuple[str, ...] = ("relevance", "coverage", "measurability", "feasibility", "form")


def _habits(by_rule: dict[str, list[Finding]], n: int, profile: Profile) -> list[Finding]:
    """One document-wide finding per habit; marks the per-row findings it covers.

    ``by_rule``: the findings about a project (not naming projects), by rule code.
    """
    w = profile.weights
    need = max(w["habit_min_projects"], -(-n * w["habit_min_percent"] // 100))
    out: list[Finding] = []
    for code in sorted(by_rule):
        rows = by_rule[code]
        if len(rows) < need:
            continue  # fewer rows than projects needed
        seqs = sorted({f.project_seq for f in rows if f.project_seq is not None})
        if len(seqs) < need:
            continue
        for f in rows:
            f.habit = True
        first = rows[0]
        listed = "、".join(map(str, seqs))
        out.append(
            Finding(
                code,
                first.severity,
                first.category,
                None,
                None,
                None,
                first.field,
                f"全文档共 {len(rows)} 处（{len(seqs)} 个项目：项目 {listed}）同样的问题，"
                f"例如项目 {first.project_seq}：{first.message}",
                first.advice,
                places=tuple((f.project_seq, f.indicator) for f in rows),
                example=first.example,
            )
        )
    return out
