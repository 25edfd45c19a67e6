"""PDF goal documents: read the tables of any PDF with a text layer; write the official layout.

Reading: pdfplumber finds each page's tables and characters; pdf_tables.py turns them into
the grid rows every other format gives, and grid.py reads the layout. A PDF without a text
layer (a scan) or without tables is refused with one line saying why.

Writing: A4, with an embedded Chinese font.

The font is the first TrueType-outline CJK font found on the system (WenQuanYi Zen Hei,
Droid Sans Fallback, AR PL…; Noto CJK is CFF-based and reportlab cannot embed it). When
none is found, reportlab's built-in ``STSong-Light`` CID font is used: every PDF reader
knows it, so the file stays readable and printable without embedding anything.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any

from jixiao.core.amounts import amount_text
from jixiao.core.errors import ReadError, UnsupportedFileError
from jixiao.core.formats.department import has_department_part
from jixiao.core.model import Document, Project
from jixiao.core.numbering import add_ordinal

#: Candidate fonts (path, subfont index), most preferred first.
FONT_CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
    ("C:/Windows/Fonts/simsun.ttc", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
)
FONT_DIRS: tuple[str, ...] = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts")
FALLBACK_FONT = "STSong-Light"

#: Most pages read from one PDF (a 1,000-project export has about 600).
MAX_PAGES = 3000


# -- reading ---------------------------------------------------------------------------


def read_bytes(data: bytes, name: str) -> Document:
    import pdfplumber

    from jixiao.core.formats.grid import Builder
    from jixiao.core.formats.pdf_tables import Line, page_items, rows_of

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except Exception as e:  # pdfminer raises many kinds on damaged or encrypted files
        raise ReadError(
            f"PDF 文件已损坏或受密码保护，无法读取（{type(e).__name__}）", file=name
        ) from None
    with pdf:
        if len(pages) > MAX_PAGES:
            raise UnsupportedFileError(
                f"PDF 页数过多（{len(pages)} 页，上限 {MAX_PAGES} 页）", file=name
            )
        try:
            items = [page_items(page, k) for k, page in enumerate(pages, 1)]
        except Exception as e:
            raise ReadError(f"PDF 文件已损坏，无法读取（{type(e).__name__}）", file=name) from None
        images = sum(len(page.images) for page in pages)
    if not any(it.items for it in items):
        if images:
            raise UnsupportedFileError(
                "PDF 是扫描件（没有文字层），无法读取表格；请提供 Word/Excel 原件或先做文字识别",
                file=name,
            )
        raise UnsupportedFileError("PDF 没有任何文字", file=name)
    tables = sum(1 for it in items for _, x in it.items if not isinstance(x, Line))
    if tables == 0:
        raise ReadError("PDF 中没有找到表格；绩效目标表须是表格（有表格线或按列对齐）", file=name)
    builder = Builder(name)
    builder.feed(rows_of(items))
    return builder.document(f"PDF 共 {len(items)} 页 {tables} 个表格")


# -- writing ---------------------------------------------------------------------------


@cache
def chinese_font() -> str:
    """Register and return the name of a font that can draw Chinese."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    candidates = list(FONT_CANDIDATES)
    for d in FONT_DIRS:
        root = Path(d).expanduser()
        if root.is_dir():
            for pattern in ("*zenhei*.tt[cf]", "*microhei*.tt[cf]", "*Fallback*.ttf"):
                candidates += [(str(p), 0) for p in sorted(root.rglob(pattern))]
    for path, index in candidates:
        if not Path(path).is_file():
            continue
        try:
            pdfmetrics.registerFont(TTFont("JixiaoCJK", path, subfontIndex=index))
        except Exception:  # CFF outlines, broken files: try the next one
            continue
        return "JixiaoCJK"
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    return FALLBACK_FONT


_amount = amount_text


class _Styles:
    def __init__(self, font: str) -> None:
        from reportlab.lib.enums import TA_CENTER, TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle

        common = {"fontName": font, "wordWrap": "CJK"}
        self.title = ParagraphStyle("title", fontSize=18, leading=26, alignment=TA_CENTER, **common)
        self.h1 = ParagraphStyle("h1", fontSize=15, leading=22, spaceBefore=8, **common)
        self.h2 = ParagraphStyle("h2", fontSize=13, leading=19, spaceBefore=6, **common)
        self.body = ParagraphStyle("body", fontSize=11, leading=17, firstLineIndent=22, **common)
        self.cell = ParagraphStyle("cell", fontSize=9, leading=12, **common)
        self.label = ParagraphStyle("label", fontSize=9, leading=12, alignment=TA_CENTER, **common)
        self.right = ParagraphStyle("right", fontSize=9, leading=12, alignment=TA_RIGHT, **common)


#: How a tab is drawn. Every space is drawn as a no-break space: reportlab collapses
#: ordinary ones and breaks lines at them before the edge, while a no-break space is a
#: character like any other, so every wrapped line runs to the edge and a reader can tell a
#: wrap from a line break. A reader gets spaces back; four in a row are a tab.
TAB_DRAWN = "\xa0" * 4


def _markup(text: str) -> str:
    """Paragraph markup that draws every space and tab of ``text``."""
    from xml.sax.saxutils import escape

    text = text.replace("\t", TAB_DRAWN).replace(" ", "\xa0")
    return escape(text).replace("\n", "<br/>")


def _p(text: str | None, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(_markup(text or ""), style)


#: reportlab's default left and right padding of a table cell, in points.
CELL_PADDING = 6


def fit(text: str | None, style: Any, width: float) -> Any:
    """A one-line paragraph for a code or a number: never wrapped (a wrapped code reads as
    two codes); the font shrinks until ``text`` fits a cell ``width`` points wide."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = text or ""
    room = max(width - 2 * CELL_PADDING, 1.0)
    drawn = stringWidth(text, style.fontName, style.fontSize)
    if drawn <= room:
        return _p(text, style)
    size = style.fontSize * room / drawn * 0.97  # a margin for rounding in the layout
    fitted = ParagraphStyle(
        f"{style.name}-fit", parent=style, fontSize=size, leading=min(style.leading, size * 1.3)
    )
    return _p(text, fitted)


def _project_tables(doc: Document, p: Project, st: _Styles, width: float) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import Spacer, Table, TableStyle

    months = p.spending_plan.cells
    n = max(7, 1 + len(months))
    L, C = st.label, st.cell
    b = p.budget
    data: list[list[Any]] = []
    spans: list[tuple[tuple[int, int], tuple[int, int]]] = []

    def row(cells: list[tuple[Any, int]]) -> None:
        r = len(data)
        out: list[Any] = []
        for value, width_ in cells:
            c = len(out)
            out.append(value)
            out.extend([""] * (width_ - 1))
            if width_ > 1:
                spans.append(((c, r), (c + width_ - 1, r)))
        data.append(out)

    row(
        [
            (_p(f"{doc.unit.code or ''}{doc.unit.name}", C), n // 2 + 1),
            (_p(f"单位：{doc.money_unit}", st.right), n - n // 2 - 1),
        ]
    )
    col = width / n
    row(
        [
            (_p("项目编码", L), 1),
            (fit(p.code, C, 2 * col), 2),
            (_p("项目名称", L), 1),
            (_p(p.name, C), n - 4),
        ]
    )
    r0 = len(data)
    row(
        [
            (_p("预算规模及资金用途", L), 1),
            (_p("预算数", L), 1),
            (fit(_amount(b.total), C, col), 1),
            (_p("其中：财政资金", L), 1),
            (fit(_amount(b.fiscal), C, col), 1),
            (_p("其他资金", L), 1),
            (fit(_amount(b.other), C, (n - 6) * col), n - 6),
        ]
    )
    row([("", 1), (_p(p.purpose, C), n - 1)])
    spans.append(((0, r0), (0, r0 + 1)))
    if months:
        base, extra = divmod(n - 1, len(months))
        widths = [base + (1 if k < extra else 0) for k in range(len(months))]
        r0 = len(data)
        row(
            [(_p("资金支出计划（%）", L), 1)]
            + [(_p(f"{c.month}月底", L), w) for c, w in zip(months, widths, strict=True)]
        )
        row([("", 1)] + [(_p(c.text, L), w) for c, w in zip(months, widths, strict=True)])
        spans.append(((0, r0), (0, r0 + 1)))
    row([(_p("绩效目标", L), 1), (_p(p.goals_cell(), C), n - 1)])
    top = Table(data, colWidths=[width / n] * n)
    style = [
        ("GRID", (0, 1), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    style += [("SPAN", a, z) for a, z in spans]
    top.setStyle(TableStyle(style))

    weighted = any(i.weight is not None for i in p.indicators)
    header = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
    fractions: tuple[float, ...] = (0.13, 0.15, 0.2, 0.24, 0.12, 0.16)
    if weighted:
        header.append("权重")
        fractions = (0.12, 0.14, 0.18, 0.22, 0.11, 0.15, 0.08)
    rows = [[_p(h, L) for h in header]]
    for ind in p.indicators:
        cells = [
            _p(ind.level1, C),
            _p(ind.level2, C),
            _p(ind.name, C),
            _p(ind.description, C),
            _p(ind.target.text, L),
            _p(ind.basis, C),
        ]
        if weighted:
            cells.append(_p(_amount(ind.weight), L))
        rows.append(cells)
    ind_table = Table(rows, colWidths=[width * f for f in fractions], repeatRows=1)
    ind_table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
            ]
        )
    )
    return [top, Spacer(1, 4), ind_table]


def write_bytes(doc: Document) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import KeepTogether, PageBreak, SimpleDocTemplate, Spacer

    font = chinese_font()
    st = _Styles(font)
    buf = io.BytesIO()
    title = f"{doc.unit.name}{doc.year or ''}年度绩效目标"
    pdf = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=title,
        author=doc.unit.name,
    )
    story: list[Any] = [_p(doc.unit.name or "部门整体绩效目标", st.title)]
    if doc.year is not None:
        story.append(_p(f"{doc.year}年度绩效目标", st.title))
    if has_department_part(doc):
        story += [Spacer(1, 8), _p("第一部分 部门整体绩效目标", st.h1)]
        story.append(_p("一、总体绩效目标", st.h2))
        story += [_p(add_ordinal(i, g), st.body) for i, g in enumerate(doc.overall_goals, 1)]
        story.append(_p("二、分项绩效目标", st.h2))
        for s in doc.project_summaries:
            story.append(_p(f"{s.seq}.{s.name}", st.body))
            # One paragraph per line, as in Word: a reader tells them apart by the indent.
            story += [_p(line, st.body) for line in (s.text.splitlines() if s.text else [])]
        story.append(_p("三、工作保障措施", st.h2))
        story += [_p(add_ordinal(i, m), st.body) for i, m in enumerate(doc.measures, 1)]
        story += [PageBreak(), _p("第二部分 预算项目绩效目标", st.h1)]
    else:  # projects only (an export of some projects of the document)
        story.append(Spacer(1, 8))
    for index, p in enumerate(doc.projects, 1):
        heading = _p(p.title or f"{p.seq or index}.{p.name}绩效目标表", st.h2)
        top, gap, indicators = _project_tables(doc, p, st, pdf.width)
        # The heading never ends a page alone, nor is the project table split from it.
        story += [KeepTogether([heading, top, gap]), indicators]
        story.append(Spacer(1, 14))

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
