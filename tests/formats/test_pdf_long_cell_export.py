"""An indicator whose description is longer than a page (within the bounds) exports to a
PDF that still shows the indicator's other cells: the row is split over pages, not emptied."""

from __future__ import annotations

import io

from jixiao.core.formats import to_bytes
from jixiao.core.model import Document


def test_a_row_taller_than_a_page_keeps_its_short_cells(tall_row_doc: Document) -> None:
    import pdfplumber

    doc = tall_row_doc
    first = doc.projects[0].indicators[0]
    with pdfplumber.open(io.BytesIO(to_bytes(doc, "pdf"))) as pdf:
        texts = [page.extract_text() for page in pdf.pages]
    text = "".join(texts).replace("\n", "")
    assert first.name and first.name in text
    assert first.level1 and first.level1 in text
    assert first.target.text in text
    # No page is only the repeated header row.
    assert all("测试" in t or "效益" in t or "满意度" in t for t in texts[1:])
