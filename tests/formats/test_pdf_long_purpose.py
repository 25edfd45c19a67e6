"""A project purpose (资金用途) longer than a PDF page exports: before, reportlab failed
while naming the too-tall table (TypeError in ``Table._culprit``), a 500 on the export page."""

from __future__ import annotations

import dataclasses
import io
from typing import Any

from jixiao.core.formats import to_bytes


def test_a_purpose_longer_than_a_page_exports_to_pdf(tall_row_doc: Any) -> None:
    import pdfplumber

    project = dataclasses.replace(tall_row_doc.projects[0], purpose="资金用途" * 2500)
    doc = dataclasses.replace(tall_row_doc, projects=[project])
    with pdfplumber.open(io.BytesIO(to_bytes(doc, "pdf"))) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages[:2]).replace("\n", "")
    assert project.name in text
    assert "资金用途资金用途" in text
