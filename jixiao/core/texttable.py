"""Plain-text tables for terminals, aware that a Chinese character takes two columns."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def pad(s: str, n: int, right: bool = False) -> str:
    gap = " " * max(0, n - width(s))
    return gap + s if right else s + gap


def clip(s: str, n: int) -> str:
    out, w = "", 0
    for ch in s:
        cw = width(ch)
        if w + cw > n - 1 and w + cw > n:
            return out + "…"
        out, w = out + ch, w + cw
    return out


def format_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()
) -> str:
    """Columns padded to the widest cell; columns listed in ``right`` align right."""
    widths = [width(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], width(cell))
    lines = ["  ".join(pad(h, widths[i], i in right) for i, h in enumerate(headers))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(pad(c, widths[i], i in right) for i, c in enumerate(row)))
    return "\n".join(line.rstrip() for line in lines)
