"""Apply a partial change (the API's PATCH body, the edit form) to a core project.

`apply_changes(project, changes)` validates every key and returns a new core project, or
raises `ChangeError` with one Chinese message per bad field. Nothing is stored here.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from typing import Any

from jixiao.core import model as core
from jixiao.core.amounts import parse_percent, to_amount, to_percent
from jixiao.core.errors import JixiaoError
from jixiao.core.live_checks import BUDGET_KEYS
from jixiao.core.targets import parse_target
from jixiao.core.textcodec import drop_invisible
from jixiao.core.validation import project_problems

#: Keys a PATCH may carry, with their Chinese names.
EDITABLE_FIELDS: dict[str, str] = {
    "code": "项目编码",
    "name": "项目名称",
    "title": "标题",
    "budget": "预算",
    "purpose": "资金用途",
    "spending_plan": "资金支出计划",
    "goals": "绩效目标",
    "goals_text": "绩效目标（原文）",
    "indicators": "绩效指标",
}
INDICATOR_KEYS: dict[str, str] = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "description": "绩效指标描述",
    "target": "指标值",
    "basis": "指标值确定依据",
    "weight": "权重",
}


class ChangeError(JixiaoError):
    """Invalid changes; ``errors`` maps a field path to a Chinese message. The message (``str``)
    names each field in Chinese (`field_label`), never by its path."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("；".join(labelled(k, v) for k, v in errors.items()))
        self.errors = errors


_PATH_LABELS = {
    "code": "项目编码",
    "name": "项目名称",
    "title": "标题",
    "purpose": "资金用途",
    "budget": "预算",
    "budget.total": "预算数",
    "budget.fiscal": "财政资金",
    "budget.other": "其他资金",
    "budget.carryover": "上年结转资金",
    "spending_plan": "资金支出计划",
    "goals": "绩效目标",
    "indicators": "绩效指标",
}
_SUB_LABELS = {"month": "月份", "text": "比例", **INDICATOR_KEYS}


def field_label(path: str) -> str:
    """``indicators[2].target`` → ``第 2 个指标的指标值`` (the paths this module writes)."""
    m = re.fullmatch(r"(indicators|spending_plan)\[(\d+)\](?:\.(\w+))?", path)
    if m:
        what = "指标" if m.group(1) == "indicators" else "支出计划时点"
        sub = _SUB_LABELS.get(m.group(3) or "", m.group(3) or "")
        return f"第 {m.group(2)} 个{what}" + (f"的{sub}" if sub else "")
    return _PATH_LABELS.get(path, path)


def labelled(path: str, message: str) -> str:
    """One line: the field's Chinese name and its problem, the name once (bounds messages
    from `jixiao.core.validation` already start with it)."""
    label = field_label(path)
    if not path or message.startswith(label):
        return message
    return f"{label}：{message}"


def _text(value: Any, field: str, errors: dict[str, str], *, required: bool = False) -> Any:
    if value is None:
        if required:
            errors[field] = "不能为空"
        return None
    if not isinstance(value, str):
        errors[field] = "应为文字"
        return None
    value = drop_invisible(value)  # zero-width and direction characters pasted in
    if required and not value.strip():
        errors[field] = "不能为空"
    return value


def _amount(value: Any, field: str, errors: dict[str, str], unit: str) -> Decimal | None:
    """A non-negative amount in ``unit`` (the one amount parser and its bounds)."""
    try:
        number = to_amount(value, unit)
    except ValueError as e:
        errors[field] = str(e)
        return None
    if number is not None and number < 0:
        errors[field] = f"金额“{value}”不能为负数"
        return None
    return number


def _percent(value: Any, field: str, errors: dict[str, str]) -> Decimal | None:
    try:
        return to_percent(value)
    except ValueError as e:
        errors[field] = str(e)
        return None


def apply_changes(
    project: core.Project, changes: dict[str, Any], money_unit: str = "万元"
) -> core.Project:
    """A copy of ``project`` with ``changes`` applied (keys from `EDITABLE_FIELDS`); amounts
    are in ``money_unit`` (the document's) and every value is checked against the bounds of
    `jixiao.core.bounds`."""
    errors: dict[str, str] = {}
    for key in changes:
        if key not in EDITABLE_FIELDS:
            errors[key] = "不是可修改的字段"
    new = copy.deepcopy(project)
    if "code" in changes:
        new.code = _text(changes["code"], "code", errors)
    if "name" in changes:
        new.name = _text(changes["name"], "name", errors, required=True) or new.name
    if "title" in changes:
        new.title = _text(changes["title"], "title", errors)
    if "purpose" in changes:
        new.purpose = _text(changes["purpose"], "purpose", errors)
    if "budget" in changes:
        _budget(new, changes["budget"], errors, money_unit)
    if "spending_plan" in changes:
        _plan(new, changes["spending_plan"], errors)
    if "goals" in changes:
        _goals(new, changes, errors)
    elif "goals_text" in changes:
        from jixiao.core.numbering import split_goals

        new.goals_text = _text(changes["goals_text"], "goals_text", errors)
        new.goals = split_goals(new.goals_text)
    if "indicators" in changes:
        _indicators(new, changes["indicators"], errors)
    if not errors:
        # What the parsers above do not bound (text lengths) and a unit-aware amount check.
        for path, message in project_problems(new, money_unit):
            errors.setdefault(path, message)
    if errors:
        raise ChangeError(errors)
    return new


def _budget(new: core.Project, value: Any, errors: dict[str, str], unit: str) -> None:
    if not isinstance(value, dict):
        errors["budget"] = '应为对象，如 {"total": "2.28"}'
        return
    for key in value:
        if key not in BUDGET_KEYS:
            errors[f"budget.{key}"] = f"不是预算字段（可用 {'、'.join(BUDGET_KEYS)}）"
    for key in BUDGET_KEYS:
        if key in value:
            setattr(new.budget, key, _amount(value[key], f"budget.{key}", errors, unit))
    if any(key in value for key in BUDGET_KEYS if key != "total"):
        # The unit has stated the parts itself: R071 adds them up again.
        new.budget.parts_unread = False


def _plan(new: core.Project, value: Any, errors: dict[str, str]) -> None:
    if not isinstance(value, list):
        errors["spending_plan"] = "应为列表"
        return
    cells: list[core.PlanCell] = []
    months: list[int] = []
    for k, cell in enumerate(value, 1):
        where = f"spending_plan[{k}]"
        if not isinstance(cell, dict):
            errors[where] = '应为对象，如 {"month": 3, "text": "25%"}'
            continue
        month = cell.get("month")
        if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
            errors[f"{where}.month"] = "月份应为 1–12 的整数"
            continue
        months.append(month)
        if "text" in cell:
            text = _text(cell["text"], f"{where}.text", errors)
            if not (text and text.strip()):
                text = None  # a blank cell is null, as the readers give it
            try:
                percent = parse_percent(text)
            except ValueError as e:
                errors[f"{where}.text"] = str(e)
                continue
        else:
            percent = _percent(cell.get("percent"), f"{where}.percent", errors)
            text = None if percent is None else f"{percent}%"
        cells.append(core.PlanCell(month=month, text=text, percent=percent))
    if months != sorted(set(months)):
        errors["spending_plan"] = "月份应按时间先后排列且不重复"
    new.spending_plan = core.SpendingPlan(cells)


def _goals(new: core.Project, changes: dict[str, Any], errors: dict[str, str]) -> None:
    goals = changes["goals"]
    if not isinstance(goals, list) or not all(isinstance(g, str) for g in goals):
        errors["goals"] = "应为文字列表"
        return
    new.goals = [g.strip() for g in goals if g.strip()]
    if "goals_text" in changes:
        new.goals_text = _text(changes["goals_text"], "goals_text", errors)
    # Keep the written numbering while it still says the same goals, else renumber.
    new.goals_text = new.goals_cell() if new.goals else None


def parse_indicators(value: Any) -> list[core.Indicator]:
    """An indicator table (the department's, say) from a list of indicator dicts."""
    errors: dict[str, str] = {}
    rows = _indicator_list(value, errors)
    if errors:
        raise ChangeError(errors)
    return rows


def _indicators(new: core.Project, value: Any, errors: dict[str, str]) -> None:
    new.indicators = _indicator_list(value, errors)


def _indicator_list(value: Any, errors: dict[str, str]) -> list[core.Indicator]:
    if not isinstance(value, list):
        errors["indicators"] = "应为列表"
        return []
    rows: list[core.Indicator] = []
    for k, item in enumerate(value, 1):
        where = f"indicators[{k}]"
        if not isinstance(item, dict):
            errors[where] = "应为对象"
            continue
        for key in item:
            if key not in INDICATOR_KEYS:
                errors[f"{where}.{key}"] = "不是指标字段"
        target = item.get("target")
        if isinstance(target, dict):
            target = target.get("text")
        target_text = _text(target, f"{where}.target", errors) or ""
        rows.append(
            core.Indicator(
                level1=_text(item.get("level1"), f"{where}.level1", errors),
                level2=_text(item.get("level2"), f"{where}.level2", errors),
                name=_text(item.get("name"), f"{where}.name", errors),
                description=_text(item.get("description"), f"{where}.description", errors),
                target=parse_target(target_text),
                basis=_text(item.get("basis"), f"{where}.basis", errors),
                weight=_percent(item.get("weight"), f"{where}.weight", errors),
            )
        )
    return rows
