"""Every rule, driven by its case file cases/R0xx.toml.

A case file holds ``[[fail]]`` cases (the rule must report exactly ``count`` findings, at
the given places, quoting the given text) and ``[[pass]]`` cases (the rule must report
nothing). A case changes the clean document of builder.py:

    projects = 3                       # how many clean projects (default 3)
    where = "all"                      # apply the changes to every project (default: project 1)
    at_project = 2                     # or to this one
    project = { total = "0", plan = ["", "", "100%", ""], goals = [...], code = "…" }
    indicators = [["产出指标", "数量指标", "名称", "描述", "≥1人", "计划标准"], …]
    indicator = { n = 1, target = "1" }   # or a list of such tables
    summary = { seq = 1, text = "…" }
    summaries = [[1, "名称", "文本"], …]
    document = { year = 2023, overall_goals = ["…"], kind = "self_evaluation" }
    projects = 0                       # with summaries or overall goals: a department document
    department_indicators = [["效益指标", "社会效益指标", "名称", "描述", "≥90%", "计划标准"], …]
    profile = { thresholds = { … }, rules = { … } }   # over the default profile
    count = 1                          # fail only: findings of this rule (default 1)
    at = [{ project = 1, indicator = 1, field = "indicator.target" }]   # document = true: no project
    contains = ["“1”"]                 # fail only: each text is in some finding's message
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from jixiao.core.review import load_profile, profile_from_dict, review
from jixiao.core.review.profile import defaults
from jixiao.core.review.rule import (
    REVIEW_KINDS,
    Context,
    DocumentRule,
    IndicatorRule,
    ProjectRule,
    review_kind,
)
from jixiao.core.review.rules import ALL_RULES
from jixiao.core.review.rules._facts import Facts

CASES = Path(__file__).parent / "cases"


def _load(code: str) -> dict[str, Any]:
    with open(CASES / f"{code}.toml", "rb") as f:
        return tomllib.load(f)


def _params() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.toml")):
        data = _load(path.stem)
        for kind in ("fail", "pass"):
            for i, case in enumerate(data.get(kind, []), 1):
                label = case.get("name", str(i))
                params.append(pytest.param(path.stem, kind, case, id=f"{path.stem}-{kind}-{label}"))
    return params


def _findings(build, code: str, case: dict[str, Any]):
    profile = profile_from_dict(case["profile"]) if "profile" in case else load_profile()
    # Per-row findings only: a document-wide habit summary repeats them (test_review_seed).
    found = review(build(case), profile).findings
    return [f for f in found if f.rule == code and not f.places]


def _located(f, where: dict[str, Any]) -> bool:
    for k, v in where.items():
        if k == "document":  # TOML has no null: a document-wide finding
            if (f.project_seq is None and f.indicator is None) != v:
                return False
        elif getattr(f, "project_seq" if k == "project" else k) != v:
            return False
    return True


@pytest.mark.parametrize(("code", "kind", "case"), _params())
def test_rule_case(build_case, code: str, kind: str, case: dict[str, Any]) -> None:
    found = _findings(build_case, code, case)
    if kind == "pass":
        assert found == [], [f.message for f in found]
        return
    assert len(found) == case.get("count", 1), [f.message for f in found]
    for where in case.get("at", []):
        assert any(_located(f, where) for f in found), (where, found)
    for text in case.get("contains", []):
        assert any(text in f.message for f in found), (text, [f.message for f in found])


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_every_rule_has_cases_message_and_suggestion(build_case, rule) -> None:
    data = _load(rule.code)
    assert data.get("fail") and data.get("pass"), f"{rule.code} needs fail and pass cases"
    for case in data["fail"]:
        found = _findings(build_case, rule.code, case)
        assert found, f"{rule.code}: a fail case found nothing"
        for f in found:
            assert f.message.strip() and f.suggestion.strip()
            assert f.severity == rule.severity and f.category == rule.category


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_every_rule_documents_itself(rule) -> None:
    doc = rule.__doc__ or ""
    assert rule.description() and "**不合格**" in doc and "**合格**" in doc
    assert rule.name.count(".") == 1


def _fires_ignoring_kind(rule_class, doc) -> bool:
    """Whether the rule, called directly (the engine's `Rule.applies_to` check bypassed), would
    report something on ``doc``."""
    rule = rule_class(defaults())
    ctx = Context(doc)
    rule.prepare(ctx)
    if isinstance(rule, IndicatorRule):
        return any(rule.check(Facts(i)) for p in doc.projects for i in p.indicators)
    if isinstance(rule, ProjectRule):
        return any(rule.check(ctx, p) for p in doc.projects)
    assert isinstance(rule, DocumentRule)
    return bool(rule.check(ctx))


LEFT_OUT = [r for r in ALL_RULES if r.applies_to != frozenset(REVIEW_KINDS)]


@pytest.mark.parametrize("rule", LEFT_OUT, ids=lambda r: r.code)
def test_every_kind_a_rule_leaves_out_has_a_pass_case(build_case, rule) -> None:
    # A pass case on a document of that kind where the rule itself would fire: the silence
    # comes from the rule's `applies_to`, not from a document without the defect.
    shown = set()
    for case in _load(rule.code).get("pass", []):
        doc = build_case(case)
        kind = review_kind(doc)
        if kind not in rule.applies_to and _fires_ignoring_kind(rule, doc):
            shown.add(kind)
    left_out = set(REVIEW_KINDS) - rule.applies_to
    if not issubclass(rule, DocumentRule):
        left_out.discard("department")  # no project tables: nothing for the rule to look at
    assert shown == left_out


def test_rules_apply_to_goal_tables_and_most_to_every_kind() -> None:
    assert all("goals" in r.applies_to for r in ALL_RULES)
    assert {r.code for r in LEFT_OUT} == {"R014", "R030", "R060", "R080", "R082", "R090"}


def test_no_case_file_without_a_rule() -> None:
    codes = {r.code for r in ALL_RULES}
    assert {p.stem for p in CASES.glob("*.toml")} <= codes
