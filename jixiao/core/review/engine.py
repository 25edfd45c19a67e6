"""The review engine: run the profile's rules over a document in one pass and score it.

Scoring (explained for users in docs/review.md): every project starts at 100 and loses
the profile's weight for each finding on it (error 10, warning 3, info 1 by default), at
most ``rule_cap`` per rule, so one defect repeated on every indicator cannot by itself
empty a project. The document's score is the mean of its projects' scores (100 when it
has none) less the same deductions for findings on the document as a whole, kept in 0–100.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from jixiao.core.model import Document
from jixiao.core.review.finding import Finding
from jixiao.core.review.profile import Profile, load_profile
from jixiao.core.review.rule import Context


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


def review(doc: Document, profile: Profile | None = None) -> Report:
    """Review ``doc`` with ``profile`` (the default profile if ``None``). Never changes it."""
    profile = profile or load_profile()
    indicator_checks, project_checks, document_rules, preparers = profile.scopes
    ctx = Context(doc)
    for rule in preparers:
        rule.prepare(ctx)
    findings: list[Finding] = []
    append, extend = findings.append, findings.extend
    for p in doc.projects:
        for pcheck in project_checks:
            extend(pcheck(ctx, p))
        if indicator_checks:
            for n, ind in enumerate(p.indicators, 1):
                for icheck in indicator_checks:
                    f = icheck(ctx, p, n, ind)
                    if f is not None:
                        append(f)
    for drule in document_rules:
        extend(drule.check(ctx))
    return _report(doc, findings, profile)


def _report(doc: Document, findings: list[Finding], profile: Profile) -> Report:
    position = {p.seq: i for i, p in enumerate(doc.projects) if p.seq is not None}
    nowhere = len(doc.projects)  # a summary without a table sorts after the tables

    def order(f: Finding) -> tuple[int, int, str]:
        where = -1 if f.project_seq is None else position.get(f.project_seq, nowhere)
        return (where, f.indicator or 0, f.rule)

    findings.sort(key=order)
    weights, cap = profile.weights, profile.weights["rule_cap"]
    lost: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    counts: dict[str, int] = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        counts[f.severity] += 1
        bucket = f.project_seq if f.project_seq in position else None
        lost[bucket][f.rule] += weights[f.severity]

    def deduction(bucket: int | None) -> int:
        return sum(min(v, cap) for v in lost[bucket].values()) if bucket in lost else 0

    projects = [
        ProjectScore(p.seq, p.code, p.name, max(0, 100 - deduction(p.seq))) for p in doc.projects
    ]
    n = len(projects)
    # Integer mean, rounded half up: scores stay exact and sort the same everywhere.
    mean = (2 * sum(s.score for s in projects) + n) // (2 * n) if n else 100
    score = max(0, min(100, mean - deduction(None)))
    return Report(
        findings=findings,
        score=score,
        projects=projects,
        unit=f"{doc.unit.code or ''}{doc.unit.name}",
        year=doc.year,
        profile=profile.source,
        counts=counts,
    )
