"""Draw self-evaluation `Table`s into docx, xlsx or pdf with the renderers the goal
documents use (`jixiao.core.formats.render_docx`, `render_xlsx`, `render_pdf`).

docx: one table per page; xlsx: one sheet per table; pdf: one table per page, A4.
Amounts and scores are numbers in xlsx that read back exactly.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from jixiao.core.errors import WriteError
from jixiao.core.evaluation.tables import Table
from jixiao.core.files import write_atomically
from jixiao.core.table_model import PageBreak, Section

FORMATS: tuple[str, ...] = ("docx", "xlsx", "pdf")
MEDIA_TYPES: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _sections(tables: Sequence[Table]) -> list[Section]:
    """One section per table, each on a new page."""
    out = []
    for i, table in enumerate(tables):
        section = table.section()
        if i:
            section = Section(section.name, [PageBreak(), *section.blocks])
        out.append(section)
    return out


def to_docx(tables: Sequence[Table]) -> bytes:
    from jixiao.core.formats.render_docx import render

    return render(_sections(tables))


def to_xlsx(tables: Sequence[Table]) -> bytes:
    from jixiao.core.formats.render_xlsx import render

    return render(_sections(tables))


def to_pdf(tables: Sequence[Table], *, title: str = "") -> bytes:
    from jixiao.core.formats.render_pdf import render

    return render(_sections(tables), title=title or (tables[0].title if tables else ""))


def to_bytes(tables: Sequence[Table], fmt: str) -> bytes:
    if fmt == "docx":
        return to_docx(tables)
    if fmt == "xlsx":
        return to_xlsx(tables)
    if fmt == "pdf":
        return to_pdf(tables)
    raise WriteError(f"不支持的导出格式“{fmt}”，可选：{'、'.join(FORMATS)}")


def write(tables: Sequence[Table], path: str | os.PathLike[str], fmt: str | None = None) -> None:
    """Write ``tables`` to ``path`` atomically: the file appears whole or not at all."""
    p = Path(path)
    write_atomically(p, to_bytes(tables, fmt or p.suffix.lstrip(".").lower()))
