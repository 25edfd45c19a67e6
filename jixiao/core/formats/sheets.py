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

from jixiao.core.errors import ReadError
from jixiao.core.formats.grid import Cell, Row
from jixiao.core.limits import current as current_limits


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


#: (first row, first column, last row, last column), 1-based, inclusive.
Area = tuple[int, int, int, int]


class CellBudget:
    """The cells the sheets of one workbook may walk together (`Limits.cells`): the used
    area of each sheet, blank cells included, and the cells of its merged ranges."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.left = current_limits().cells

    def fits(self, area: Area) -> bool:
        return _size(area) <= self.left

    def take(self, sheet: str, area: Area, what: str) -> None:
        size = _size(area)
        if size > self.left:
            limit = current_limits().cells
            raise ReadError(
                f"工作表“{sheet}”的{what} {_ref(area)} 有 {size:,} 个单元格，"
                f"文件中的单元格超过 {limit:,} 个上限，已拒绝；请删除多余的行、列或合并单元格",
                file=self.name,
            )
        self.left -= size


def _size(area: Area) -> int:
    r0, c0, r1, c1 = area
    return (r1 - r0 + 1) * (c1 - c0 + 1)


def _ref(area: Area) -> str:
    r0, c0, r1, c1 = area
    return f"{column_letters(c0)}{r0}:{column_letters(c1)}{r1}"


def _bounds(places: list[tuple[int, int]]) -> Area | None:
    if not places:
        return None
    rows = [r for r, _ in places]
    cols = [c for _, c in places]
    return min(rows), min(cols), max(rows), max(cols)


def _used_area(sheet: Sheet, budget: CellBudget) -> tuple[Area | None, list[Area]]:
    """The area `rows_of` walks and the merged ranges inside it.

    The area spans every cell the file holds and every merged range. When that is more
    than the budget left (a blank cell, or a merge, at ``XFD1048576``), the area shrinks to
    the cells that hold text, keeping the merges that start inside it, cut to it; the
    budget refuses what is still too large.
    """
    merges = list(sheet.merges)
    corners = [(r, c) for r0, c0, r1, c1 in merges for r, c in ((r0, c0), (r1, c1))]
    area = _bounds(list(sheet.texts) + corners)
    if area is not None and not budget.fits(area):
        area = _bounds([place for place, text in sheet.texts.items() if text])
        if area is None:
            return None, []
        top, left, bottom, right = area
        merges = [
            (r0, c0, min(r1, bottom), min(c1, right))
            for r0, c0, r1, c1 in merges
            if top <= r0 <= bottom and left <= c0 <= right
        ]
    if area is not None:
        budget.take(sheet.name, area, "使用范围")
        for merge in merges:
            budget.take(sheet.name, merge, "合并单元格")
    return area, merges


def rows_of(sheet: Sheet, budget: CellBudget | None = None) -> Iterator[Row]:
    """The used area of ``sheet`` as grid rows, within ``budget`` (one per workbook)."""
    area, merges = _used_area(sheet, budget or CellBudget(""))
    if area is None:
        return
    texts = sheet.texts
    skip: set[tuple[int, int]] = set()
    cont: dict[tuple[int, int], tuple[int, int, int]] = {}
    spans: dict[tuple[int, int], int] = {}
    for r0, c0, r1, c1 in merges:
        spans[(r0, c0)] = c1 - c0 + 1
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) == (r0, c0):
                    continue
                if c == c0:
                    cont[(r, c)] = (r0, c0, c1 - c0 + 1)
                else:
                    skip.add((r, c))
    top, left, bottom, right = area
    title = sheet.name
    letters = [column_letters(c) for c in range(right + 1)]
    for r in range(top, bottom + 1):
        cells: list[Cell] = []
        for c in range(left, right + 1):
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
