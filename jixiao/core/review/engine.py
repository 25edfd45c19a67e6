"""The review engine: run the profile's rules over a document in one pass and score it.

Scoring (explained for users in docs/review.md): every project starts at 100 and loses
the profile's weight for each finding on it (error 10, warning 3, info 1 by default), at
most ``rule_cap`` per rule, so one defect repeated on every indicator cannot by itself
empty a project. The document's score is the mean of its projects' scores (100 when it
has none) less the same deductions for findings on the document as a whole, kept in 0–100.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.core.model import Document, Indicator
from jixiao.core.review.finding import Finding
from jixiao.core.review.profile import Profile, load_profile
from jixiao.core.review.rule import TEMPLATES, Context, Hit, IndicatorRule
from jixiao.core.review.rules._util import key, level


@dataclass(frozen=True)
class ProjectScore:
    seq: int | None
    code: str | None
    name: str
    score: int


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

    def by_project(self) -> dict[int | None, list[Finding]]:
        """Findings grouped by project sequence (``None``: the document as a whole)."""
        out: dict[int | None, list[Finding]] = {}
        for f in self.findings:
            out.setdefault(f.project_seq, []).append(f)
        return out

    def of_rule(self, code: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == code]


#: Distinct indicator contents remembered per profile before the memo starts afresh.
MEMO_LIMIT = 100_000


def review(doc: Document, profile: Profile | None = None) -> Report:
    """Review ``doc`` with ``profile`` (the default profile if ``None``). Never changes it.

    Findings come in document order: the document-wide ones first, then per project its
    project-level findings, its indicators' findings (by indicator, then rule code), and
    the findings document rules make about it (codes, summaries).
    """
    profile = profile or load_profile()
    indicator_rules, project_checks, document_rules, preparers = profile.scopes
    ctx = Context(doc)
    for rule in preparers:
        rule.prepare(ctx)
    templates = ctx.shared.get(TEMPLATES)
    memo = profile.memo
    per_project: list[list[Finding]] = []
    for p in doc.projects:
        found: list[Finding] = []
        per_project.append(found)
        append, extend = found.append, found.extend
        for pcheck in project_checks:
            extend(pcheck(ctx, p))
        if not indicator_rules:
            continue
        seq, code = p.seq, p.code
        for n, ind in enumerate(p.indicators, 1):
            # Indicator rules are pure functions of the content: documents repeat rows across
            # projects and units, so most rows are answered from the memo.
            content = (ind.level1, ind.level2, ind.name, ind.description, ind.target, ind.basis)
            hits = memo.get(content)
            if hits is None:
                hits = _check(indicator_rules, ind)
                if len(memo) >= MEMO_LIMIT:
                    memo.clear()
                memo[content] = hits
            for rule, (where, message, suggestion) in hits:
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
                    )
                )
    position = {p.seq: i for i, p in enumerate(doc.projects) if p.seq is not None}
    whole: list[Finding] = []  # about the document, or a summary without a table
    for drule in document_rules:
        for f in drule.check(ctx):
            i = None if f.project_seq is None else position.get(f.project_seq)
            (whole if i is None else per_project[i]).append(f)
    return _report(doc, whole, per_project, profile)


def _check(
    rules: tuple[IndicatorRule, ...], ind: Indicator
) -> tuple[tuple[IndicatorRule, Hit], ...]:
    out = []
    for rule in rules:
        hit = rule.check(ind)
        if hit is not None:
            out.append((rule, hit))
    return tuple(out)


def _copied(templates: dict[tuple[str, str], object], ind: Indicator) -> bool:
    return (level(ind.level1), key(ind.name)) in templates


def _report(
    doc: Document, whole: list[Finding], per_project: list[list[Finding]], profile: Profile
) -> Report:
    weights, cap = profile.weights, profile.weights["rule_cap"]
    counts = {"error": 0, "warning": 0, "info": 0}

    def deduction(found: list[Finding]) -> int:
        lost: dict[str, int] = {}
        for f in found:
            counts[f.severity] += 1
            lost[f.rule] = lost.get(f.rule, 0) + weights[f.severity]
        return sum(min(v, cap) for v in lost.values())

    projects = [
        ProjectScore(p.seq, p.code, p.name, max(0, 100 - deduction(found)))
        for p, found in zip(doc.projects, per_project, strict=True)
    ]
    n = len(projects)
    # Integer mean, rounded half up: scores stay exact and sort the same everywhere.
    mean = (2 * sum(s.score for s in projects) + n) // (2 * n) if n else 100
    score = max(0, min(100, mean - deduction(whole)))
    findings = whole[:]
    for found in per_project:
        findings += found
    return Report(
        findings=findings,
        score=score,
        projects=projects,
        unit=f"{doc.unit.code or ''}{doc.unit.name}",
        year=doc.year,
        profile=profile.source,
        counts=counts,
    )
