"""Draw `table_model` sections into an Excel workbook: one sheet per section, texts as rows
merged across the section's width, tables below them (one blank row between two tables),
merged ranges for spans, 宋体.

Amounts, numbers and canonical percentages are numbers whose format has exactly as many
decimals as the `Decimal`; a value a number cannot carry exactly (``"25"`` without ``%``,
``"２５％"``, an amount beyond float precision) is written as text, so reading the workbook
back gives the same text. Texts starting with ``=`` (``=8人``) stay texts, not formulas.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from copy import copy
from decimal import Decimal
from typing import Any

from jixiao.core.table_model import Cell, Section, Table, Text, placed
from jixiao.core.textcodec import xml_safe

FONT_NAME = "宋体"
#: Characters across a sheet's columns (A4 portrait at the table font).
SHEET_CHARS = 110
#: Width of the single column of a sheet of text only.
TEXT_COLUMN = 120


def _decimal_format(d: Decimal) -> str:
    places = max(0, -int(d.as_tuple().exponent)) if d.is_finite() else 0
    return "0" if places == 0 else "0." + "0" * places


def amount_cell(d: Decimal | None) -> tuple[Any, str | None]:
    """The value and number format that read back as exactly ``d`` (text if none can)."""
    from jixiao.core.formats.xlsx_io import number_text

    if d is None:
        return None, None
    fmt = _decimal_format(d)
    number = float(d)
    if number_text(number, fmt) == str(d):
        return number, fmt
    return str(d), None


def percent_cell(text: str | None, percent: Decimal | None) -> tuple[Any, str | None]:
    """A plan cell: a fraction with a ``%`` format when that reads back as ``text``."""
    from jixiao.core.formats.xlsx_io import number_text

    if text is None:
        return None, None
    if percent is not None and percent.is_finite():
        fmt = _decimal_format(percent) + "%"
        number = float(percent / 100)
        if number_text(number, fmt) == text:
            return number, fmt
    return text, None


def cell_value(cell: Cell) -> tuple[Any, str | None]:
    """What a model cell is stored as: a number with its format, or text (None if blank)."""
    if cell.number is not None:
        if cell.role == "percent":
            return percent_cell(cell.text, cell.number)
        return amount_cell(cell.number)
    return xml_safe(cell.text) or None, None


def text_safe(cell: Any) -> Any:
    """Keep a text such as ``=8人`` (a target) a string: openpyxl takes ``=…`` for a formula."""
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"
    return cell


def plain_row(ws: Any, values: Sequence[Any]) -> list[Any]:
    """``values`` as cells of ``ws`` (write-only sheets too): texts stay texts, never
    formulas, and lose the characters a workbook cannot hold (`xml_safe`)."""
    from openpyxl.cell import WriteOnlyCell

    return [
        text_safe(WriteOnlyCell(ws, value=xml_safe(v))) if isinstance(v, str) else v for v in values
    ]


def safe_title(title: str, used: set[str]) -> str:
    """A sheet name Excel accepts (no ``[]:*?/\\``, 31 characters) and not yet ``used``."""
    base = re.sub(r"[\[\]:*?/\\]", "", xml_safe(title)).strip("'") or "项目"
    base = base[:28]
    candidate, k = base, 2
    while candidate.lower() in used:
        candidate = f"{base[:25]}({k})"
        k += 1
    used.add(candidate.lower())
    return candidate


class _Styles:
    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.font = Font(name=FONT_NAME, size=10.5)
        self.bold = Font(name=FONT_NAME, size=10.5, bold=True)
        self.texts = {
            "title": Font(name="黑体", size=16, bold=True),
            "subtitle": Font(name=FONT_NAME, size=12),
            "h1": Font(name="黑体", size=14, bold=True),
            "h2": Font(name="黑体", size=14, bold=True),
            "body": Font(name=FONT_NAME, size=12),
        }
        thin = Side(style="thin")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.grey = PatternFill("solid", fgColor="EEEEEE")
        self.align = {
            h: Alignment(wrap_text=True, vertical="center", horizontal=None if h == "left" else h)
            for h in ("left", "center", "right")
        }
        self.nowrap = {
            h: Alignment(vertical="center", horizontal=None if h == "left" else h)
            for h in ("left", "center", "right")
        }
        self.text_align = Alignment(wrap_text=True, vertical="top")
        self.cache: dict[tuple[Any, ...], Any] = {}
        self.centred = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _text(ws: Any, st: _Styles, r: int, width: int, block: Text) -> None:
    cell = text_safe(ws.cell(row=r, column=1, value=xml_safe(block.text)))
    cell.font = st.texts[block.role]
    cell.alignment = st.centred if block.role in ("title", "subtitle") else st.text_align
    if width > 1:
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)


def _styled(st: _Styles, x: Any, key: tuple[Any, ...], fmt: str | None, cell: Cell | None) -> None:
    """Style ``x`` as ``cell`` (a border only when None). Assigning openpyxl styles hashes
    them on every call, so each combination is set once and its style ids copied after."""
    cached = st.cache.get(key)
    if cached is not None:
        x._style = copy(cached)
        return
    if cell is not None:
        if fmt:
            x.number_format = fmt
        x.font = st.bold if cell.label else st.font
        x.alignment = (st.nowrap if cell.nowrap else st.align)[cell.alignment]
        if cell.label:
            x.fill = st.grey
    if cell is None or cell.border:
        x.border = st.border
    st.cache[key] = copy(x._style)


def _table(ws: Any, st: _Styles, r0: int, table: Table) -> int:
    """Draw ``table`` from row ``r0``; the row after it."""
    r = r0
    for r, line in enumerate(placed(table), start=r0):
        for c, cell, covered in line:
            if covered:
                continue
            value, fmt = cell_value(cell)
            x = text_safe(ws.cell(row=r, column=c + 1, value=value))
            last_col, last_row = c + cell.span, r + cell.rows - 1
            merged = cell.span > 1 or cell.rows > 1
            if merged:  # before styling: openpyxl copies a bordered anchor's edges, slowly
                ws.merge_cells(
                    start_row=r, start_column=c + 1, end_row=last_row, end_column=last_col
                )
            key = (fmt, cell.label, cell.nowrap, cell.alignment, cell.border)
            _styled(st, x, key, fmt, cell)
            if merged and cell.border:
                for rr in range(r, last_row + 1):
                    for cc in range(c + 1, last_col + 1):
                        if (rr, cc) != (r, c + 1):
                            _styled(st, ws.cell(row=rr, column=cc), ("border",), None, None)
    if table.filter and table.repeat_rows:
        from openpyxl.utils import get_column_letter

        ws.auto_filter.ref = f"A{r0 + table.repeat_rows - 1}:{get_column_letter(table.ncols)}{r}"
        ws.freeze_panes = f"A{r0 + table.repeat_rows}"
    return r + 1


def _sheet(ws: Any, st: _Styles, section: Section) -> None:
    from openpyxl.utils import get_column_letter

    tables = [b for b in section.blocks if isinstance(b, Table)]
    width = max((t.ncols for t in tables), default=1)
    if tables:
        first = tables[0].column_widths()
        shares = first if len(first) == width else [1 / width] * width
        for i, share in enumerate(shares, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(6, SHEET_CHARS * share)
    else:
        ws.column_dimensions["A"].width = TEXT_COLUMN
    r, after_table = 1, False
    for block in section.blocks:
        if isinstance(block, Text):
            _text(ws, st, r, width, block)
            r, after_table = r + 1, False
        elif isinstance(block, Table):
            r = _table(ws, st, r + (1 if after_table else 0), block)
            after_table = True
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1


def render(sections: Sequence[Section]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    st = _Styles()
    used: set[str] = set()
    for section in sections:
        _sheet(wb.create_sheet(safe_title(section.name, used)), st, section)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
