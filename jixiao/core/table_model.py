"""One format-neutral model of the tables we publish, drawn by the docx, xlsx and pdf
renderers (`jixiao.core.formats.render_docx`, `render_xlsx`, `render_pdf`).

A document to draw is a list of `Section`s (a spreadsheet sheet each; Word and PDF draw
them one after the other). A section holds blocks: `Text` paragraphs, `Table`s and
`PageBreak`s. A table is rows of `Cell`s; a cell has its text, a column span and a row
span, a role and an alignment. The role says what the cell holds, and each renderer draws a
role the same way everywhere:

========  ==========================================================================
role      drawn as
========  ==========================================================================
text      plain text, wrapped in its cell
label     a row label: bold, centred (grey in PDF)
header    a column header: bold, centred (grey in PDF)
caption   a line above a table's ruled part (the unit and ``单位：万元``): no border
code      a code (项目编码): never wrapped
amount    an amount: never wrapped, right-aligned; a number in Excel
number    a score or weight: never wrapped; a number in Excel
percent   a percentage: never wrapped; a ``0%``-formatted number in Excel when exact
========  ==========================================================================

"Never wrapped": a wrapped code reads as two codes, so the PDF shrinks the font until the
text fits its cell; Word and Excel size columns instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

ROLES: tuple[str, ...] = (
    "text",
    "label",
    "header",
    "caption",
    "code",
    "amount",
    "number",
    "percent",
)
#: Roles whose text is never broken over lines.
NOWRAP_ROLES: frozenset[str] = frozenset({"code", "amount", "number", "percent"})
#: Roles drawn bold and centred.
LABEL_ROLES: frozenset[str] = frozenset({"label", "header"})
_DEFAULT_ALIGN: dict[str, str] = {"label": "center", "header": "center", "amount": "right"}


@dataclass(frozen=True)
class Cell:
    """One cell: text as shown, ``span`` columns wide and ``rows`` rows high. ``number``
    is the exact value behind an amount, number or percent (Excel stores it as a number);
    ``align`` is ``"left"``, ``"center"`` or ``"right"`` (default: by role)."""

    text: str = ""
    span: int = 1
    rows: int = 1
    role: str = "text"
    number: Decimal | None = None
    align: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown cell role {self.role!r}")

    @property
    def label(self) -> bool:
        return self.role in LABEL_ROLES

    @property
    def nowrap(self) -> bool:
        return self.role in NOWRAP_ROLES

    @property
    def border(self) -> bool:
        return self.role != "caption"

    @property
    def alignment(self) -> str:
        return self.align or _DEFAULT_ALIGN.get(self.role, "left")


@dataclass(frozen=True)
class Table:
    """``ncols`` grid columns; every row fills them (spans and cells covered from above
    included). ``widths`` are relative column widths (equal when empty); the first
    ``repeat_rows`` rows are repeated on every page; ``filter`` puts a spreadsheet
    auto-filter on them."""

    ncols: int
    rows: list[list[Cell]]
    widths: list[int] = field(default_factory=list)
    repeat_rows: int = 0
    filter: bool = False
    #: Named in layout errors.
    name: str = ""

    def column_widths(self) -> list[float]:
        """Each column's share of the table width (adds up to 1)."""
        widths = self.widths if len(self.widths) == self.ncols else [1] * self.ncols
        total = sum(widths) or 1
        return [w / total for w in widths]


#: Paragraph roles: the document title, the line under it, two heading levels, body text.
TEXT_ROLES: tuple[str, ...] = ("title", "subtitle", "h1", "h2", "body")


@dataclass(frozen=True)
class Text:
    """A paragraph; ``role`` is one of `TEXT_ROLES`. A heading (``h1``/``h2``) is kept on
    one page with the block after it."""

    text: str
    role: str = "body"

    def __post_init__(self) -> None:
        if self.role not in TEXT_ROLES:
            raise ValueError(f"unknown text role {self.role!r}")


@dataclass(frozen=True)
class PageBreak:
    """A new page in Word and PDF (nothing in a spreadsheet)."""


Block = Text | Table | PageBreak


@dataclass(frozen=True)
class Section:
    """A run of blocks: one sheet named ``name`` in a spreadsheet. ``spreadsheet_only``
    sections (a flat sheet for filtering) are not drawn in Word or PDF."""

    name: str
    blocks: list[Block]
    spreadsheet_only: bool = False


class _Grid(Protocol):
    @property
    def ncols(self) -> int: ...
    @property
    def rows(self) -> list[list[Cell]]: ...


def placed(table: _Grid, name: str = "") -> list[list[tuple[int, Cell, bool]]]:
    """Each row as (column, cell, covered) triples; ``covered`` marks a slot under a cell
    of a row above (a vertical span; ``cell`` is that cell). ``ValueError`` if a row does
    not fill the width."""
    name = name or getattr(table, "name", "") or getattr(table, "title", "") or "表格"
    covered: dict[tuple[int, int], Cell] = {}
    out = []
    for r, row in enumerate(table.rows):
        cells = iter(row)
        c = 0
        line: list[tuple[int, Cell, bool]] = []
        while c < table.ncols:
            above = covered.get((r, c))
            if above is not None:
                line.append((c, above, True))
                c += above.span
                continue
            cell = next(cells, None)
            if cell is None:
                raise ValueError(f"“{name}”第 {r + 1} 行只有 {c} 列，应为 {table.ncols} 列")
            for k in range(1, cell.rows):
                covered[(r + k, c)] = cell
            line.append((c, cell, False))
            c += cell.span
        if c != table.ncols or next(cells, None) is not None:
            raise ValueError(f"“{name}”第 {r + 1} 行列数不是 {table.ncols}")
        out.append(line)
    return out


def spread(width: int, n: int) -> list[int]:
    """Split ``width`` grid columns over ``n`` cells as evenly as possible."""
    base, extra = divmod(width, n)
    return [base + (1 if k < extra else 0) for k in range(n)]


def tables(sections: Iterable[Section], *, spreadsheet: bool = False) -> Iterator[Table]:
    """The tables of ``sections`` in order (those of spreadsheet-only sections only when
    ``spreadsheet``)."""
    for s in sections:
        if s.spreadsheet_only and not spreadsheet:
            continue
        for b in s.blocks:
            if isinstance(b, Table):
                yield b


def cell_texts(sections: Sequence[Section], *, roles: frozenset[str] | None = None) -> list[str]:
    """Every non-empty cell text of the tables Word and PDF draw, in reading order
    (restricted to ``roles`` when given): what each format must carry."""
    return [
        c.text
        for t in tables(sections)
        for row in t.rows
        for c in row
        if c.text and (roles is None or c.role in roles)
    ]
