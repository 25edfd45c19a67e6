"""The year-end inputs of self-evaluation, read from CSV or xlsx.

- actual values: ``project_code,indicator,actual[,reason]`` — ``indicator`` numbers the
  project's indicators from 1 in document order; ``actual`` is a number with an optional
  unit (``95%``, ``120人``) or a grade (达成/部分达成/未达成, 优/良/中/差);
- budget figures: ``project_code,budget_initial,budget_adjusted,executed[,reason]`` in the
  document's money unit (年初预算数, 全年预算数, 全年执行数).

``reason`` is the 偏差原因分析及改进措施 where one is given. A bad cell is a `ReadError` at
its line; whether codes and numbers exist in the document is checked by `evaluate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jixiao.core.actual_values import ActualValue, parse_actual
from jixiao.core.errors import ReadError
from jixiao.core.files import open_failure
from jixiao.core.tabular import Row, cell_decimal, cell_text, read_rows

ACTUAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "project_code": ("项目编码", "项目代码", "pro_code"),
    "indicator": ("指标序号", "指标", "序号"),
    "actual": ("实际完成值", "实际值", "完成值"),
    "reason": ("偏差原因分析及改进措施", "偏差原因", "原因"),
}
BUDGET_COLUMNS: dict[str, tuple[str, ...]] = {
    "project_code": ("项目编码", "项目代码", "pro_code"),
    "budget_initial": ("年初预算数", "年初预算"),
    "budget_adjusted": ("全年预算数", "调整后预算数", "全年预算"),
    "executed": ("全年执行数", "执行数"),
    "reason": ("偏差原因分析及改进措施", "偏差原因", "原因"),
}


@dataclass(frozen=True)
class Actual:
    project_code: str
    indicator: int  # 1-based within the project
    value: ActualValue
    reason: str = ""
    file: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class BudgetRecord:
    """年初预算数 / 全年预算数 / 全年执行数 of one project, in the document's money unit."""

    project_code: str
    budget_initial: Decimal | None
    budget_adjusted: Decimal
    executed: Decimal
    reason: str = ""
    file: str | None = None
    line: int | None = None


def _code(cells: Row) -> str:
    code = cell_text(cells.get("project_code"))
    if not code:
        raise ValueError("项目编码为空")
    return code


def read_actuals_bytes(data: bytes, name: str) -> list[Actual]:
    out = []
    rows = read_rows(data, name, ACTUAL_COLUMNS, ("project_code", "indicator", "actual"))
    for row in rows:
        c = row
        try:
            code = _code(c)
            number = cell_decimal(c.get("indicator"))
            if number is None or number != number.to_integral_value() or number < 1:
                raise ValueError(f"指标序号“{cell_text(c.get('indicator'))}”应为从 1 开始的整数")
            value = parse_actual(cell_text(c.get("actual")))
        except ValueError as e:
            raise ReadError(str(e), file=name, line=row.line) from None
        reason = cell_text(c.get("reason"))
        out.append(Actual(code, int(number), value, reason, name, row.line))
    return out


def read_budgets_bytes(data: bytes, name: str) -> list[BudgetRecord]:
    out = []
    required = ("project_code", "budget_adjusted", "executed")
    for row in read_rows(data, name, BUDGET_COLUMNS, required):
        c = row
        try:
            code = _code(c)
            initial = cell_decimal(c.get("budget_initial"))
            adjusted = cell_decimal(c.get("budget_adjusted"))
            executed = cell_decimal(c.get("executed"))
            if adjusted is None or executed is None:
                raise ValueError("全年预算数和全年执行数不能为空")
            if adjusted < 0 or executed < 0 or (initial is not None and initial < 0):
                raise ValueError("预算数和执行数不能为负数")
        except ValueError as e:
            raise ReadError(str(e), file=name, line=row.line) from None
        reason = cell_text(c.get("reason"))
        out.append(BudgetRecord(code, initial, adjusted, executed, reason, name, row.line))
    return out


def _bytes(path: str | Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as e:
        raise open_failure(e, path) from None


def read_actuals(path: str | Path) -> list[Actual]:
    return read_actuals_bytes(_bytes(path), str(path))


def read_budgets(path: str | Path) -> list[BudgetRecord]:
    return read_budgets_bytes(_bytes(path), str(path))
