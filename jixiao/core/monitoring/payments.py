"""Payment records (支付记录): one spending (or refund) of one project on one date.

Files are CSV or xlsx with a header row; accepted headers are listed in `COLUMNS`. Amounts
are in 元 unless the caller says otherwise and are converted exactly (`amounts.convert`) to
the document's money unit. A negative amount is a refund and reduces spending. A bad row is
a `ReadError` naming the file and line: nothing is guessed and nothing is dropped.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from jixiao.core.amounts import MONEY_UNITS, convert, unit_size
from jixiao.core.bounds import check_amount, check_date
from jixiao.core.errors import ReadError
from jixiao.core.files import open_failure
from jixiao.core.tabular import Row, cell_date, cell_decimal, cell_text, read_rows

COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("日期", "支付日期", "付款日期", "记账日期", "date", "pay_date"),
    "project_code": ("项目编码", "项目代码", "项目编号", "project_code", "pro_code", "code"),
    "amount": ("金额", "支付金额", "付款金额", "发生额", "amount"),
    "summary": ("摘要", "用途", "备注", "summary", "memo"),
}
REQUIRED = ("date", "project_code", "amount")


@dataclass(frozen=True, slots=True)
class Payment:
    """A payment in the document's money unit; ``line`` is its line in the source file."""

    date: datetime.date
    project_code: str
    amount: Decimal
    summary: str = ""
    line: int | None = None

    @property
    def is_refund(self) -> bool:
        return self.amount < 0


def payment_problem(date: datetime.date, amount: Decimal, year: int | None) -> str | None:
    """Why a payment cannot be recorded (Chinese), or None: an amount of 0 (neither a
    spending nor a refund) or a date outside fiscal ``year``."""
    if amount == 0:
        return "金额不能为 0"
    if year is not None and date.year != year:
        return f"日期 {date} 不在 {year} 预算年度内"
    return None


def code_index(codes: Sequence[str | None]) -> dict[str, int]:
    """Project code → index of the first project using it: a code used twice counts its
    payments for the first project (`monitor` says so in its warnings)."""
    index: dict[str, int] = {}
    for i, code in enumerate(codes):
        if code:
            index.setdefault(code, i)
    return index


@dataclass
class PaymentMatch:
    """Payments sorted by where they go: ``matched`` (payment, project index), ``unmatched``
    (code not in the document) and ``out_of_year`` (dated outside the fiscal year)."""

    matched: list[tuple[Payment, int]] = field(default_factory=list)
    unmatched: list[Payment] = field(default_factory=list)
    out_of_year: list[Payment] = field(default_factory=list)


def match_payments(
    codes: Sequence[str | None], year: int | None, payments: Iterable[Payment]
) -> PaymentMatch:
    """Match payments to projects by code (see `code_index`) and fiscal year."""
    index = code_index(codes)
    out = PaymentMatch()
    for p in payments:
        i = index.get(p.project_code)
        if i is None:
            out.unmatched.append(p)
        elif year is not None and p.date.year != year:
            out.out_of_year.append(p)
        else:
            out.matched.append((p, i))
    return out


def read_payments_bytes(
    data: bytes, name: str, *, unit: str = "元", money_unit: str = "万元"
) -> list[Payment]:
    """Payments from CSV or xlsx bytes, amounts converted from ``unit`` to ``money_unit``."""
    for u in (unit, money_unit):
        if u not in MONEY_UNITS:
            raise ReadError(f"不支持的金额单位“{u}”（可用：{'、'.join(MONEY_UNITS)}）", file=name)
    return [
        _payment(row, name, unit, money_unit) for row in read_rows(data, name, COLUMNS, REQUIRED)
    ]


def read_payments(path: str | Path, *, unit: str = "元", money_unit: str = "万元") -> list[Payment]:
    """`read_payments_bytes` on a file."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise open_failure(e, path) from None
    return read_payments_bytes(data, str(path), unit=unit, money_unit=money_unit)


def make_payment(
    date: datetime.date,
    code: str,
    amount: Decimal | None,
    *,
    unit: str = "元",
    money_unit: str = "万元",
    summary: str = "",
    line: int | None = None,
) -> Payment:
    """One payment as read from a file row or an API request: ``amount`` in ``unit``,
    converted exactly to ``money_unit``. ``ValueError`` (Chinese) for a blank code or
    amount, a date or amount out of bounds, an amount of 0, an unknown unit."""
    if not code:
        raise ValueError("项目编码为空")
    if amount is None:
        raise ValueError("金额为空")
    check_date(date)
    check_amount(amount, unit, unit_size(unit))
    unit_size(money_unit)
    problem = payment_problem(date, amount, None)
    if problem:
        raise ValueError(problem)
    return Payment(date, code, convert(amount, unit, money_unit), summary, line)


def _payment(row: Row, name: str, unit: str, money_unit: str) -> Payment:
    code = cell_text(row.get("project_code"))
    try:
        if not code:
            raise ValueError("项目编码为空")
        return make_payment(
            cell_date(row.get("date")),
            code,
            cell_decimal(row.get("amount")),
            unit=unit,
            money_unit=money_unit,
            summary=cell_text(row.get("summary")),
            line=row.line,
        )
    except ValueError as e:
        raise ReadError(str(e), file=name, line=row.line) from None
