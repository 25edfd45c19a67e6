"""The checks the edit page runs while the user types: the budget and the spending plan.

The browser sends what is in the inputs (as text) and shows what `check_entry` answers, so
the page never re-implements a rule: the values are parsed by `jixiao.core.amounts` (the
one parser, with its bounds) and judged by the review rules on the budget (R070–R072) and
the plan (R060–R063), the same rules the review runs on the stored project.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

from jixiao.core.amounts import parse_amount, parse_percent
from jixiao.core.model import Budget, Document, PlanCell, Project, SpendingPlan, Unit
from jixiao.core.review.engine import review
from jixiao.core.review.profile import Profile, profile_from_dict

#: Review rules the page checks live, by what they are about.
BUDGET_RULES = ("R070", "R071", "R072")
PLAN_RULES = ("R060", "R061", "R062", "R063")
#: The budget's amounts by `Budget` field: 上年结转资金 is a part of 预算数 beside the others.
BUDGET_KEYS: dict[str, str] = {
    "total": "预算数",
    "fiscal": "财政资金",
    "other": "其他资金",
    "carryover": "上年结转资金",
}
BUDGET_OK = "✓ 财政资金 + 其他资金 = 预算数"
BUDGET_OK_CARRYOVER = "✓ 财政资金 + 其他资金 + 上年结转资金 = 预算数"
PLAN_OK = "✓ 支出计划为累计比例，逐期不减少，最后达到 100%"


@lru_cache(maxsize=1)
def _profile() -> Profile:
    return profile_from_dict({"rules": {"enable": [*BUDGET_RULES, *PLAN_RULES]}}, "页面检查")


def check_entry(
    budget: Mapping[str, str | None],
    plan: Sequence[tuple[int, str | None]],
    money_unit: str = "万元",
) -> dict[str, Any]:
    """``{"budget": {"ok", "messages", "fields"}, "plan": {"ok", "messages", "months"}}``.

    ``budget`` maps ``total``/``fiscal``/``other``/``carryover`` to the typed text; ``plan`` is
    (month, text) per checkpoint. ``fields`` names the budget inputs and ``months`` the plan
    cells that are wrong by themselves (not a number, out of bounds).
    """
    bad_fields: dict[str, str] = {}
    amounts: dict[str, Decimal | None] = {}
    for key, label in BUDGET_KEYS.items():
        try:
            amounts[key] = parse_amount((budget.get(key) or "").strip() or None, money_unit)
        except ValueError as e:
            amounts[key] = None
            bad_fields[key] = f"{label}：{e}"
    bad_months: dict[int, str] = {}
    cells: list[PlanCell] = []
    for month, text in sorted(plan, key=lambda c: c[0]):
        text = (text or "").strip() or None
        try:
            percent = parse_percent(text)
        except ValueError as e:
            bad_months[month] = f"{month}月底：{e}"
            percent, text = None, None
        cells.append(PlanCell(month=month, text=text, percent=percent))
    project = Project(
        seq=1,
        code=None,
        name="",
        budget=Budget(amounts["total"], amounts["fiscal"], amounts["other"], amounts["carryover"]),
        spending_plan=SpendingPlan(cells),
    )
    doc = Document(unit=Unit(code=None, name=""), year=None, money_unit=money_unit)
    doc.projects.append(project)
    findings = review(doc, _profile()).findings
    parts_given = any(amounts[k] is not None for k in ("fiscal", "other", "carryover"))
    ok = BUDGET_OK if amounts["carryover"] is None else BUDGET_OK_CARRYOVER
    budget_messages = list(bad_fields.values()) + [
        f.message for f in findings if f.rule in BUDGET_RULES and not bad_fields
    ]
    plan_messages = list(bad_months.values()) + [
        f.message for f in findings if f.rule in PLAN_RULES
    ]
    return {
        "budget": {
            "ok": not budget_messages,
            # Nothing to add up while both parts are blank.
            "messages": budget_messages or ([ok] if parts_given else []),
            "fields": sorted(bad_fields),
        },
        "plan": {
            "ok": not plan_messages,
            "messages": plan_messages or [PLAN_OK],
            "months": sorted(bad_months),
        },
    }
