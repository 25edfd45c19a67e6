"""Excel 97–2003 (.xls) goal workbooks, read with xlrd into the sheets the .xlsx reader uses.

Cells become text as in an .xlsx (the number format decides what a number shows, dates are
dates); merged ranges come from xlrd's ``merged_cells``, which needs ``formatting_info``.
"""

from __future__ import annotations

import contextlib
from typing import Any

from jixiao.core.errors import ReadError
from jixiao.core.formats.grid import Builder
from jixiao.core.formats.sheets import CellBudget, Sheet, clean, rows_of
from jixiao.core.formats.xlsx_io import number_text
from jixiao.core.limits import check_count
from jixiao.core.model import Document


def _sheet(book: Any, sh: Any) -> Sheet:
    import xlrd

    sheet = Sheet(sh.name)
    for r in range(sh.nrows):
        for c, cell in enumerate(sh.row(r)):
            kind = cell.ctype
            if kind == xlrd.XL_CELL_EMPTY:
                continue
            value: Any = cell.value
            fmt = None
            if kind in (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE):
                xf = book.xf_list[cell.xf_index] if cell.xf_index is not None else None
                known = book.format_map.get(xf.format_key) if xf is not None else None
                fmt = known.format_str if known is not None else None
                if kind == xlrd.XL_CELL_DATE:
                    with contextlib.suppress(ValueError, OverflowError, xlrd.xldate.XLDateError):
                        value, fmt = xlrd.xldate_as_datetime(value, book.datemode), None
            elif kind == xlrd.XL_CELL_BOOLEAN:
                value = bool(value)
            elif kind == xlrd.XL_CELL_ERROR:
                value = xlrd.error_text_from_code.get(value, "#ERR")
            elif kind == xlrd.XL_CELL_BLANK:
                value = ""
            sheet.texts[(r + 1, c + 1)] = clean(number_text(value, fmt))
    for rlo, rhi, clo, chi in sh.merged_cells:
        if rhi > rlo and chi > clo:
            sheet.merges.append((rlo + 1, clo + 1, rhi, chi))
    return sheet


#: BIFF8 cell records holding one cell, and those holding a run (MULRK: 6 bytes a cell,
#: MULBLANK: 2), after a 6-byte head (row, first column, last column).
_ONE_CELL = {0x0006, 0x00D6, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E}
_CELL_RUNS = {0x00BD: 6, 0x00BE: 2}


def _cell_records(data: bytes) -> int:
    """How many cells the workbook's records hold (0 when its stream cannot be found):
    counted before xlrd keeps each one (a 35 MB file of blank cells holds 16 million)."""
    from xlrd.compdoc import CompDoc

    try:
        doc = CompDoc(data, logfile=_Quiet())
        mem, at, size = doc.locate_named_stream("Workbook")
        if mem is None:
            mem, at, size = doc.locate_named_stream("Book")
    except Exception:  # a damaged compound document: xlrd reports it next
        return 0
    if mem is None:
        return 0
    stream, count, end = mem, 0, at + size
    while at + 4 <= end:
        kind = stream[at] | stream[at + 1] << 8
        size = stream[at + 2] | stream[at + 3] << 8
        if kind in _ONE_CELL:
            count += 1
        elif kind in _CELL_RUNS and size > 6:
            count += (size - 6) // _CELL_RUNS[kind]
        at += 4 + size
    return count


def read_bytes(data: bytes, name: str) -> Document:
    import xlrd

    check_count("cells", _cell_records(data), name)
    try:
        book = xlrd.open_workbook(
            file_contents=data,
            formatting_info=True,
            on_demand=True,
            ragged_rows=True,  # a cell at IV65536 must not pad every row to 256 cells
            logfile=_Quiet(),
        )
        sheets = [_sheet(book, book.sheet_by_index(k)) for k in range(book.nsheets)]
    except ReadError:
        raise
    except Exception as e:  # xlrd raises XLRDError, CompDocError, struct and index errors
        if "encrypted" in str(e).lower():
            raise ReadError("工作簿受密码保护，请先取消密码再导入", file=name) from None
        raise ReadError(
            f"Excel 工作簿（.xls）已损坏，无法打开（{type(e).__name__}）", file=name
        ) from None
    builder = Builder(name)
    budget = CellBudget(name)
    for sheet in sheets:
        builder.feed(rows_of(sheet, budget))
    names = "、".join(f"“{sheet.name}”" for sheet in sheets)
    return builder.document(f"工作表 {names}")


class _Quiet:
    """xlrd writes warnings to a log file; a reader has no use for them."""

    def write(self, text: str) -> int:
        return len(text)
