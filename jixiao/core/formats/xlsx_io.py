"""Excel (.xlsx) goal workbooks: read any layout grid.py understands, write the official one.

Reading: every sheet in order, streamed from the XML (xlsx_xml.py), merged ranges read
once (a vertical merge's lower rows are continuations carrying its text, sheets.py), typed
numbers turned into the text they display. A number
is exactly what its format shows: ``0.25`` formatted ``0%`` is ``"25%"``, ``1.4`` formatted
``0.00`` is ``"1.40"``; that is how ``Decimal("1.40")`` survives the trip through a float.

Writing: a first sheet with the department part (a cover with unit and year only when the
document has none: an export of some projects), one sheet per project in the official
layout (the same rows and merges as the Word tables), and a flat sheet of all indicators for
filtering. Amounts and canonical percentages are numbers whose format has exactly as many
decimals as the `Decimal`; any value a number cannot carry exactly (``"25"`` without ``%``,
``"２５％"``) is written as text, so reading the workbook back gives the same model.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from jixiao.core.errors import ReadError
from jixiao.core.formats.department import has_department_part
from jixiao.core.formats.grid import Builder
from jixiao.core.formats.zipped import open_zip
from jixiao.core.limits import check_count
from jixiao.core.model import Document, Project
from jixiao.core.numbering import add_ordinal

_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_DECIMALS = re.compile(r"\.([0#?]+)")

# -- reading ---------------------------------------------------------------------------


def number_text(value: Any, number_format: str | None) -> str:
    """The text a typed cell displays, exactly (no float noise)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if not isinstance(value, (int, float, Decimal)):
        return str(value)
    d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not d.is_finite():
        return str(value)
    section = _QUOTED.sub("", (number_format or "General").split(";")[0])
    percent = "%" in section
    if percent:
        d = d * 100
    m = _DECIMALS.search(section)
    if m or (percent or "0" in section):
        places = len(m.group(1)) if m else 0
        with contextlib.suppress(InvalidOperation):  # beyond 28 digits: keep as is
            d = d.quantize(Decimal(1).scaleb(-places))
    elif d == d.to_integral_value():
        d = d.quantize(Decimal(1))
    text = format(d, "f")
    return f"{text}%" if percent else text


def read_bytes(data: bytes, name: str) -> Document:
    from jixiao.core.formats.sheets import rows_of
    from jixiao.core.formats.xlsx_xml import read_sheets

    # Every member is inflated under the byte budget and CRC-checked before it is parsed.
    zf = open_zip(data, name)
    try:
        sheets = read_sheets(zf, number_text)
    except ReadError:
        raise
    except Exception as e:  # zip, zlib, XML and index errors of a damaged workbook
        raise ReadError(f"Excel 工作簿已损坏，无法打开（{type(e).__name__}）", file=name) from None
    check_count("tables", len(sheets), name)
    builder = Builder(name)
    for sheet in sheets:
        builder.feed(rows_of(sheet))
    names = "、".join(f"“{sheet.name}”" for sheet in sheets)
    return builder.document(f"工作表 {names}")


# -- writing ---------------------------------------------------------------------------

NCOLS = 7
FONT_NAME = "宋体"


def _decimal_format(d: Decimal) -> str:
    places = max(0, -int(d.as_tuple().exponent)) if d.is_finite() else 0
    return "0" if places == 0 else "0." + "0" * places


def amount_cell(d: Decimal | None) -> tuple[Any, str | None]:
    """The value and number format that read back as exactly ``d`` (text if none can)."""
    if d is None:
        return None, None
    fmt = _decimal_format(d)
    number = float(d)
    if number_text(number, fmt) == str(d):
        return number, fmt
    return str(d), None


def percent_cell(text: str | None, percent: Decimal | None) -> tuple[Any, str | None]:
    """A plan cell: a fraction with a ``%`` format when that reads back as ``text``."""
    if text is None:
        return None, None
    if percent is not None and percent.is_finite():
        fmt = _decimal_format(percent) + "%"
        number = float(percent / 100)
        if number_text(number, fmt) == text:
            return number, fmt
    return text, None


def text_safe(cell: Any) -> Any:
    """Keep a text such as ``=8人`` (a target) a string: openpyxl takes ``=…`` for a formula."""
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"
    return cell


def _safe_title(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "", title).strip("'") or "项目"
    base = base[:28]
    candidate, k = base, 2
    while candidate.lower() in used:
        candidate = f"{base[:25]}({k})"
        k += 1
    used.add(candidate.lower())
    return candidate


class _Sheet:
    def __init__(self, ws: Any) -> None:
        from openpyxl.styles import Alignment, Border, Font, Side

        self.ws = ws
        self.font = Font(name=FONT_NAME, size=10.5)
        self.bold = Font(name=FONT_NAME, size=10.5, bold=True)
        thin = Side(style="thin")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.wrap = Alignment(wrap_text=True, vertical="center")
        self.center = Alignment(wrap_text=True, vertical="center", horizontal="center")

    def put(
        self,
        r: int,
        c0: int,
        c1: int,
        value: Any,
        fmt: str | None = None,
        *,
        label: bool = False,
        rows: int = 1,
        border: bool = True,
    ) -> None:
        cell = text_safe(self.ws.cell(row=r, column=c0, value=value))
        if fmt:
            cell.number_format = fmt
        cell.font = self.bold if label else self.font
        cell.alignment = self.center if label else self.wrap
        if c1 > c0 or rows > 1:
            self.ws.merge_cells(start_row=r, start_column=c0, end_row=r + rows - 1, end_column=c1)
        if border:
            for rr in range(r, r + rows):
                for cc in range(c0, c1 + 1):
                    self.ws.cell(row=rr, column=cc).border = self.border


def _department(ws: Any, doc: Document) -> None:
    from openpyxl.styles import Alignment, Font

    lines: list[tuple[str, bool]] = [(doc.unit.name or "部门整体绩效目标", True)]
    if doc.year is not None:
        lines.append((f"{doc.year}年度绩效目标", True))
    if has_department_part(doc):  # else a cover: unit and year only (some projects)
        lines.append(("第一部分 部门整体绩效目标", True))
        lines.append(("一、总体绩效目标", True))
        lines += [(add_ordinal(i, g), False) for i, g in enumerate(doc.overall_goals, 1)]
        lines.append(("二、分项绩效目标", True))
        for s in doc.project_summaries:
            lines.append((f"{s.seq}.{s.name}", False))
            lines += [(line, False) for line in (s.text.splitlines() if s.text else [])]
        lines.append(("三、工作保障措施", True))
        lines += [(add_ordinal(i, m), False) for i, m in enumerate(doc.measures, 1)]
    ws.column_dimensions["A"].width = 120
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, (text, bold) in enumerate(lines, 1):
        cell = text_safe(ws.cell(row=r, column=1, value=text))
        cell.font = Font(name=FONT_NAME, size=12, bold=bold)
        cell.alignment = wrap


def _project(ws: Any, doc: Document, index: int, p: Project) -> None:
    from openpyxl.styles import Font

    s = _Sheet(ws)
    months = p.spending_plan.cells
    ncols = max(NCOLS, 1 + len(months))
    for k, width in enumerate((16, 14, 14, 18, 16, 16, 16), 1):
        ws.column_dimensions[chr(64 + k)].width = width
    title = p.title or f"{p.seq or index}.{p.name}绩效目标表"
    s.put(1, 1, ncols, title, border=False)
    ws.cell(row=1, column=1).font = Font(name="黑体", size=14, bold=True)
    half = ncols // 2 + 1
    s.put(2, 1, half, f"{doc.unit.code or ''}{doc.unit.name}", border=False)
    s.put(2, half + 1, ncols, f"单位：{doc.money_unit}", border=False)
    s.put(3, 1, 1, "项目编码", label=True)
    s.put(3, 2, 3, p.code)
    s.put(3, 4, 4, "项目名称", label=True)
    s.put(3, 5, ncols, p.name)
    b = p.budget
    s.put(4, 1, 1, "预算规模及资金用途", label=True, rows=2)
    for k, (label, value) in enumerate(
        (("预算数", b.total), ("其中：财政资金", b.fiscal), ("其他资金", b.other))
    ):
        s.put(4, 2 + 2 * k, 2 + 2 * k, label, label=True)
        v, fmt = amount_cell(value)
        s.put(4, 3 + 2 * k, 3 + 2 * k if k < 2 else ncols, v, fmt)
    s.put(5, 2, ncols, p.purpose)
    r = 6
    if months:
        s.put(r, 1, 1, "资金支出计划（%）", label=True, rows=2)
        base, extra = divmod(ncols - 1, len(months))
        c = 2
        for k, cell in enumerate(months):
            width = base + (1 if k < extra else 0)
            s.put(r, c, c + width - 1, f"{cell.month}月底", label=True)
            v, fmt = percent_cell(cell.text, cell.percent)
            s.put(r + 1, c, c + width - 1, v, fmt)
            c += width
        r += 2
    s.put(r, 1, 1, "绩效目标", label=True)
    s.put(r, 2, ncols, p.goals_cell() or None)
    r += 2
    weighted = any(i.weight is not None for i in p.indicators)
    header = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
    if weighted:
        header.append("权重")
    for k, h in enumerate(header, 1):
        s.put(r, k, k, h, label=True)
    for ind in p.indicators:
        r += 1
        values: list[tuple[Any, str | None]] = [
            (v, None)
            for v in (ind.level1, ind.level2, ind.name, ind.description, ind.target.text, ind.basis)
        ]
        values[4] = (ind.target.text or None, None)
        if weighted:
            values.append(amount_cell(ind.weight))
        for k, (v, fmt) in enumerate(values, 1):
            s.put(r, k, k, v, fmt)


FLAT_HEADER = (
    "序号",
    "项目编码",
    "项目名称",
    "预算数",
    "一级指标",
    "二级指标",
    "三级指标",
    "绩效指标描述",
    "指标值",
    "指标值确定依据",
)


def _flat(ws: Any, doc: Document) -> None:
    from openpyxl.styles import Font

    header = list(FLAT_HEADER)
    header[3] = f"预算数（{doc.money_unit}）"
    ws.append(header)
    for c in ws[1]:
        c.font = Font(name=FONT_NAME, bold=True)
    for index, p in enumerate(doc.projects, 1):
        total, fmt = amount_cell(p.budget.total)
        for ind in p.indicators:
            ws.append(
                [
                    p.seq or index,
                    p.code,
                    p.name,
                    total,
                    ind.level1,
                    ind.level2,
                    ind.name,
                    ind.description,
                    ind.target.text or None,
                    ind.basis,
                ]
            )
            for cell in ws[ws.max_row]:
                text_safe(cell)
            if fmt:
                ws.cell(row=ws.max_row, column=4).number_format = fmt
    ws.auto_filter.ref = ws.dimensions
    ws.freeze_panes = "A2"


def write_bytes(doc: Document) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    dept = wb.active
    dept.title = "部门整体绩效目标" if has_department_part(doc) else "封面"
    _department(dept, doc)
    used = {dept.title.lower(), "指标明细"}
    for index, p in enumerate(doc.projects, 1):
        ws = wb.create_sheet(_safe_title(f"{p.seq or index}.{p.name}", used))
        _project(ws, doc, index, p)
    _flat(wb.create_sheet("指标明细"), doc)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
