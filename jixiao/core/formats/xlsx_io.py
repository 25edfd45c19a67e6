"""Excel (.xlsx) goal workbooks: read any layout grid.py understands, write the official one.

Reading: every sheet in order, streamed from the XML (xlsx_xml.py), merged ranges read
once (a vertical merge's lower rows are continuations carrying its text, sheets.py), typed
numbers turned into the text they display. A number
is exactly what its format shows: ``0.25`` formatted ``0%`` is ``"25%"``, ``1.4`` formatted
``0.00`` is ``"1.40"``; that is how ``Decimal("1.40")`` survives the trip through a float.

Writing draws the goal table model (`jixiao.core.goal_table`) with `render_xlsx`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from jixiao.core.errors import ReadError
from jixiao.core.formats.grid import Builder
from jixiao.core.formats.zipped import open_zip
from jixiao.core.limits import check_count
from jixiao.core.model import Document

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
    from jixiao.core.formats.sheets import CellBudget, rows_of
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
    budget = CellBudget(name)
    for sheet in sheets:
        builder.feed(rows_of(sheet, budget))
    names = "、".join(f"“{sheet.name}”" for sheet in sheets)
    return builder.document(f"工作表 {names}")


# -- writing ---------------------------------------------------------------------------


def write_bytes(doc: Document) -> bytes:
    """The official layout (`jixiao.core.goal_table`) drawn by `render_xlsx`: the department
    part (or a cover), one sheet per project, and the flat sheet 指标明细."""
    from jixiao.core.formats.render_xlsx import render
    from jixiao.core.goal_table import goal_sections

    return render(goal_sections(doc))
