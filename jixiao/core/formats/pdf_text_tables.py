"""Tables without ruling: columns found from an indicator header, rows from the text.

A page with no drawn table may still hold one, its columns kept apart by white space only.
Such a table is looked for where it matters: a line whose pieces (text separated by a wide
gap) include an indicator header (``三级指标`` and another indicator column, by headers.py).
Its pieces fix the columns, split halfway between neighbouring header pieces. Lines below
belong to the table while each of their pieces stays inside one column.

Rows: each cell of the ``三级指标`` column (its wrapped lines joined) is one row. A cell of
another column belongs to the rows its text is centred on: a ``产出指标`` centred over three
rows is a cell merged down those three, as a ruled table would have drawn it.

A table that runs over a page break goes on at the top of the next page, often without its
header. Given the table that ended the page before (``carry``), lines at the head of the
page that fit its columns are that table's sequel: a `TextTable` under the same header,
which pdf_tables.rows_of then joins to it as it joins a ruled table's sequel.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from jixiao.core.formats.headers import indicator_field, normalize
from jixiao.core.formats.pdf_tables import Box, Line, char_rows, line_of

#: A gap wider than this many font sizes separates two columns.
COLUMN_GAP = 0.7


@dataclass
class _Piece:
    line: Line
    chars: list[dict[str, Any]]
    col: int = -1


@dataclass
class _Group:
    """One cell's text in one column: wrapped pieces joined."""

    col: int
    pieces: list[_Piece] = field(default_factory=list)

    @property
    def top(self) -> float:
        return self.pieces[0].line.top

    @property
    def centre(self) -> float:
        return (self.pieces[0].line.top + self.pieces[-1].line.bottom) / 2

    @property
    def text(self) -> str:
        return "".join(p.line.text for p in self.pieces).strip()


def _pieces(row: list[dict[str, Any]]) -> list[_Piece]:
    out: list[list[dict[str, Any]]] = []
    for ch in row:
        if out and ch["x0"] - out[-1][-1]["x1"] <= COLUMN_GAP * ch["size"]:
            out[-1].append(ch)
        else:
            out.append([ch])
    pieces = []
    for chars in out:
        line = line_of(chars)
        if line is not None:
            pieces.append(_Piece(line, chars))
    return pieces


def _is_header(pieces: list[_Piece]) -> bool:
    fields = {indicator_field(normalize(p.line.text.strip())[0]) for p in pieces}
    fields.discard(None)
    return "name" in fields and len(fields) >= 2


class TextTable:
    """A table found by alignment; the same interface as pdf_tables._Table."""

    def __init__(
        self, header: list[_Piece], body: list[list[_Piece]], carried: bool = False
    ) -> None:
        self.header = header
        self.xs = [p.line.x0 for p in header]
        # A sequel's header is the one of the page before: its place is its first row's.
        framed = body if carried else [header, *body]
        bottom = max(p.line.bottom for row in framed for p in row)
        self.bbox = (
            min(p.line.x0 for p in header),
            min(p.line.top for row in framed for p in row),
            max(p.line.x1 for p in header),
            bottom,
        )
        self.name_col = next(
            k
            for k, p in enumerate(header)
            if indicator_field(normalize(p.line.text.strip())[0]) == "name"
        )
        self.groups = _groups([p for row in body for p in row], len(header))

    def texts(self) -> list[list[tuple[Box, str, bool]]]:
        rows: list[list[tuple[Box, str, bool]]] = [
            [
                (
                    Box(p.line.x0, p.line.top, p.line.x1, p.line.bottom, col=k),
                    p.line.text.strip(),
                    False,
                )
                for k, p in enumerate(self.header)
            ]
        ]
        anchors = [g for g in self.groups if g.col == self.name_col]
        if not anchors:
            return rows
        centres = [g.centre for g in anchors]
        placed: dict[tuple[int, int], tuple[Box, str, bool]] = {}
        for k, g in enumerate(anchors):
            placed[(k, g.col)] = (_box(g, k), g.text, False)
        for g in sorted((g for g in self.groups if g.col != self.name_col), key=lambda g: g.top):
            span = _rows_for(g, centres, {r for r, c in placed if c == g.col})
            if span is None:
                continue
            r0, r1 = span
            box = _box(g, r0, r1 - r0 + 1)
            for r in range(r0, r1 + 1):
                placed[(r, g.col)] = (box, g.text, r != r0)
        for r in range(len(anchors)):
            rows.append([placed[(r, c)] for c in range(len(self.header)) if (r, c) in placed])
        return rows


def _box(g: _Group, row: int, rows: int = 1) -> Box:
    first, last = g.pieces[0].line, g.pieces[-1].line
    return Box(first.x0, first.top, last.x1, last.bottom, row=row, col=g.col, rows=rows)


def _groups(pieces: list[_Piece], ncols: int) -> list[_Group]:
    """Pieces of each column, a wrapped piece joined to the one above it."""
    groups: list[_Group] = []
    for col in range(ncols):
        mine = sorted((p for p in pieces if p.col == col), key=lambda p: p.line.top)
        if not mine:
            continue
        edge = max(p.line.x1 for p in mine)
        current: _Group | None = None
        for p in mine:
            if current is not None:
                prev = current.pieces[-1].line
                wrapped = prev.x1 + p.line.first_word > edge - 0.5
                if wrapped and p.line.top - prev.top <= 1.8 * p.line.size:
                    current.pieces.append(p)
                    continue
            current = _Group(col, [p])
            groups.append(current)
    return groups


def _rows_for(g: _Group, centres: list[float], taken: set[int]) -> tuple[int, int] | None:
    """The rows a cell is centred on (the widest run of free rows), or None."""
    size = g.pieces[0].line.size
    best: tuple[int, int] | None = None
    near = min(range(len(centres)), key=lambda k: abs(centres[k] - g.centre))
    for r0 in range(max(0, near - 8), near + 1):
        for r1 in range(near, min(len(centres), near + 9)):
            if any(r in taken for r in range(r0, r1 + 1)):
                continue
            if abs((centres[r0] + centres[r1]) / 2 - g.centre) > 0.6 * size + 1:
                continue
            if best is None or r1 - r0 > best[1] - best[0]:
                best = (r0, r1)
    return best


def _columns_of(header: list[_Piece], row: list[_Piece]) -> list[int] | None:
    """The column of each piece of ``row`` under ``header``, or None if one does not fit.

    A column's text starts after the middle of the gap before its header and ends before
    the next column's header starts (headers may be shorter than the text)."""
    size = max(p.line.size for p in row)
    lo = [float("-inf")] + [(a.line.x1 + b.line.x0) / 2 for a, b in itertools.pairwise(header)]
    hi = [p.line.x0 for p in header[1:]] + [float("inf")]
    cols = []
    for p in row:
        # The column the piece starts in; it must end before the next one.
        c = max(c for c in range(len(header)) if c == 0 or lo[c] - 0.5 * size <= p.line.x0)
        if p.line.x1 > hi[c] + 0.5 * size:
            return None
        cols.append(c)
    return cols


def _body(
    rows: list[list[_Piece]], j: int, header: list[_Piece], last: Line | None
) -> tuple[list[list[_Piece]], int]:
    """The rows from ``j`` on that fit under ``header`` with no wide gap after the line
    above them (``last``, if any), and the index after them."""
    body: list[list[_Piece]] = []
    while j < len(rows):
        row = rows[j]
        top = min(p.line.top for p in row)
        size = max(p.line.size for p in row)
        if (last is not None and top - last.bottom > 3 * size) or _is_header(row):
            break
        cols = _columns_of(header, row)
        if cols is None:
            break
        for p, c in zip(row, cols, strict=True):
            p.col = c
        body.append(row)
        last = max((p.line for p in row), key=lambda ln: ln.bottom)
        j += 1
    return body, j


def text_tables(
    chars: list[dict[str, Any]], carry: TextTable | None = None
) -> tuple[list[TextTable], list[dict[str, Any]]]:
    """Tables aligned by text among ``chars``, and the characters outside them. ``carry``:
    the table that ended the page before, whose sequel may open this page."""
    rows = [_pieces(row) for row in char_rows(chars)]
    rows = [r for r in rows if r]
    tables: list[TextTable] = []
    used: set[int] = set()
    k = 0
    # A sequel opens the page with a row of several columns, the 三级 one among them.
    if carry is not None and rows and not _is_header(rows[0]):
        cols = _columns_of(carry.header, rows[0])
        if cols is not None and len(set(cols)) >= 2 and carry.name_col in cols:
            body, k = _body(rows, 0, carry.header, None)
            tables.append(TextTable(carry.header, body, carried=True))
            used.update(range(k))
    while k < len(rows):
        header = rows[k]
        if len(header) < 3 or not _is_header(header):
            k += 1
            continue
        body, j = _body(rows, k + 1, header, header[0].line)
        table = TextTable(header, body)
        if any(g.col == table.name_col for g in table.groups):
            tables.append(table)
            used.update(range(k, j))
            k = j
        else:
            k += 1
    outside = [ch for n, row in enumerate(rows) if n not in used for p in row for ch in p.chars]
    return tables, outside
