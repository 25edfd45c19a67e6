"""The rule base classes. A rule reads the document and returns findings; it never changes it.

Three scopes keep the engine to one pass over a document:

- `IndicatorRule.check(facts)` looks at one indicator's content only (its `Facts`: the
  indicator and what is derived from it once for all rules, rules/_facts.py) and returns a
  `Hit` (field, message, suggestion) or ``None``. Being a pure function of the content lets
  the engine remember the answer for content it has seen (documents copy the same rows
  across projects and units), which is what makes a million indicators cheap;
- `ProjectRule.check(ctx, project)` runs once per project and returns findings;
- `DocumentRule.check(ctx)` runs once per document (duplicate codes, template copies…).

A rule applies to the kinds of document (`review_kind`) in its `applies_to`: a
self-evaluation table has no 项目编码, 资金用途, 资金支出计划 or 指标值确定依据 to miss, and
a department document no project tables; the engine leaves the other rules out. Likewise
a rule that `asks_for` an optional part (a 指标值确定依据 column…) is left out when the
document's layout has no such part (`Document.absent`).

Every rule may also `prepare(ctx)` before the pass, to share what it learns about the whole
document with other rules through ``ctx.shared`` (rule instances are shared between
reviews and threads, so per-document state lives in the context, never on the rule).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from jixiao.core.model import DOCUMENT_KINDS, Document, Project
from jixiao.core.review.finding import Finding

if TYPE_CHECKING:
    from jixiao.core.review.rules._facts import Facts

#: ``ctx.shared`` key of the copied templates: {(一级, 三级 key): (name as written, seqs)}.
TEMPLATES = "templates"
#: ``ctx.shared`` key of the targets approved before: {(三级 key, unit or ""): [values]}.
HISTORY = "history"


#: What a document under review is: project goal tables (``goals``), a self-evaluation of
#: them (``self_evaluation``), or a department document (``department``: the department part
#: or its 部门整体绩效目标表 without project tables).
REVIEW_KINDS: tuple[str, ...] = (*DOCUMENT_KINDS, "department")


#: `Rule.applies_to` of a rule about what only goal tables have (项目编码, 资金用途, 资金支出计划,
#: 指标值确定依据: a self-evaluation table has none of them).
GOAL_TABLES: frozenset[str] = frozenset({"goals"})
#: `Rule.applies_to` of a rule that compares the department part with the project tables.
WITH_PROJECTS: frozenset[str] = frozenset({"goals", "self_evaluation"})


def has_department_part(doc: Document) -> bool:
    """Whether ``doc`` has a department part to review (总体目标, 分项目标 or 部门整体指标)."""
    return bool(doc.department_indicators or doc.overall_goals or doc.project_summaries)


def has_content(doc: Document) -> bool:
    """Whether ``doc`` holds anything to review: a project table or a department part."""
    return bool(doc.projects) or has_department_part(doc)


def review_kind(doc: Document) -> str:
    """Which of `REVIEW_KINDS` ``doc`` is."""
    if not doc.projects and has_department_part(doc):
        return "department"
    return doc.kind


#: Score dimension of each category (docs/review.md, "Quality score"); a rule may override.
DIMENSIONS: dict[str, str] = {
    "相关性": "relevance",
    "完整性": "coverage",
    "适当性": "measurability",
    "可行性": "feasibility",
    "一致性": "feasibility",
    "规范性": "form",
}


@dataclass
class Context:
    """What one review run knows besides the rule's own thresholds."""

    doc: Document
    shared: dict[str, Any] = field(default_factory=dict)


class Rule:
    """A review rule. Subclasses set the class attributes and implement ``check``.

    The first docstring line is the rule's description; the docstring also shows a bad
    and a good example (``**不合格**`` / ``**合格**``).
    """

    code: ClassVar[str]
    #: ``family.what`` in English, stable, usable in profiles instead of the code.
    name: ClassVar[str]
    #: One of `finding.CATEGORIES`.
    category: ClassVar[str]
    #: ``error``, ``warning`` or ``info``.
    severity: ClassVar[str]
    #: The profile thresholds the rule reads (names in default_profile.toml).
    thresholds: ClassVar[tuple[str, ...]] = ()
    #: The `REVIEW_KINDS` of document the rule applies to (a rule about a column or part
    #: that some kind of document does not have leaves that kind out).
    applies_to: ClassVar[frozenset[str]] = frozenset(REVIEW_KINDS)
    #: The optional part (`model.OPTIONAL_PARTS`) whose content the rule asks for: the
    #: engine leaves the rule out when the document's layout has no such part at all
    #: (`Document.absent`), as it leaves out rules of other kinds of document.
    asks_for: ClassVar[str | None] = None
    #: Optional parts whose absence from the layout changes what the rule reports (R001
    #: does not ask for a 一级 cell in a layout without a 一级 column): the engine builds
    #: the rule with the document's missing ones (`absent`).
    adapts_to: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, thresholds: Mapping[str, Any], absent: frozenset[str] = frozenset()) -> None:
        self.t = thresholds
        #: The parts of `adapts_to` the reviewed layouts do not have.
        self.absent = absent
        self.configure(thresholds)

    def configure(self, t: Mapping[str, Any]) -> None:
        """Precompile what the thresholds imply (regexes, sets); called once per profile."""

    @classmethod
    def dimension(cls) -> str:
        """The score dimension the rule's findings count against."""
        return cls.__dict__.get("score_dimension") or DIMENSIONS[cls.category]

    @classmethod
    def family(cls) -> str:
        return cls.name.split(".", 1)[0]

    @classmethod
    def groups(cls) -> tuple[str, ...]:
        """Names a profile may use to select the rule as a group."""
        return ("all", cls.family(), cls.category, cls.severity)

    @classmethod
    def description(cls) -> str:
        return (cls.__doc__ or "").strip().splitlines()[0]

    def prepare(self, ctx: Context) -> None:
        """Look at the whole document before the pass (default: nothing)."""

    def at(
        self,
        project: Project | None,
        number: int | None,
        field: str,
        message: str,
        suggestion: str,
        projects: tuple[int, ...] = (),
        example: Callable[[], str] | None = None,
    ) -> Finding:
        """A finding of this rule at ``project`` (indicator ``number``, ``field``).

        ``example``: derives the end of the suggestion when it is read (`Finding.example`).
        """
        return Finding(
            self.code,
            self.severity,
            self.category,
            None if project is None else project.seq,
            None if project is None else project.code,
            number,
            field,
            message,
            suggestion,
            projects,
            # Positional (places, habit, example): a keyword argument costs half as much again.
            (),
            False,
            example,
        )


#: What an indicator rule reports: (field, message, suggestion); the engine adds the place.
Hit = tuple[str, str, str]


class IndicatorRule(Rule):
    #: Drop this rule's hits on indicators that a document rule reports as copied templates
    #: (set in ``ctx.shared[TEMPLATES]`` by R044), so a copy is reported once, not per row.
    defer_to_templates: ClassVar[bool] = False
    #: The shape bits (rules/_facts.py) a row must have for this rule to fire at all: the
    #: engine skips the rule on other rows. 0: every row. A rule may add bits in
    #: `configure` that hold only with the default thresholds (`_facts.uses_defaults`).
    needs: int = 0

    def check(self, f: Facts) -> Hit | None:
        raise NotImplementedError


class ProjectRule(Rule):
    #: The project shape bits (rules/_facts.py, "The project's shape") a project must have
    #: for this rule to fire at all: the engine skips the rule on other projects. 0: every
    #: project.
    needs: int = 0

    def check(self, ctx: Context, project: Project) -> list[Finding]:
        raise NotImplementedError


class DocumentRule(Rule):
    def check(self, ctx: Context) -> list[Finding]:
        raise NotImplementedError
