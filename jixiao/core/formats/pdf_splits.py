"""Table rows split over a page break, put back together.

A row too tall for what is left of a page is split: its top part ends the page, the rest
starts the next one. A PDF writer draws each part open where the page breaks (reportlab) or
closed (others), so the parts come back as two rows: the first holds the short cells
(一级/二级, 三级, 指标值) and the start of the long ones, the second has blank leading cells
and the rest of the long ones. `closing_lines` closes open parts so that they are cells at
all; `continues` tells the rest of a row from a new row; `rejoin` puts the texts together.

A new row at the top of a page may also have blank 一级/二级 cells (merged down from the
previous page), but it names its indicator and gives its value: a continuation lacks one of
the two (they fit on the first page), and writes only in cells that the row above has text in.
"""

from __future__ import annotations

import re
from typing import Any

from jixiao.core.formats.grid import Cell
from jixiao.core.formats.headers import indicator_field, normalize

#: Points a vertical rule must overrun the last (first) horizontal one to be an open part.
_OPEN = 2.0
#: A line that starts a new item in a cell (``2.``, ``（2）``, ``二是``): kept on its own line.
_ITEM = re.compile(r"^\s*(?:\d+\s*[.．、)）]|[（(]\s*\d+\s*[)）]|[一二三四五六七八九十]+\s*[是、])")
_LATIN = re.compile(r"[0-9A-Za-z]")


def closing_lines(edges: list[dict[str, Any]]) -> list[float]:
    """Horizontal lines (their y) closing a ruled table left open at the foot or the head of
    the page: where the vertical rules run on past the last (first) horizontal rule."""
    vs = [e for e in edges if e["orientation"] == "v"]
    hs = [e for e in edges if e["orientation"] == "h"]
    if not vs or not hs:
        return []
    out = []
    v_bottom, h_bottom = max(e["bottom"] for e in vs), max(e["top"] for e in hs)
    if v_bottom > h_bottom + _OPEN:
        out.append(float(v_bottom))
    v_top, h_top = min(e["top"] for e in vs), min(e["top"] for e in hs)
    if v_top < h_top - _OPEN:
        out.append(float(v_top))
    return out


def indicator_columns(cells: list[Cell]) -> dict[str, int] | None:
    """Field → column of an indicator header row (三级 and another indicator column)."""
    fields: dict[str, int] = {}
    for c in cells:
        f = indicator_field(normalize(c.text)[0]) if c.text and not c.cont else None
        if f is not None and f not in fields:
            fields[f] = c.col
    return fields if "name" in fields and len(fields) >= 2 else None


def continues(prev: list[Cell], row: list[Cell], columns: dict[str, int]) -> bool:
    """Whether ``row``, first on a page, is the rest of ``prev``, last on the page before."""
    if [(c.col, c.span) for c in prev] != [(c.col, c.span) for c in row]:
        return False
    at = {c.col: c for c in row}

    def blank(field: str) -> bool:
        c = at.get(columns[field]) if field in columns else None
        return c is None or c.cont or not c.text.strip()

    levels = [f for f in ("level1", "level2") if f in columns]
    if levels and not all(blank(f) for f in levels):
        return False
    if not levels and row and row[0].text.strip() and not row[0].cont:
        return False
    if not blank("name") and not blank("target"):
        return False  # a new indicator: it names itself and gives its value
    # The rest of a row only goes on in cells that have begun on the page before.
    return all(
        not c.text.strip() or c.cont or (p.text.strip() and not p.cont)
        for p, c in zip(prev, row, strict=True)
    )


def rejoin(prev: list[Cell], row: list[Cell]) -> list[Cell]:
    """``prev`` with each cell's text continued by the same cell of ``row``."""
    out = []
    for p, c in zip(prev, row, strict=True):
        rest = "" if c.cont else c.text.strip()
        if rest and not p.cont:
            p = Cell(_join(p.text, rest), p.col, p.span, cont=False, place=p.place)
        out.append(p)
    return out


def _join(head: str, rest: str) -> str:
    if _ITEM.match(rest):
        return f"{head}\n{rest}"
    # A wrap joins without a space (Chinese has none), except between two Latin words.
    if head and _LATIN.match(head[-1]) and _LATIN.match(rest[0]):
        return f"{head} {rest}"
    return head + rest
