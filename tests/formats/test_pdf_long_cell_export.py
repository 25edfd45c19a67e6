"""An indicator whose description is longer than a page (within the bounds) exports to a
PDF that still shows the indicator's other cells: the row is split over pages, not emptied."""

from __future__ import annotations

import dataclasses
import io

from jixiao.core.formats import to_bytes
from jixiao.core.model import Document


def test_a_row_taller_than_a_page_keeps_its_short_cells(seed_doc: Document) -> None:
    import pdfplumber

    project = dataclasses.replace(seed_doc.projects[0])
    first = dataclasses.replace(project.indicators[0], description="测试文字" * 700)
    project.indicators = [first, *project.indicators[1:]]
    doc = dataclasses.replace(
        seed_doc,
        projects=[project],
        project_summaries=[],
        overall_goals=[],
        measures=[],
        department_indicators=[],
    )
    with pdfplumber.open(io.BytesIO(to_bytes(doc, "pdf"))) as pdf:
        texts = [page.extract_text() for page in pdf.pages]
    text = "".join(texts).replace("\n", "")
    assert first.name and first.name in text
    assert first.level1 and first.level1 in text
    assert first.target.text in text
    # No page is only the repeated header row.
    assert all("测试" in t or "效益" in t or "满意度" in t for t in texts[1:])
