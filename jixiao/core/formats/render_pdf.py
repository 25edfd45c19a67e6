"""Draw `table_model` sections into an A4 PDF with reportlab and an embedded Chinese font
(`pdf_io.chinese_font`), ``第 N 页`` at the foot of every page.

Codes and numbers never wrap: their font shrinks until the text fits the cell (`fit`).
A heading is kept on one page with the block after it. A table taller than a page whose
vertical merges would have to split is laid out again without them (each merged cell
keeps one outer box), since reportlab cannot split a table inside a merged cell.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from jixiao.core.table_model import PageBreak, Section, Table, Text, placed

#: reportlab's default left and right padding of a table cell, in points.
CELL_PADDING = 6
#: How a tab is drawn. Every space is drawn as a no-break space: reportlab collapses
#: ordinary ones and breaks lines at them before the edge, while a no-break space is a
#: character like any other, so every wrapped line runs to the edge and a reader can tell a
#: wrap from a line break. A reader gets spaces back; four in a row are a tab.
TAB_DRAWN = "\xa0" * 4


class Styles:
    def __init__(self, font: str) -> None:
        from reportlab.lib.enums import TA_CENTER, TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle

        common = {"fontName": font, "wordWrap": "CJK"}
        self.title = ParagraphStyle("title", fontSize=18, leading=26, alignment=TA_CENTER, **common)
        self.subtitle = ParagraphStyle(
            "subtitle", fontSize=12, leading=18, alignment=TA_CENTER, **common
        )
        self.h1 = ParagraphStyle("h1", fontSize=15, leading=22, spaceBefore=8, **common)
        self.h2 = ParagraphStyle("h2", fontSize=13, leading=19, spaceBefore=6, **common)
        self.body = ParagraphStyle("body", fontSize=11, leading=17, firstLineIndent=22, **common)
        self.cell = ParagraphStyle("cell", fontSize=9, leading=12, **common)
        self.center = ParagraphStyle(
            "center", fontSize=9, leading=12, alignment=TA_CENTER, **common
        )
        self.right = ParagraphStyle("right", fontSize=9, leading=12, alignment=TA_RIGHT, **common)
        self.aligned = {"left": self.cell, "center": self.center, "right": self.right}


def _markup(text: str) -> str:
    """Paragraph markup that draws every space and tab of ``text``."""
    from xml.sax.saxutils import escape

    text = text.replace("\t", TAB_DRAWN).replace(" ", "\xa0")
    return escape(text).replace("\n", "<br/>")


def paragraph(text: str | None, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(_markup(text or ""), style)


def fit(text: str | None, style: Any, width: float) -> Any:
    """A one-line paragraph for a code or a number: never wrapped (a wrapped code reads as
    two codes); the font shrinks until ``text`` fits a cell ``width`` points wide."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = text or ""
    room = max(width - 2 * CELL_PADDING, 1.0)
    drawn = stringWidth(text, style.fontName, style.fontSize)
    if drawn <= room:
        return paragraph(text, style)
    size = style.fontSize * room / drawn * 0.97  # a margin for rounding in the layout
    fitted = ParagraphStyle(
        f"{style.name}-fit", parent=style, fontSize=size, leading=min(style.leading, size * 1.3)
    )
    return paragraph(text, fitted)


def _table(table: Table, st: Styles, width: float, *, splittable: bool) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table as PdfTable
    from reportlab.platypus import TableStyle

    widths = [width * f for f in table.column_widths()]
    grey = colors.HexColor("#EEEEEE")
    data: list[list[Any]] = []
    # A row split over pages keeps its short cells at its top: centred, reportlab drops them.
    valign = "TOP" if splittable else "MIDDLE"
    style: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), valign)]
    ruled: list[int] = []  # rows whose cells all have borders: one GRID over each run
    for r, line in enumerate(placed(table)):
        row: list[Any] = [""] * table.ncols
        if all(cell.border for _, cell, _ in line):
            ruled.append(r)
        for c, cell, covered in line:
            last = c + cell.span - 1
            if covered:
                if splittable and cell.span > 1:
                    style.append(("SPAN", (c, r), (last, r)))
                continue
            pstyle = st.aligned[cell.alignment]
            if cell.nowrap:
                row[c] = fit(cell.text, pstyle, sum(widths[c : last + 1]))
            else:
                row[c] = paragraph(cell.text, pstyle)
            bottom = r + cell.rows - 1
            if splittable:
                if cell.span > 1:
                    style.append(("SPAN", (c, r), (last, r)))
                if cell.border:
                    style.append(("BOX", (c, r), (last, bottom), 0.5, colors.black))
            elif cell.span > 1 or cell.rows > 1:
                style.append(("SPAN", (c, r), (last, bottom)))
            if cell.label:
                style.append(("BACKGROUND", (c, r), (last, bottom), grey))
        data.append(row)
    if not splittable:
        runs: list[list[int]] = []
        for r in ruled:
            if runs and runs[-1][-1] == r - 1:
                runs[-1].append(r)
            else:
                runs.append([r])
        style += [("GRID", (0, run[0]), (-1, run[-1]), 0.5, colors.black) for run in runs]
    # The second pass may also split inside a row: one cell taller than a page (a long
    # 偏差原因分析 in a narrow column) cannot be laid out otherwise.
    t = PdfTable(
        data, colWidths=widths, repeatRows=table.repeat_rows, splitInRow=1 if splittable else 0
    )
    t.setStyle(TableStyle(style))
    return t


def _story(sections: Sequence[Section], st: Styles, width: float, splittable: bool) -> list[Any]:
    from reportlab.platypus import KeepTogether, Spacer
    from reportlab.platypus import PageBreak as PdfPageBreak

    story: list[Any] = []
    held: list[Any] = []  # a heading waiting for the block it is kept with
    for section in sections:
        if section.spreadsheet_only:
            continue
        for block in section.blocks:
            if isinstance(block, PageBreak):
                story += [*held, PdfPageBreak()]
                held = []
                continue
            if isinstance(block, Text):
                flow: list[Any] = [paragraph(block.text, getattr(st, block.role))]
            else:
                flow = [_table(block, st, width, splittable=splittable), Spacer(1, 6)]
            if held:
                story.append(KeepTogether(held + flow))
                held = []
            elif isinstance(block, Text) and block.role in ("h1", "h2"):
                held = flow
            else:
                story += flow
        story += held
        held = []
        story.append(Spacer(1, 8))
    return story


def render(sections: Sequence[Section], *, title: str = "", author: str = "") -> bytes:
    """A4 PDF of ``sections`` (spreadsheet-only ones left out)."""
    from reportlab.platypus.doctemplate import LayoutError

    try:
        return _render(sections, title, author, splittable=False)
    except (LayoutError, TypeError):
        # TypeError: reportlab fails while naming the too-tall table in its LayoutError
        # (``Table._culprit`` compares row heights it has not measured): a project name or
        # purpose longer than a page.
        return _render(sections, title, author, splittable=True)


def _render(sections: Sequence[Section], title: str, author: str, *, splittable: bool) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate

    from jixiao.core.formats.pdf_io import chinese_font

    font = chinese_font()
    buf = io.BytesIO()
    pdf = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=title,
        author=author,
    )
    story = _story(sections, Styles(font), pdf.width, splittable)
    build_numbered(pdf, story, font)
    return buf.getvalue()


def build_numbered(pdf: Any, story: list[Any], font: str) -> None:
    """Build ``story`` into ``pdf`` with ``第 N 页`` centred at the foot of every page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm

    def footer(canvas: Any, d: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, 1.2 * cm, f"第 {d.page} 页")
        canvas.restoreState()

    pdf.build(story, onFirstPage=footer, onLaterPages=footer)
