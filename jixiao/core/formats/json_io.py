"""The JSON form of a document: the public contract of ``jixiao read --format json``.

Documented in docs/format.md. Decimals are strings, blank cells ``null``. Keys beyond the
contract (``text`` of a plan cell, ``upper`` of a target, ``goals_text``, ``title``,
``weight``) make the JSON a lossless serialisation, so read → JSON → read is the identity.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from jixiao.core.amounts import to_amount, to_percent
from jixiao.core.errors import ReadError
from jixiao.core.model import (
    DOCUMENT_KINDS,
    OPTIONAL_PARTS,
    Budget,
    Document,
    Execution,
    Indicator,
    PlanCell,
    Project,
    ProjectSummary,
    SpendingPlan,
    Target,
    Unit,
)
from jixiao.core.targets import parse_target
from jixiao.core.textcodec import unstorable


def dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def target_to_dict(t: Target) -> dict[str, Any]:
    d: dict[str, Any] = {
        "text": t.text,
        "comparator": t.comparator,
        "value": dec(t.value),
        "unit": t.unit,
    }
    if t.upper is not None:
        d["upper"] = dec(t.upper)
    return d


def indicator_to_dict(i: Indicator) -> dict[str, Any]:
    d: dict[str, Any] = {
        "level1": i.level1,
        "level2": i.level2,
        "name": i.name,
        "description": i.description,
        "target": target_to_dict(i.target),
        "basis": i.basis,
    }
    if i.weight is not None:
        d["weight"] = dec(i.weight)
    # Self-evaluation keys appear on indicators read from a 自评表 (blank actual → null).
    if i.actual is not None or i.score is not None or i.deviation_reason is not None:
        d["actual"] = i.actual
        d["score"] = dec(i.score)
        d["deviation_reason"] = i.deviation_reason
    if i.midterm is not None:
        d["midterm"] = i.midterm
    if i.scoring_rule is not None:
        d["scoring_rule"] = i.scoring_rule
    return d


EXECUTION_KEYS = ("budget_initial", "budget_adjusted", "executed", "rate", "weight", "score")


def execution_to_dict(e: Execution) -> dict[str, str | None]:
    return {k: dec(getattr(e, k)) for k in EXECUTION_KEYS}


def project_to_dict(p: Project) -> dict[str, Any]:
    d = _project_to_dict(p)
    if p.budget.carryover is not None:  # 上年结转资金, where the layout has it
        d["budget"]["carryover"] = dec(p.budget.carryover)
    if p.budget.raw:
        d["budget"]["raw"] = dict(p.budget.raw)
    if p.budget.parts_unread:  # a 其中 part under a label the reader did not know
        d["budget"]["parts_unread"] = True
    if p.execution is not None:
        d["execution"] = execution_to_dict(p.execution)
    return d


def _project_to_dict(p: Project) -> dict[str, Any]:
    return {
        "seq": p.seq,
        "code": p.code,
        "name": p.name,
        "budget": {
            "total": dec(p.budget.total),
            "fiscal": dec(p.budget.fiscal),
            "other": dec(p.budget.other),
        },
        "purpose": p.purpose,
        "spending_plan": [
            {"month": c.month, "percent": dec(c.percent), "text": c.text}
            for c in p.spending_plan.cells
        ],
        "spending_curve": [
            {"month": m, "percent": dec(v)} for m, v in p.spending_plan.cumulative()
        ],
        "goals": list(p.goals),
        "goals_text": p.goals_text,
        "title": p.title,
        "indicators": [indicator_to_dict(i) for i in p.indicators],
    }


def document_to_dict(doc: Document) -> dict[str, Any]:
    d: dict[str, Any] = {
        "kind": doc.kind,
        "unit": {"code": doc.unit.code, "name": doc.unit.name},
        "year": doc.year,
        "money_unit": doc.money_unit,
        "overall_goals": list(doc.overall_goals),
        "project_summaries": [
            {"seq": s.seq, "name": s.name, "text": s.text} for s in doc.project_summaries
        ],
        "measures": list(doc.measures),
        "projects": [project_to_dict(p) for p in doc.projects],
        "department_indicators": [indicator_to_dict(i) for i in doc.department_indicators],
    }
    if doc.absent:  # a layout without some optional parts (key left out otherwise)
        d["absent"] = [part for part in OPTIONAL_PARTS if part in doc.absent]
    return d


def dumps(data: Any, indent: int | None = 2) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent, default=_default)


def _default(o: Any) -> Any:
    if isinstance(o, Decimal):
        return str(o)
    raise TypeError(f"{type(o).__name__} is not JSON serialisable")


# -- from JSON -------------------------------------------------------------------------


def _d(value: Any, where: str) -> Decimal | None:
    """An amount (the one amount parser, so ``1e3`` is refused as everywhere)."""
    try:
        return to_amount(value)
    except ValueError as e:
        raise ValueError(f"{where}：{e}") from None


def _p(value: Any, where: str) -> Decimal | None:
    """A percentage (a plan cell, a weight)."""
    try:
        return to_percent(value)
    except ValueError as e:
        raise ValueError(f"{where}：{e}") from None


def target_from_dict(d: dict[str, Any] | str | None) -> Target:
    """A target from JSON. The text is the source of truth; parsed keys must agree."""
    if d is None:
        return Target(text="")
    if isinstance(d, str):
        return parse_target(d)
    return parse_target(d.get("text") or "")


def indicator_from_dict(d: dict[str, Any], where: str = "indicator") -> Indicator:
    return Indicator(
        level1=d.get("level1"),
        level2=d.get("level2"),
        name=d.get("name"),
        description=d.get("description"),
        target=target_from_dict(d.get("target")),
        basis=d.get("basis"),
        weight=_p(d.get("weight"), f"{where}.weight"),
        actual=d.get("actual"),
        score=_p(d.get("score"), f"{where}.score"),
        deviation_reason=d.get("deviation_reason"),
        midterm=d.get("midterm"),
        scoring_rule=d.get("scoring_rule"),
    )


def execution_from_dict(d: dict[str, Any] | None, where: str) -> Execution | None:
    if not d:
        return None
    return Execution(**{k: _d(d.get(k), f"{where}.{k}") for k in EXECUTION_KEYS})


def project_from_dict(d: dict[str, Any], where: str = "project") -> Project:
    b = d.get("budget") or {}
    cells = []
    for c in d.get("spending_plan") or []:
        percent = _p(c.get("percent"), f"{where}.spending_plan")
        text = c.get("text", None if percent is None else f"{percent}%")
        cells.append(PlanCell(month=int(c["month"]), text=text, percent=percent))
    goals = list(d.get("goals") or [])
    return Project(
        seq=d.get("seq"),
        code=d.get("code"),
        name=d.get("name") or "",
        budget=Budget(
            total=_d(b.get("total"), f"{where}.budget.total"),
            fiscal=_d(b.get("fiscal"), f"{where}.budget.fiscal"),
            other=_d(b.get("other"), f"{where}.budget.other"),
            carryover=_d(b.get("carryover"), f"{where}.budget.carryover"),
            raw=dict(b.get("raw") or {}),
            parts_unread=b.get("parts_unread") is True,
        ),
        purpose=d.get("purpose"),
        spending_plan=SpendingPlan(cells),
        goals=goals,
        indicators=[
            indicator_from_dict(i, f"{where}.indicators[{k}]")
            for k, i in enumerate(d.get("indicators") or [], 1)
        ],
        goals_text=d.get("goals_text"),
        title=d.get("title"),
        execution=execution_from_dict(d.get("execution"), f"{where}.execution"),
    )


def document_from_dict(d: dict[str, Any]) -> Document:
    unit = d.get("unit") or {}
    return Document(
        unit=Unit(code=unit.get("code"), name=unit.get("name") or ""),
        year=d.get("year"),
        money_unit=d.get("money_unit") or "万元",
        overall_goals=list(d.get("overall_goals") or []),
        project_summaries=[
            ProjectSummary(seq=int(s["seq"]), name=s.get("name") or "", text=s.get("text") or "")
            for s in d.get("project_summaries") or []
        ],
        measures=list(d.get("measures") or []),
        projects=[
            project_from_dict(p, f"projects[{k}]") for k, p in enumerate(d.get("projects") or [])
        ],
        kind=str(d.get("kind")) if d.get("kind") in DOCUMENT_KINDS else "goals",
        department_indicators=[
            indicator_from_dict(i, f"department_indicators[{k}]")
            for k, i in enumerate(d.get("department_indicators") or [], 1)
        ],
        absent=_absent(d.get("absent")),
    )


def _absent(value: Any) -> frozenset[str]:
    """The ``absent`` parts: a list of `OPTIONAL_PARTS` names."""
    if value is None:
        return frozenset()
    if not isinstance(value, list) or any(v not in OPTIONAL_PARTS for v in value):
        raise ValueError(f"absent 应为以下名称的列表：{'、'.join(OPTIONAL_PARTS)}")
    return frozenset(value)


def read_bytes(data: bytes, name: str) -> Document:
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        line = getattr(e, "lineno", None)
        raise ReadError(f"不是有效的 JSON（{e}）", file=name, line=line) from None
    except RecursionError:  # ``[[[[…`` thousands deep
        raise ReadError("JSON 嵌套层数过多，不是绩效目标文档", file=name) from None
    if not isinstance(obj, dict) or "projects" not in obj:
        raise ReadError("JSON 中没有“projects”，不是绩效目标文档", file=name)
    try:
        doc = document_from_dict(obj)
        _check_types(doc)
        return doc
    except (ValueError, KeyError, TypeError, AttributeError, ArithmeticError) as e:
        raise ReadError(f"JSON 内容有误：{e}", file=name) from None


def _text(value: Any, where: str, *, optional: bool = True) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str):
        raise TypeError(f"{where} 应为文字")
    problem = unstorable(value)
    if problem:
        raise ValueError(f"{where} {problem}")


def _int(value: Any, where: str) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise TypeError(f"{where} 应为整数")


def _indicator_types(i: Indicator, where: str) -> None:
    for attr in ("level1", "level2", "name", "description", "basis", "actual"):
        _text(getattr(i, attr), f"{where}.{attr}")
    for attr in ("deviation_reason", "midterm", "scoring_rule"):
        _text(getattr(i, attr), f"{where}.{attr}")
    _text(i.target.text, f"{where}.target", optional=False)


def _check_types(doc: Document) -> None:
    """What JSON gave where the model wants text or whole numbers (a number in a name, a
    list in a year…) is refused here, at the boundary, not deep inside a later step."""
    _text(doc.unit.code, "unit.code")
    _text(doc.unit.name, "unit.name", optional=False)
    _text(doc.money_unit, "money_unit", optional=False)
    _int(doc.year, "year")
    for k, g in enumerate(doc.overall_goals, 1):
        _text(g, f"overall_goals[{k}]", optional=False)
    for k, m in enumerate(doc.measures, 1):
        _text(m, f"measures[{k}]", optional=False)
    for k, s in enumerate(doc.project_summaries, 1):
        _text(s.name, f"project_summaries[{k}].name", optional=False)
        _text(s.text, f"project_summaries[{k}].text", optional=False)
    for k, p in enumerate(doc.projects, 1):
        where = f"projects[{k}]"
        _int(p.seq, f"{where}.seq")
        for attr in ("code", "purpose", "goals_text", "title"):
            _text(getattr(p, attr), f"{where}.{attr}")
        _text(p.name, f"{where}.name", optional=False)
        for j, g in enumerate(p.goals, 1):
            _text(g, f"{where}.goals[{j}]", optional=False)
        for j, c in enumerate(p.spending_plan.cells, 1):
            _text(c.text, f"{where}.spending_plan[{j}].text")
        for j, i in enumerate(p.indicators, 1):
            _indicator_types(i, f"{where}.indicators[{j}]")
    for k, i in enumerate(doc.department_indicators, 1):
        _indicator_types(i, f"department_indicators[{k}]")


def write_bytes(doc: Document) -> bytes:
    return (dumps(document_to_dict(doc)) + "\n").encode("utf-8")
