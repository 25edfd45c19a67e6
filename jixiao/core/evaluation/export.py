"""Draw self-evaluation `Table`s into docx, xlsx or pdf, in the style of the goal-document
writers (jixiao.core.formats: 宋体/仿宋 with East Asian font names in Word, 宋体 in Excel,
an embedded CJK TrueType font in PDF) and with their helpers.

docx: one table per page; xlsx: one sheet per table; pdf: one table per page, A4.
Amounts and scores are numbers in xlsx that read back exactly (`amount_cell`).
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jixiao.core.errors import WriteError
from jixiao.core.evaluation.tables import Table, placed
from jixiao.core.files import write_atomically

FORMATS: tuple[str, ...] = ("docx", "xlsx", "pdf")
MEDIA_TYPES: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def to_docx(tables: Sequence[Table]) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt

    from jixiao.core.formats.docx_io import _Tc, _Writer

    w = _Writer()
    for i, table in enumerate(tables):
        if i:
            w.d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        title = w.d.add_paragraph(style="Title")
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.add_run(table.title).font.size = Pt(18)
        w.para(table.subtitle, center=True)
        rows = []
        for line in placed(table):
            out = []
            for _, cell, covered in line:
                if covered:
                    out.append(_Tc("", cell.span, vmerge="continue"))
                else:
                    vmerge = "restart" if cell.rows > 1 else None
                    out.append(
                        _Tc(cell.text, cell.span, label=cell.label, vmerge=vmerge, align=cell.align)
                    )
            rows.append(out)
        w.table(table.ncols, rows)
    return w.save()


def to_xlsx(tables: Sequence[Table]) -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from jixiao.core.formats.xlsx_io import FONT_NAME, _safe_title, _Sheet, amount_cell

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for table in tables:
        ws = wb.create_sheet(_safe_title(table.sheet_name, used))
        sheet = _Sheet(ws)
        ws.cell(row=1, column=1, value=table.title).font = Font(name=FONT_NAME, size=16, bold=True)
        ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=table.ncols)
        ws.cell(row=2, column=1, value=table.subtitle).font = sheet.font
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=table.ncols)
        for r, line in enumerate(placed(table), start=3):
            for c, cell, covered in line:
                if covered:
                    continue
                value, fmt = (cell.text or None), None
                if cell.number is not None:
                    value, fmt = amount_cell(cell.number)
                sheet.put(r, c + 1, c + cell.span, value, fmt, label=cell.label, rows=cell.rows)
                if cell.align and not cell.label:
                    ws.cell(row=r, column=c + 1).alignment = Alignment(
                        wrap_text=True, vertical="center", horizontal=cell.align
                    )
        total = sum(table.widths) or 1
        for i, width in enumerate(table.widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(6, 110 * width / total)
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_pdf(tables: Sequence[Table], *, title: str = "") -> bytes:
    """A4 PDF, one table per page. A table taller than a page is laid out again without
    vertical merges (their cells keep one outer box), since reportlab cannot split a
    table inside a merged cell."""
    from reportlab.platypus.doctemplate import LayoutError

    try:
        return _pdf(tables, title, splittable=False)
    except LayoutError:
        return _pdf(tables, title, splittable=True)


def _pdf(tables: Sequence[Table], title: str, *, splittable: bool) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    from jixiao.core.formats.pdf_io import _p, _Styles, build_numbered, chinese_font, fit

    font = chinese_font()
    st = _Styles(font)
    aligned = {"center": st.label, "right": st.right}
    grey = colors.HexColor("#EEEEEE")
    buf = io.BytesIO()
    pdf = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=1.8 * cm,
        rightMargin=1.8 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=title or (tables[0].title if tables else ""),
    )
    story: list[Any] = []
    for i, table in enumerate(tables):
        if i:
            story.append(PageBreak())
        story += [_p(table.title, st.title), _p(table.subtitle, st.label), Spacer(1, 6)]
        total = sum(table.widths) or 1
        widths = [pdf.width * w / total for w in table.widths] or [
            pdf.width / table.ncols
        ] * table.ncols
        data: list[list[Any]] = []
        style: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        if not splittable:
            style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        for r, line in enumerate(placed(table)):
            row: list[Any] = [""] * table.ncols
            for c, cell, covered in line:
                last = c + cell.span - 1
                if covered:
                    if splittable and cell.span > 1:
                        style.append(("SPAN", (c, r), (last, r)))
                    continue
                pstyle = st.label if cell.label else aligned.get(cell.align or "", st.cell)
                if cell.nowrap:
                    row[c] = fit(cell.text, pstyle, sum(widths[c : last + 1]))
                else:
                    row[c] = _p(cell.text, pstyle)
                bottom = r + cell.rows - 1
                if splittable:
                    if cell.span > 1:
                        style.append(("SPAN", (c, r), (last, r)))
                    style.append(("BOX", (c, r), (last, bottom), 0.5, colors.black))
                elif cell.span > 1 or cell.rows > 1:
                    style.append(("SPAN", (c, r), (last, bottom)))
                if cell.label:
                    style.append(("BACKGROUND", (c, r), (last, bottom), grey))
            data.append(row)
        t = PdfTable(data, colWidths=widths, repeatRows=table.repeat_rows)
        t.setStyle(TableStyle(style))
        story.append(t)

    build_numbered(pdf, story, font)
    return buf.getvalue()


def to_bytes(tables: Sequence[Table], fmt: str) -> bytes:
    if fmt == "docx":
        return to_docx(tables)
    if fmt == "xlsx":
        return to_xlsx(tables)
    if fmt == "pdf":
        return to_pdf(tables)
    raise WriteError(f"不支持的导出格式“{fmt}”，可选：{'、'.join(FORMATS)}")


def write(tables: Sequence[Table], path: str | os.PathLike[str], fmt: str | None = None) -> None:
    """Write ``tables`` to ``path`` atomically: the file appears whole or not at all."""
    p = Path(path)
    write_atomically(p, to_bytes(tables, fmt or p.suffix.lstrip(".").lower()))
