"""PDF pages → grid rows: tables as cells with their merges, other text as paragraphs.

A PDF has no cells and no paragraphs, only characters at positions and lines drawn on the
page. pdfplumber finds the tables: ruled ones from the drawn lines, and, on a page with no
ruling, text-aligned ones from the gaps between columns (kept only when they hold an
indicator header, so that running text is never taken for a table). Each table cell is a
box; the distinct left and top edges of the boxes make the table's grid, and a box that
covers several of them is a merged cell: one `Cell` with its span, and a ``cont`` cell in
each lower row, as the Word reader gives for ``w:vMerge``.

Text is rebuilt from the characters. A line that wrapped (its next word would not have
fitted before the right edge) is joined to the next one; a short line, a wider gap or an
indented line starts a new one, so a cell's ``1.…`` / ``2.…`` lines and a body's paragraphs
come back as they were written. Page numbers (``第 3 页``, ``- 3 -``) are dropped, a
table continued on the next page loses its repeated header row, and a row split over the
page break is one row again (pdf_splits.py).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from jixiao.core.formats.grid import Cell, Row
from jixiao.core.formats.pdf_splits import continues, indicator_columns, rejoin

_PAGE_NUMBER = re.compile(r"^(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|[-—]?\s*\d+\s*[-—]?)$")
#: A tab as our writer draws it (four no-break spaces, which a PDF gives back as spaces).
TAB_DRAWN = " " * 4
_LATIN = re.compile(r"[0-9A-Za-z]")
_SNAP = 1.5  # points: edges closer than this are the same grid line
#: pdfplumber's defaults snap lines 3 points apart together, which moves the edges of
#: one table towards those of the table above it and spoils where a cell's text ends.
RULED = {"snap_tolerance": 1}


@dataclass(slots=True)
class Line:
    """One visual line of text: its box, font size and the width of its first word."""

    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str
    first_word: float


def char_rows(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Characters grouped into visual lines, top to bottom, each left to right."""
    rows: list[list[dict[str, Any]]] = []
    # Stable sort: on one line, characters keep the order they were drawn in.
    for ch in sorted(chars, key=lambda c: round(c["top"], 1)):
        if rows:
            row = rows[-1]
            head = row[0]
            if abs(ch["top"] - head["top"]) <= max(1.0, 0.4 * head["size"]):
                row.append(ch)
                continue
        rows.append([ch])
    return [_in_reading_order(row) for row in rows]


def line_of(row: list[dict[str, Any]]) -> Line | None:
    """One visual line's characters as a `Line` (None when it is only spaces)."""
    parts: list[str] = []
    prev = None
    for ch in row:
        gap = prev is not None and ch["x0"] - prev["x1"] > 0.5 * ch["size"]
        if gap and parts and parts[-1] != " " and ch["text"] != " ":
            parts.append(" ")
        parts.append(ch["text"])
        prev = ch
    # Not stripped: a space at the end of a wrapped line is part of the text.
    text = "".join(parts).replace("\xa0", " ").replace(TAB_DRAWN, "\t")
    if not text.strip():
        return None
    visible = [c for c in row if c["text"].strip()]
    return Line(
        x0=min(c["x0"] for c in visible),
        x1=max(c["x1"] for c in visible),
        top=min(c["top"] for c in visible),
        bottom=max(c["bottom"] for c in visible),
        size=max(c["size"] for c in visible),
        text=text,
        first_word=_first_word_width(visible),
    )


def lines_of(chars: list[dict[str, Any]]) -> list[Line]:
    """Characters → visual lines, top to bottom, a space where a gap shows one."""
    out = [ln for row in char_rows(chars) if (ln := line_of(row)) is not None]
    out.sort(key=lambda ln: ln.top)
    return out


def _in_reading_order(row: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One line's characters left to right.

    Drawn order is kept within a run: punctuation pulled back under the previous character
    (CJK punctuation squeezing) must not jump ahead of it. Runs drawn separately (a
    right-aligned ``单位：万元`` drawn first) are put in place by where they start.
    """
    runs: list[list[dict[str, Any]]] = []
    for ch in row:
        if runs and ch["x0"] >= runs[-1][-1]["x0"] - 0.6 * ch["size"]:
            runs[-1].append(ch)
        else:
            runs.append([ch])
    runs.sort(key=lambda r: r[0]["x0"])
    return [ch for run in runs for ch in run]


def _first_word_width(chars: list[dict[str, Any]]) -> float:
    """Width of the first unbreakable piece: one Chinese character, or a Latin word."""
    if not chars:
        return 0.0
    if not _LATIN.match(chars[0]["text"]):
        return float(chars[0]["x1"] - chars[0]["x0"])
    end = chars[0]
    for ch in chars[1:]:
        if not _LATIN.match(ch["text"]) or ch["x0"] - end["x1"] > 0.3 * ch["size"]:
            break
        end = ch
    return float(end["x1"] - chars[0]["x0"])


def _joins(prev: Line, nxt: Line, left: float | None, right: float, pitch: float | None) -> bool:
    """Whether ``nxt`` continues ``prev`` (a wrap) rather than starting a new line.

    ``left`` is None in a table cell, where text may be centred: no indent rule there.
    """
    if abs(prev.size - nxt.size) > 0.5:
        return False
    if left is not None and nxt.x0 - left > 0.8 * nxt.size:  # indented: a new paragraph
        return False
    if pitch is not None and nxt.top - prev.top > pitch * 1.25 + 0.5:
        return False  # more space than between wrapped lines
    return prev.x1 + nxt.first_word > right - 0.5


def _pitches(lines: list[Line]) -> dict[int, float]:
    """Per font size, the usual distance between lines (wrapped lines are this close)."""
    seen: dict[int, Counter[float]] = {}
    for a, b in itertools.pairwise(lines):
        if abs(a.size - b.size) <= 0.5 and 0 < b.top - a.top < 3 * a.size:
            seen.setdefault(round(a.size), Counter())[round(b.top - a.top, 1)] += 1
    return {
        size: min(g for g, n in gaps.items() if n == max(gaps.values()))
        for size, gaps in seen.items()
        if sum(gaps.values()) >= 2
    }


def paragraphs(lines: list[Line], left: float | None, right: float) -> list[str]:
    """Visual lines → the lines as written, wrapped lines joined."""
    if not lines:
        return []
    pitch = _pitches(lines)
    # A wrap is joined with nothing in between: a space where the line was broken is
    # drawn at the end of the line (or the start of the next), and Chinese has none.
    out = [lines[0].text]
    for prev, nxt in itertools.pairwise(lines):
        if _joins(prev, nxt, left, right, pitch.get(round(nxt.size))):
            out[-1] += nxt.text
        else:
            out.append(nxt.text)
    return out


def cell_text(lines: list[Line], x0: float, x1: float) -> str:
    """The text of a table cell: padding is measured from its leftmost line."""
    if not lines:
        return ""
    pad = max(0.0, min(ln.x0 for ln in lines) - x0)
    return "\n".join(s.strip() for s in paragraphs(lines, None, x1 - pad)).strip()


@dataclass
class Box:
    x0: float
    top: float
    x1: float
    bottom: float
    row: int = 0
    col: int = 0
    rows: int = 1
    cols: int = 1
    chars: list[dict[str, Any]] = field(default_factory=list)


def _edges(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _SNAP:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    return max(0, bisect.bisect_right(edges, v + _SNAP) - 1)


class _Table:
    """One table found on a page: its boxes on a grid of column and row edges."""

    def __init__(self, cells: list[tuple[float, float, float, float]], bbox: tuple[float, ...]):
        self.bbox = bbox
        self.boxes = [Box(*c) for c in cells]
        self.xs = _edges([b.x0 for b in self.boxes])
        self.ys = _edges([b.top for b in self.boxes])
        self.at: dict[tuple[int, int], Box] = {}
        for b in self.boxes:
            b.col, b.row = _index(self.xs, b.x0), _index(self.ys, b.top)
            b.cols = max(1, sum(1 for x in self.xs if b.x0 - _SNAP < x < b.x1 - _SNAP))
            b.rows = max(1, sum(1 for y in self.ys if b.top - _SNAP < y < b.bottom - _SNAP))
            for r in range(b.row, b.row + b.rows):
                for c in range(b.col, b.col + b.cols):
                    self.at.setdefault((r, c), b)

    def take(self, ch: dict[str, Any]) -> bool:
        """Give a character to the cell it lies in; False when it is outside the table."""
        x0, top, x1, bottom = self.bbox
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            return False
        r = bisect.bisect_right(self.ys, cy) - 1
        c = bisect.bisect_right(self.xs, cx) - 1
        box = self.at.get((r, c))
        if box is None:
            return False
        box.chars.append(ch)
        return True

    def texts(self) -> list[list[tuple[Box, str, bool]]]:
        """Per grid row: (box, text, continuation) once per cell, in column order."""
        text = {id(b): cell_text(lines_of(b.chars), b.x0, b.x1) for b in self.boxes}
        rows: list[list[tuple[Box, str, bool]]] = []
        for r in range(len(self.ys)):
            row: list[tuple[Box, str, bool]] = []
            for c in range(len(self.xs)):
                b = self.at.get((r, c))
                if b is None or b.col != c:
                    continue
                row.append((b, text[id(b)], b.row != r))
            rows.append(row)
        return rows


@dataclass
class PageItems:
    """What one page holds, top to bottom: text lines outside tables and tables."""

    number: int
    width: float
    #: `Line`s and tables (`_Table`, or `TextTable` from pdf_text_tables.py).
    items: list[tuple[float, Any]]


def page_items(page: Any, number: int, carry: Any = None) -> PageItems:
    """What ``page`` holds; ``carry``: the table without ruling that ended the page before,
    whose sequel may open this one (pdf_text_tables.py)."""
    from jixiao.core.formats.pdf_splits import closing_lines
    from jixiao.core.formats.pdf_text_tables import text_tables

    # A table left open where a row is split over the page break is closed first, so that
    # the split row's part on this page is cells too (pdf_splits.py rejoins the parts).
    closing = closing_lines(page.edges)
    settings = {**RULED, "explicit_horizontal_lines": closing} if closing else RULED
    tables: list[Any] = [_Table(t.cells, t.bbox) for t in page.find_tables(settings) if t.cells]
    outside: list[dict[str, Any]] = []
    for ch in page.chars:
        if not any(t.take(ch) for t in tables):
            outside.append(ch)
    if outside:
        # Text outside ruled tables may still be a table, aligned by white space alone.
        aligned, outside = text_tables(outside, carry if not tables else None)
        tables += aligned
    lines = [
        ln
        for ln in lines_of(outside)
        if not (
            _PAGE_NUMBER.match(ln.text)
            and (ln.top > page.height * 0.88 or ln.bottom < page.height * 0.12)
        )
    ]
    items: list[tuple[float, Any]] = [(ln.top, ln) for ln in lines]
    items += [(t.bbox[1], t) for t in tables]
    items.sort(key=lambda it: it[0])
    return PageItems(number, float(page.width), items)


def rows_of(pages: list[PageItems]) -> Iterator[Row]:
    """Pages in order → grid rows: paragraphs between tables, table rows with merges."""
    lines = [ln for page in pages for _, ln in page.items if isinstance(ln, Line)]
    # The text frame of the whole document: one short page must not narrow it.
    left = min((ln.x0 for ln in lines), default=0.0)
    # Few lines tell little about where full lines end; margins are mostly symmetric.
    width = min((page.width for page in pages), default=0.0)
    right = max(_right_edge(lines), width - left)
    pending: list[Line] = []
    tables = paras = 0
    last_header: tuple[list[float], list[str]] | None = None
    since_table = 0  # text lines since the last table
    last_xs: list[float] | None = None  # the columns of the last table
    # The last row of the last table, held back until it is known whether the next page
    # goes on with it (a row split over the page break, pdf_splits.py).
    held: Row | None = None
    columns: dict[str, int] | None = None  # of the last indicator header

    def flush() -> Iterator[Row]:
        nonlocal paras
        for text in (t.strip() for t in paragraphs(pending, left, right)):
            paras += 1
            place = f"第 {paras} 段"
            yield Row([Cell(text, 0, place=place)], place, para=True)
        pending.clear()

    for page in pages:
        for k, (_, item) in enumerate(page.items):
            if isinstance(item, Line):
                if held is not None:
                    yield held
                    held = None
                pending.append(item)
                since_table += 1
                continue
            yield from flush()
            grid = item.texts()
            header = [text for _, text, _ in grid[0]] if grid else []
            # At the head of a page, right after a table of the same columns: its sequel.
            sequel = (
                k == 0
                and since_table == 0
                and last_xs is not None
                and _same_columns(last_xs, item.xs)
            )
            if sequel and last_header is not None and header == last_header[1]:
                grid = grid[1:]  # the header repeated on a new page
            else:
                tables += 1
                last_header = (item.xs, header)
            since_table = 0
            last_xs = item.xs
            rows = []
            for r, row in enumerate(grid, 1):
                where = f"第 {page.number} 页第 {tables} 个表格第 {r} 行"
                cells = [
                    Cell(text, b.col, b.cols, cont=cont, place=f"{where}第 {b.col + 1} 列")
                    for b, text, cont in row
                ]
                if cells:
                    rows.append(Row(cells, where))
            if held is not None:
                if sequel and rows and columns and continues(held.cells, rows[0].cells, columns):
                    held = Row(rejoin(held.cells, rows.pop(0).cells), held.place)
                    if not rows:
                        continue  # a row taller than the page: it may go on on the next one
                yield held
                held = None
            for row in rows:
                columns = indicator_columns(row.cells) or columns
            if rows:
                held = rows.pop()
            yield from rows
    if held is not None:
        yield held
    yield from flush()


def _right_edge(lines: list[Line]) -> float:
    """Where full lines end: a few lines overrun the frame (trailing punctuation), so the
    edge is taken below the highest 3% of the long lines' ends."""
    if not lines:
        return 0.0
    far = max(ln.x1 for ln in lines)
    near = min(ln.x0 for ln in lines)
    ends = sorted(ln.x1 for ln in lines if ln.x1 >= (near + far) / 2)
    return ends[int(0.97 * (len(ends) - 1))]


def _same_columns(a: list[float], b: list[float]) -> bool:
    # Edges found on two pages differ by a point or two (line widths, rounding).
    return len(a) == len(b) and all(abs(x - y) <= 3 for x, y in zip(a, b, strict=True))
