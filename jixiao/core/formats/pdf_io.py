"""PDF goal documents: read the tables of any PDF with a text layer; write the official layout.

Reading: pdfplumber finds each page's tables and characters; pdf_tables.py turns them into
the grid rows every other format gives, and grid.py reads the layout. A PDF without a text
layer (a scan) or without tables is refused with one line saying why.

Writing draws the goal table model (`jixiao.core.goal_table`) with `render_pdf`, A4,
with an embedded Chinese font.

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

from jixiao.core.errors import ReadError, UnsupportedFileError
from jixiao.core.model import Document

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
#: Most characters on one page: a full A4 page in a 5-point font holds about 17,000; the
#: seed's pages hold under 1,500. Reading costs about a millisecond a character, so a page
#: packed with 100,000 (one huge cell in a tiny font) would hold a worker for minutes.
MAX_PAGE_CHARS = 20_000


class _DensePage(Exception):
    """A page drew more than `MAX_PAGE_CHARS` characters (raised inside pdfminer)."""


def _bounded_layout(page: Any) -> None:
    """Lay the page out as pdfplumber does, giving up after `MAX_PAGE_CHARS` characters.

    pdfplumber lays a page out on first use and keeps it in ``page._layout``; doing it here
    with a counting device stops a packed page early. Should pdfplumber stop using that
    attribute, `_check_chars` still refuses the page once it is read."""
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent

    class Counting(PDFPageAggregatorWithMarkedContent):
        drawn = 0

        def render_char(self, *args: Any, **kwargs: Any) -> Any:
            self.drawn += 1
            if self.drawn > MAX_PAGE_CHARS:
                raise _DensePage
            return super().render_char(*args, **kwargs)

    device = Counting(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    page._layout = device.get_result()


def _dense(number: int, name: str) -> ReadError:
    return ReadError(
        f"第 {number} 页的文字过多（超过 {MAX_PAGE_CHARS:,} 个字，正常的一页不到 5,000 字），"
        "可能有异常长的单元格或极小的字号，无法读取",
        file=name,
    )


def _check_chars(page: Any, number: int, name: str) -> None:
    try:
        _bounded_layout(page)
    except _DensePage:
        raise _dense(number, name) from None
    if len(page.chars) > MAX_PAGE_CHARS:
        raise _dense(number, name)


# -- reading ---------------------------------------------------------------------------


def read_bytes(data: bytes, name: str) -> Document:
    import pdfplumber

    from jixiao.core.formats.grid import Builder
    from jixiao.core.formats.pdf_tables import Line, PageItems, page_items, rows_of
    from jixiao.core.formats.pdf_text_tables import TextTable

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
            items: list[PageItems] = []
            for k, page in enumerate(pages, 1):
                _check_chars(page, k, name)
                # A table without ruling that ends a page may go on at the top of the next.
                last = items[-1].items[-1][1] if items and items[-1].items else None
                items.append(page_items(page, k, last if isinstance(last, TextTable) else None))
        except ReadError:
            raise
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


def write_bytes(doc: Document) -> bytes:
    """The official layout (`jixiao.core.goal_table`) drawn by `render_pdf`."""
    from jixiao.core.formats.render_pdf import render
    from jixiao.core.goal_table import goal_sections

    title = f"{doc.unit.name}{doc.year or ''}年度绩效目标"
    return render(goal_sections(doc), title=title, author=doc.unit.name)
