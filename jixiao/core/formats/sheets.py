"""A worksheet as texts and merged ranges, and its grid rows: shared by .xlsx and .xls.

A reader gives each sheet's non-empty cells as text (typed numbers already turned into
the text they display) and its merged ranges. `rows_of` walks the sheet's used area row by
row and column by column, as a spreadsheet shows it: every column of the area, blank or
not (grid.py pairs a label with the cell to its right); a merged range once, at its first
cell, with its width; a vertical merge's lower rows as continuations carrying its text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from jixiao.core.formats.grid import Cell, Row


@dataclass
class Sheet:
    name: str
    #: (row, column) → text, 1-based; cells present in the file, empty ones as "".
    texts: dict[tuple[int, int], str] = field(default_factory=dict)
    #: (first row, first column, last row, last column), 1-based, inclusive.
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


def column_letters(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def clean(text: str) -> str:
    """A cell's text with each line's surrounding spaces removed."""
    if "\n" not in text and "\r" not in text:
        return text.strip()
    return "\n".join(line.strip() for line in text.splitlines()).strip()


def rows_of(sheet: Sheet) -> Iterator[Row]:
    """The used area of ``sheet`` as grid rows."""
    texts = sheet.texts
    skip: set[tuple[int, int]] = set()
    cont: dict[tuple[int, int], tuple[int, int, int]] = {}
    spans: dict[tuple[int, int], int] = {}
    rows = [r for r, _ in texts]
    cols = [c for _, c in texts]
    for r0, c0, r1, c1 in sheet.merges:
        spans[(r0, c0)] = c1 - c0 + 1
        rows += (r0, r1)
        cols += (c0, c1)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) == (r0, c0):
                    continue
                if c == c0:
                    cont[(r, c)] = (r0, c0, c1 - c0 + 1)
                else:
                    skip.add((r, c))
    if not rows:
        return
    title = sheet.name
    letters = [column_letters(c) for c in range(max(cols) + 1)]
    for r in range(min(rows), max(rows) + 1):
        cells: list[Cell] = []
        for c in range(min(cols), max(cols) + 1):
            if (r, c) in skip:
                continue
            place = f"工作表“{title}” 单元格 {letters[c]}{r}"
            if (r, c) in cont:
                r0, c0, span = cont[(r, c)]
                cells.append(Cell(texts.get((r0, c0), ""), c, span, cont=True, place=place))
                continue
            cells.append(Cell(texts.get((r, c), ""), c, spans.get((r, c), 1), place=place))
        if cells:
            yield Row(cells, f"工作表“{title}” 第 {r} 行", section=title)
