"""Draw `table_model` tables as one escaped HTML ``<table>`` (the public pages and the
static site show the official goal table this way).

Tables of different widths are stacked as ``<tbody>``s of one table; the last cell of a
narrower row is widened to the full width. Roles become classes: ``label``/``header`` cells
are ``<th>``, codes and numbers get ``nowrap`` (amounts also ``num``), captions ``plain``.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from jixiao.core.table_model import Cell, Table, placed


def _classes(cell: Cell) -> str:
    names = []
    if cell.nowrap:
        names.append("nowrap")
    if cell.role in ("amount", "number") and cell.alignment == "right":
        names.append("num")
    elif cell.alignment == "center" and not cell.label:
        names.append("center")
    if cell.role == "caption":
        names.append("plain")
    if "\n" in cell.text:
        names.append("pre")
    return f' class="{" ".join(names)}"' if names else ""


def table_html(tables: Sequence[Table], *, caption: str = "", css_class: str = "official") -> str:
    width = max((t.ncols for t in tables), default=1)
    out = [f'<table class="{css_class}">']
    if caption:
        out.append(f"<caption>{escape(caption)}</caption>")
    for table in tables:
        out.append("<tbody>")
        for line in placed(table):
            out.append("<tr>")
            cells = [cell for _, cell, covered in line if not covered]
            for k, cell in enumerate(cells):
                span = cell.span + (width - table.ncols if k == len(cells) - 1 else 0)
                tag = "th" if cell.label else "td"
                attrs = f' colspan="{span}"' if span > 1 else ""
                attrs += f' rowspan="{cell.rows}"' if cell.rows > 1 else ""
                text = escape(cell.text).replace("\n", "<br>")
                out.append(f"<{tag}{attrs}{_classes(cell)}>{text}</{tag}>")
            out.append("</tr>")
        out.append("</tbody>")
    out.append("</table>")
    return "".join(out)
