"""Bulk upload of units or users from an Excel sheet (or CSV), with a downloadable template.

`upload(kind, data, name, by)` reads the first sheet (`jixiao.core.tabular.read_rows`),
creates every row through the same services as the pages, and is atomic: when any row is
bad nothing is stored and `BulkError.lines` holds one Chinese line per bad cell, naming
its row and column (``第 3 行 B 列（单位名称）：不能为空``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from jixiao.core.errors import JixiaoError
from jixiao.core.tabular import Row, cell_text, read_rows
from jixiao.web.accounts.models import ROLES
from jixiao.web.accounts.services import UserError, check_password, create_user
from jixiao.web.orgs.models import Department, Region, Unit
from jixiao.web.orgs.services import (
    OrgError,
    create_department,
    create_region,
    create_unit,
    find_department,
)

#: At most this many data rows per upload (a county has a few hundred units).
MAX_ROWS = 5000

UNIT_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("单位编码",),
    "name": ("单位名称",),
    "region_code": ("区划编码", "财政区划编码"),
    "region_name": ("区划名称", "财政区划名称"),
    "department_code": ("主管部门编码", "部门编码"),
    "department_name": ("主管部门名称", "部门名称"),
}
USER_COLUMNS: dict[str, tuple[str, ...]] = {
    "username": ("用户名",),
    "full_name": ("姓名", "姓名或说明"),
    "role": ("角色",),
    "unit": ("所属单位编码", "单位编码"),
    "regions": ("负责区划编码", "负责的财政区划编码"),
    "departments": ("负责主管部门编码", "负责的主管部门编码"),
    "password": ("初始密码", "密码"),
}
KINDS: dict[str, tuple[str, dict[str, tuple[str, ...]], tuple[str, ...]]] = {
    "units": ("单位", UNIT_COLUMNS, ("code", "name", "region_code", "department_code")),
    "users": ("用户", USER_COLUMNS, ("username", "role")),
}
HELP: dict[str, list[str]] = {
    "units": [
        "每行一个预算单位；单位编码不能与已有单位重复。",
        "区划编码、主管部门编码须已存在；不存在时填写区划名称、主管部门名称即一并新建。",
        "主管部门属于所填的区划。",
    ],
    "users": [
        "每行一个用户；用户名不能与已有用户重复。",
        "角色填：" + "、".join(ROLES.values()) + "。",
        "填报人须填所属单位编码；审核人须填负责区划编码或负责主管部门编码（多个用顿号分隔）。",
        "初始密码须符合系统的密码规则；留空则该用户在管理员重设密码前不能登录。",
    ],
}
_SEPARATORS = re.compile(r"[,，、;；\s]+")


class BulkError(JixiaoError):
    """A bad sheet: one line per bad cell; nothing was stored."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("；".join(lines[:3]) + ("…" if len(lines) > 3 else ""))
        self.lines = lines


@dataclass
class BulkResult:
    kind: str
    created: list[str]


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


class _Sheet:
    """Collects errors by cell while the rows are created."""

    def __init__(self, columns: dict[str, tuple[str, ...]]) -> None:
        self.columns = columns
        self.lines: list[str] = []

    def fail(self, row: Row, field: str, message: str) -> None:
        column = row.index.get(field)
        where = f"第 {row.line} 行"
        if column is not None:
            where += f" {_letter(column)} 列"
        self.lines.append(f"{where}（{self.columns[field][0]}）：{message}")

    def text(self, row: Row, field: str) -> str:
        return cell_text(row.get(field))


def upload(kind: str, data: bytes, name: str, by: Any) -> BulkResult:
    """Create every row of the sheet, or nothing (`BulkError`, `ReadError`)."""
    if kind not in KINDS:
        raise BulkError([f"未知的导入内容“{kind}”"])
    label, columns, required = KINDS[kind]
    rows = []
    for row in read_rows(data, name, columns, required):
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise BulkError([f"一次最多导入 {MAX_ROWS} 行，请分批导入"])
    if not rows:
        raise BulkError([f"表中没有{label}（表头下面没有数据行）"])
    sheet = _Sheet(columns)
    create: Callable[[_Sheet, Row, Any], str | None] = _unit_row if kind == "units" else _user_row
    created: list[str] = []
    with transaction.atomic():
        seen: set[str] = set()
        for row in rows:
            key = sheet.text(row, "code" if kind == "units" else "username")
            if key and key in seen:
                sheet.fail(row, "code" if kind == "units" else "username", f"“{key}”在表中重复")
                continue
            seen.add(key)
            done = create(sheet, row, by)
            if done:
                created.append(done)
        if sheet.lines:
            transaction.set_rollback(True)
            raise BulkError(sheet.lines)
    return BulkResult(kind, created)


def _unit_row(sheet: _Sheet, row: Row, by: Any) -> str | None:
    code, name = sheet.text(row, "code"), sheet.text(row, "name")
    bad = len(sheet.lines)
    if not code:
        sheet.fail(row, "code", "不能为空")
    elif Unit.objects.filter(code=code).exists():
        sheet.fail(row, "code", f"单位编码“{code}”已存在")
    if not name:
        sheet.fail(row, "name", "不能为空")
    rcode, dcode = sheet.text(row, "region_code"), sheet.text(row, "department_code")
    region = Region.objects.filter(code=rcode).first() if rcode else None
    if not rcode:
        sheet.fail(row, "region_code", "不能为空")
    elif region is None:
        rname = sheet.text(row, "region_name")
        if not rname:
            sheet.fail(row, "region_code", f"区划“{rcode}”不存在（填写区划名称即可新建）")
        else:
            try:
                region = create_region(rcode, rname, by=by)
            except OrgError as e:
                sheet.fail(row, "region_code", str(e))
    department = None
    if not dcode:
        sheet.fail(row, "department_code", "不能为空")
    elif region is not None:
        department = Department.objects.filter(region=region, code=dcode).first()
        dname = sheet.text(row, "department_name")
        if department is None and not dname:
            sheet.fail(
                row,
                "department_code",
                f"区划“{rcode}”中没有主管部门“{dcode}”（填写主管部门名称即可新建）",
            )
        elif department is None:
            try:
                department = create_department(region, dcode, dname, by=by)
            except OrgError as e:
                sheet.fail(row, "department_code", str(e))
    if len(sheet.lines) > bad or department is None:
        return None
    try:
        create_unit(department, code, name, by=by)
    except OrgError as e:
        sheet.fail(row, "code", str(e))
        return None
    return f"{code} {name}"


def _role(text: str) -> str | None:
    if text in ROLES:
        return text
    return next((key for key, label in ROLES.items() if label == text), None)


def _user_row(sheet: _Sheet, row: Row, by: Any) -> str | None:
    username = sheet.text(row, "username")
    bad = len(sheet.lines)
    if not username:
        sheet.fail(row, "username", "不能为空")
    elif get_user_model().objects.filter(username=username).exists():
        sheet.fail(row, "username", f"用户“{username}”已存在")
    role_text = sheet.text(row, "role")
    role = _role(role_text)
    if role is None:
        sheet.fail(row, "role", f"角色“{role_text}”无效，应为{'、'.join(ROLES.values())}")
    unit_code = sheet.text(row, "unit")
    unit = Unit.objects.filter(code=unit_code).first() if unit_code else None
    if unit_code and unit is None:
        sheet.fail(row, "unit", f"单位编码“{unit_code}”不存在")
    regions = []
    for code in _SEPARATORS.split(sheet.text(row, "regions")):
        if code:
            region = Region.objects.filter(code=code).first()
            if region is None:
                sheet.fail(row, "regions", f"财政区划“{code}”不存在")
            else:
                regions.append(region)
    departments = []
    for code in _SEPARATORS.split(sheet.text(row, "departments")):
        if code:
            try:
                departments.append(find_department(None, code))
            except OrgError as e:
                sheet.fail(row, "departments", str(e))
    password = sheet.text(row, "password")
    if password:
        try:
            check_password(password, get_user_model()(username=username))
        except UserError as e:
            sheet.fail(row, "password", str(e))
    if len(sheet.lines) > bad or role is None:
        return None
    try:
        create_user(
            username,
            role,
            password or None,
            unit=unit,
            regions=regions,
            departments=departments,
            by=by,
            full_name=sheet.text(row, "full_name"),
        )
    except UserError as e:
        sheet.fail(row, "role", str(e))
        return None
    return f"{username}（{ROLES[role]}）"


def template(kind: str) -> bytes:
    """The template workbook: the header row to fill in, and a sheet of instructions."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    label, columns, required = KINDS[kind]
    book = Workbook()
    sheet = book.active
    sheet.title = label
    for k, (field, names) in enumerate(columns.items(), 1):
        cell = sheet.cell(row=1, column=k, value=names[0])
        cell.font = Font(bold=field in required)
        sheet.column_dimensions[_letter(k - 1)].width = max(14, 3 * len(names[0]))
        cell.number_format = "@"
    for k in range(1, len(columns) + 1):  # codes stay text (leading zeros)
        sheet.column_dimensions[_letter(k - 1)].number_format = "@"
    notes = book.create_sheet("填写说明")
    notes.column_dimensions["A"].width = 100
    notes.append([f"{label}导入模板：在第一个工作表的表头下逐行填写，粗体列必填。"])
    for line in HELP[kind]:
        notes.append([line])
    notes.append(["导入是整体的：任何一行有误则全部不导入，并逐条列出出错的行和列。"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
