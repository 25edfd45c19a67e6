"""Fixtures for the review tests: a defect-free document built in code (`clean_document`)
and `build_case`, which applies a case file's changes to it (format in test_review_rules.py).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jixiao.core.amounts import parse_percent
from jixiao.core.model import (
    PLAN_MONTHS,
    Budget,
    Document,
    Execution,
    Indicator,
    PlanCell,
    Project,
    ProjectSummary,
    SpendingPlan,
    Unit,
)
from jixiao.core.targets import parse_target

TOPICS = ("社区养老", "防汛物资", "计生服务", "文化活动", "法律援助", "退役军人", "网格管理")

FIELDS = ("level1", "level2", "name", "description", "target", "basis", "midterm")


def indicator(level1, level2, name, description, target, basis) -> Indicator:
    return Indicator(level1, level2, name, description, parse_target(target), basis)


def clean_indicators(topic: str, total: Decimal = Decimal("10.50")) -> list[Indicator]:
    return [
        indicator(
            "产出指标",
            "数量指标",
            f"{topic}服务人数",
            f"全年接受{topic}服务的人数",
            "≥120人",
            "计划标准",
        ),
        indicator(
            "产出指标",
            "质量指标",
            f"{topic}验收合格率",
            "通过验收的事项占全部事项的比例",
            "≥95%",
            "行业标准",
        ),
        indicator(
            "产出指标",
            "时效指标",
            f"{topic}资金按时拨付率",
            "按计划节点拨付的资金占预算的比例",
            "≥90%",
            "计划标准",
        ),
        indicator(
            "效益指标",
            "社会效益指标",
            f"{topic}覆盖率",
            f"享受{topic}的居民占应享受居民的比例",
            "≥85%",
            "历史标准",
        ),
        indicator(
            "满意度指标",
            "服务对象满意度指标",
            f"{topic}服务对象满意度",
            "抽样调查中表示满意的受访者比例",
            "≥90%",
            "历史标准",
        ),
        indicator(
            "成本指标",
            "经济成本指标",
            f"{topic}服务总成本",
            f"全年{topic}服务的人员和物资支出",
            f"≤{total}万元",
            "预算支出标准",
        ),
    ]


def plan(cells: list[str]) -> SpendingPlan:
    return SpendingPlan(
        [
            PlanCell(m, t or None, parse_percent(t) if t else None)
            for m, t in zip(PLAN_MONTHS, cells, strict=True)
        ]
    )


def clean_project(i: int) -> Project:
    topic = TOPICS[(i - 1) % len(TOPICS)] + ("" if i <= len(TOPICS) else str(i))
    total = Decimal(f"{10 + i}.50")
    return Project(
        seq=i,
        code=f"13021322P{i:012d}",
        name=f"{topic}经费",
        budget=Budget(total, total, None),
        purpose=f"用于{topic}服务的人员和物资支出",
        spending_plan=plan(["25%", "50%", "75%", "100%"]),
        goals=[
            f"{topic}服务人数达到120人",
            f"{topic}验收合格率达到95%以上",
            f"{topic}覆盖率提高到85%",
        ],
        indicators=clean_indicators(topic, total),
    )


def clean_document(projects: int = 3) -> Document:
    ps = [clean_project(i) for i in range(1, projects + 1)]
    return Document(
        unit=Unit("314003", "测试街道办事处"),
        year=2022,
        overall_goals=[f"{p.name[:-2]}服务覆盖更多居民" for p in ps],
        project_summaries=[
            ProjectSummary(p.seq or 0, p.name, f"用于{p.name}，预算{p.budget.total}万元。")
            for p in ps
        ],
        projects=ps,
    )


def _amount(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _apply_project(p: Project, changes: dict[str, Any]) -> None:
    for key, value in changes.items():
        if key in ("total", "fiscal", "other", "carryover"):
            setattr(p.budget, key, _amount(value))
        elif key == "parts_unread":
            p.budget.parts_unread = value
        elif key == "plan":
            p.spending_plan = plan(value)
        elif key in ("code", "name", "purpose", "goals", "seq"):
            setattr(p, key, value)
        elif key == "execution":  # a self-evaluation's 预算执行 line
            p.execution = Execution(**{k: _amount(v) for k, v in value.items()})
        else:
            raise KeyError(f"unknown project key {key!r}")


def _apply_indicator(p: Project, changes: dict[str, Any]) -> None:
    changes = dict(changes)
    n = changes.pop("n", 1)
    ind = p.indicators[n - 1]
    for key, value in changes.items():
        if key == "target":
            ind.target = parse_target(value)
        elif key in FIELDS:
            setattr(ind, key, value or None)
        elif key in ("weight", "score"):  # a self-evaluation's 分值, 得分
            setattr(ind, key, _amount(value))
        elif key in ("actual", "deviation_reason"):
            setattr(ind, key, value or None)
        else:
            raise KeyError(f"unknown indicator key {key!r}")


def build(case: dict[str, Any]) -> Document:
    """The clean document with the case's changes applied."""
    doc = clean_document(case.get("projects", 3))
    for key, value in case.get("document", {}).items():
        if key not in ("year", "money_unit", "overall_goals", "kind", "absent"):
            raise KeyError(f"unknown document key {key!r}")
        setattr(doc, key, frozenset(value) if key == "absent" else value)
    doc.department_indicators = [indicator(*row) for row in case.get("department_indicators", [])]
    targets = (
        doc.projects
        if case.get("where") == "all" or not doc.projects
        else [doc.projects[case.get("at_project", 1) - 1]]
    )
    for p in targets:
        if "project" in case:
            _apply_project(p, case["project"])
        if "indicators" in case:
            p.indicators = [indicator(*row) for row in case["indicators"]]
        for change in _as_list(case.get("indicator")):
            _apply_indicator(p, change)
    if "summaries" in case:
        doc.project_summaries = [ProjectSummary(s, n, t) for s, n, t in case["summaries"]]
    for change in _as_list(case.get("summary")):
        s = next(x for x in doc.project_summaries if x.seq == change.get("seq", 1))
        s.name = change.get("name", s.name)
        s.text = change.get("text", s.text)
    return doc


def _as_list(value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


@pytest.fixture(name="clean_document")
def clean_document_fixture():
    return clean_document


@pytest.fixture(name="build_case")
def build_case_fixture():
    return build


@pytest.fixture(name="clean_document_factory", scope="session")
def clean_document_factory_fixture():
    # Session-scoped twin of `clean_document` for Hypothesis tests (no function fixtures).
    return clean_document
