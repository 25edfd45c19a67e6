"""Blocks → file bytes. A case is paragraphs and tables; a table is rows of cells plus merges.

A cell is a string, ``None`` (empty, or covered by a merge) or `N` (a typed number with an
Excel number format; in Word it is the text Excel would display). Merges are A1 ranges
relative to the table's top-left cell. Formats: docx, xlsx, xls (xlwt) and a ruled pdf. In a workbook, blocks stack down the sheet in order
and `Sheet` starts a new sheet; in Word, a paragraph is a body paragraph.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import range_boundaries

from jixiao.core.formats.xlsx_io import number_text


@dataclass(frozen=True)
class N:
    value: float | int
    fmt: str = "General"

    @property
    def text(self) -> str:
        return number_text(self.value, self.fmt)


Cell = str | N | None


@dataclass
class P:
    text: str


@dataclass
class T:
    rows: list[list[Cell]]
    merges: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max(len(r) for r in self.rows)


@dataclass
class Sheet:
    name: str


Block = P | T | Sheet


def _bounds(ref: str) -> tuple[int, int, int, int]:
    c0, r0, c1, r1 = range_boundaries(ref)
    assert c0 is not None and r0 is not None and c1 is not None and r1 is not None
    return r0 - 1, c0 - 1, r1 - 1, c1 - 1  # zero-based row0, col0, row1, col1


def to_xlsx(blocks: list[Block]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws: Any = wb.active
    first = True
    r = 1
    for b in blocks:
        if isinstance(b, Sheet):
            if first:
                ws.title = b.name
            else:
                ws = wb.create_sheet(b.name)
            first, r = False, 1
            continue
        first = False
        if isinstance(b, P):
            ws.cell(row=r, column=1, value=b.text)
            r += 1
            continue
        for i, row in enumerate(b.rows):
            for j, v in enumerate(row):
                if v is None:
                    continue
                c = ws.cell(row=r + i, column=j + 1)
                if isinstance(v, N):
                    c.value = v.value
                    c.number_format = v.fmt
                else:
                    c.value = v
                    if v.startswith("="):
                        c.data_type = "s"
        for ref in b.merges:
            r0, c0, r1, c1 = _bounds(ref)
            ws.merge_cells(start_row=r + r0, start_column=c0 + 1, end_row=r + r1, end_column=c1 + 1)
        r += len(b.rows)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_xls(blocks: list[Block]) -> bytes:
    """An Excel 97–2003 workbook (xlwt), laid out as `to_xlsx` lays out its sheets; a merged
    range keeps its text in its top-left cell."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws: Any = None
    r = 0
    styles: dict[str, Any] = {}

    def style(fmt: str) -> Any:
        if fmt not in styles:
            styles[fmt] = xlwt.easyxf(num_format_str=fmt)
        return styles[fmt]

    for b in blocks:
        if isinstance(b, Sheet):
            ws, r = wb.add_sheet(b.name), 0
            continue
        if ws is None:
            ws = wb.add_sheet("Sheet1")
        if isinstance(b, P):
            ws.write(r, 0, b.text)
            r += 1
            continue
        merged: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for ref in b.merges:
            r0, c0, r1, c1 = _bounds(ref)
            merged[(r0, c0)] = (r0, c0, r1, c1)
        covered = {
            (i, j)
            for r0, c0, r1, c1 in merged.values()
            for i in range(r0, r1 + 1)
            for j in range(c0, c1 + 1)
        }
        for i, row in enumerate(b.rows):
            for j, v in enumerate(row):
                if (i, j) in merged:
                    r0, c0, r1, c1 = merged[(i, j)]
                    value = v.value if isinstance(v, N) else (v or "")
                    fmt = style(v.fmt) if isinstance(v, N) else style("General")
                    ws.write_merge(r + r0, r + r1, c0, c1, value, fmt)
                elif v is not None and (i, j) not in covered:
                    if isinstance(v, N):
                        ws.write(r + i, j, v.value, style(v.fmt))
                    else:
                        ws.write(r + i, j, v)
        r += len(b.rows)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_docx(blocks: list[Block]) -> bytes:
    import docx

    d = docx.Document()
    for b in blocks:
        if isinstance(b, Sheet):
            continue
        if isinstance(b, P):
            d.add_paragraph(b.text)
            continue
        t = d.add_table(rows=len(b.rows), cols=b.width)
        # The grid's cells once: python-docx's cell() recomputes the grid on every call.
        grid = t._cells
        width = b.width
        for i, row in enumerate(b.rows):
            for j, v in enumerate(row):
                if v is None:
                    continue
                text = v.text if isinstance(v, N) else v
                cell = grid[i * width + j]
                lines = text.split("\n")
                cell.paragraphs[0].text = lines[0]
                for line in lines[1:]:
                    cell.add_paragraph(line)
        for ref in b.merges:
            r0, c0, r1, c1 = _bounds(ref)
            grid[r0 * width + c0].merge(grid[r1 * width + c1])
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def to_pdf(blocks: list[Block]) -> bytes:
    """A ruled PDF drawn with reportlab (independently of our PDF writer): paragraphs, and
    each table with a grid, its merges as spans; `Sheet` starts a new page. Wide tables
    (more than seven columns) get a landscape page width."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import (
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    from jixiao.core.formats.pdf_io import chinese_font

    font = chinese_font()
    body = ParagraphStyle("b", fontName=font, fontSize=10, leading=13, wordWrap="CJK")
    cell = ParagraphStyle("c", fontName=font, fontSize=8, leading=10, wordWrap="CJK")
    wide = any(isinstance(b, T) and b.width > 7 for b in blocks)
    page = landscape(A4) if wide else A4
    width = page[0] - 72 * 2
    story: list[Any] = []
    for b in blocks:
        if isinstance(b, Sheet):
            if story:
                story.append(PageBreak())
            continue
        if isinstance(b, P):
            story.append(Paragraph(escape(b.text).replace("\n", "<br/>"), body))
            continue
        n = b.width
        data = [
            [
                Paragraph(escape(v.text if isinstance(v, N) else v).replace("\n", "<br/>"), cell)
                if v is not None
                else ""
                for v in row + [None] * (n - len(row))
            ]
            for row in b.rows
        ]
        style: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
        for ref in b.merges:
            r0, c0, r1, c1 = _bounds(ref)
            style.append(("SPAN", (c0, r0), (c1, r1)))
        table = Table(data, colWidths=[width / n] * n)
        table.setStyle(TableStyle(style))
        story += [table, Spacer(1, 6)]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=page, leftMargin=72, rightMargin=72).build(story)
    return buf.getvalue()


def build(fmt: str, blocks: list[Block]) -> bytes:
    if fmt == "pdf":
        return to_pdf(blocks)
    if fmt == "xls":
        return to_xls(blocks)
    return to_xlsx(blocks) if fmt == "xlsx" else to_docx(blocks)
