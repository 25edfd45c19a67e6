"""Recording a project's missing 项目编码 after approval (预算项目编码 from the finance system).

Layouts from many provinces have no code column, and monitoring matches payments by code:
an approved project without a code could never get payments. `check_new_code` cleans the
code a user types (full-width or lower-case letters and digits, invisible characters
pasted from the finance system) and checks it with the review's own code rules (R081 length,
R082 year, R083 duplicate; the thresholds of the review profile) and the stored-text
bound; the web page, the API and anything else call it, so one rule decides everywhere.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from jixiao.core.bounds import check_text
from jixiao.core.model import Budget, Document, Project
from jixiao.core.textcodec import drop_invisible

#: The review rules about a code's form and uniqueness, in the order their messages show.
CODE_RULES = ("R081", "R082", "R083")


def clean_code(text: str) -> str:
    """``text`` as a code is stored: invisible characters dropped, full-width letters and
    digits made ASCII (``１３０２`` → ``1302``), letters upper case as the finance system
    writes them (``p`` → ``P``), surrounding blanks removed."""
    return unicodedata.normalize("NFKC", drop_invisible(text)).strip().upper()


#: The 序号 of the project being checked (no stored project has it).
_OURS = -1

#: (序号, 项目名称, 项目编码) of another project of the document.
Other = tuple[int | None, str, str | None]


def check_new_code(
    code: str, year: int | None, others: Iterable[Other], kind: str = "goals"
) -> tuple[str, list[str]]:
    """The cleaned code and the Chinese problems that refuse it (empty: it may be recorded).

    ``others`` are the document's other projects (the unit's projects of that year): a
    code one of them already has, after the same cleaning, is refused."""
    cleaned = clean_code(code)
    if not cleaned:
        return cleaned, ["项目编码不能为空"]
    problems: list[str] = []
    try:
        check_text(cleaned, "code")
    except ValueError as e:
        return cleaned, [f"项目编码：{e}"]
    if any(c.isspace() for c in cleaned):
        problems.append(f"项目编码“{cleaned}”中有空格，请从预算管理一体化系统复制完整的编码")
    problems += _rule_messages(cleaned, year, others, kind)
    return cleaned, problems


def _rule_messages(code: str, year: int | None, others: Iterable[Other], kind: str) -> list[str]:
    """What the review's code rules say about ``code`` placed after ``others``."""
    from jixiao.core.review.profile import load_profile
    from jixiao.core.review.rule import Context, DocumentRule, ProjectRule
    from jixiao.core.review.rules import RULES_BY_CODE

    projects = [
        Project(seq=seq, code=clean_code(c), name=name, budget=Budget(None))
        for seq, name, c in others
        if c and clean_code(c)
    ]
    ours = Project(seq=_OURS, code=code, name="", budget=Budget(None))
    # Ours last: R083 reports the later of two projects with one code.
    doc = Document(unit=None, year=year, projects=[*projects, ours], kind=kind)  # type: ignore[arg-type]
    ctx = Context(doc)
    thresholds = load_profile().thresholds
    messages: list[str] = []
    for rule_code in CODE_RULES:
        cls = RULES_BY_CODE[rule_code]
        if kind not in cls.applies_to:
            continue
        rule = cls(thresholds)
        if isinstance(rule, ProjectRule):
            found = rule.check(ctx, ours)
        elif isinstance(rule, DocumentRule):
            found = rule.check(ctx)
        else:  # pragma: no cover - the code rules are project or document rules
            found = []
        messages += [f.message for f in found if f.project_seq == ours.seq]
    return messages
