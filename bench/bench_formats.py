"""docx, xlsx and PDF readers on generated documents vs the libraries' own plain walks.

- docx, 1,000 projects: our reader (document → model) vs python-docx opening the file and
  visiting every cell of every table (``table.rows`` → ``row.cells`` → ``cell.text``).
  Goal: ratio ≤ 0.2.
- xlsx, 300 projects (one sheet each, plus the flat sheet): our reader (streaming the sheet
  XML) vs openpyxl's plain ``load_workbook`` of the same file. Goal: ratio ≤ 0.5.
- PDF, 30 projects (our own export): our reader (pages → model) vs pdfplumber's plain
  ``extract_tables`` on every page, both per page. No goal: pdfplumber does the table
  finding in both, so the ratio shows what rebuilding the cells' text and the model adds.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.common import Result, best_of
from bench.corpus import big_document
from jixiao.core.formats import read, to_bytes

DOCX_PROJECTS = 1_000
XLSX_PROJECTS = 300
PDF_PROJECTS = 30


def python_docx_walk(path: Path) -> int:
    import docx

    d = docx.Document(str(path))
    n = 0
    for table in d.tables:
        for row in table.rows:
            for cell in row.cells:
                n += len(cell.text)
    return n


def openpyxl_load(path: Path) -> int:
    import openpyxl

    return len(openpyxl.load_workbook(path).worksheets)


def pdfplumber_tables(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return sum(len(page.extract_tables()) for page in pdf.pages)


def _pages(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def _alternate(
    ours: Callable[[], object], base: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Best times of both, run alternately so a burst of load on the machine hits both."""
    o = b = float("inf")
    for _ in range(repeat):
        o = min(o, best_of(ours, 1))
        b = min(b, best_of(base, 1))
    return o, b


def run() -> list[Result]:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        docx_path = Path(tmp) / "big.docx"
        big = big_document(DOCX_PROJECTS)
        docx_path.write_bytes(to_bytes(big, "docx"))
        assert read(docx_path) == big
        ours, base = _alternate(lambda: read(docx_path), lambda: python_docx_walk(docx_path), 2)
        size = docx_path.stat().st_size / 1e6
        results.append(
            Result(
                f"docx reader, {DOCX_PROJECTS:,} projects ({size:.1f} MB)",
                ours,
                base,
                "python-docx open + every cell of every table",
                goal="ratio ≤ 0.2",
            )
        )
        xlsx_path = Path(tmp) / "big.xlsx"
        mid = big_document(XLSX_PROJECTS)
        xlsx_path.write_bytes(to_bytes(mid, "xlsx"))
        assert read(xlsx_path) == mid
        ours, base = _alternate(lambda: read(xlsx_path), lambda: openpyxl_load(xlsx_path), 2)
        size = xlsx_path.stat().st_size / 1e6
        results.append(
            Result(
                f"xlsx reader, {XLSX_PROJECTS:,} projects ({size:.1f} MB)",
                ours,
                base,
                "openpyxl.load_workbook",
                goal="ratio ≤ 0.5",
            )
        )
        pdf_path = Path(tmp) / "small.pdf"
        small = big_document(PDF_PROJECTS)
        pdf_path.write_bytes(to_bytes(small, "pdf"))
        assert read(pdf_path) == small
        pages = _pages(pdf_path)
        ours, base = _alternate(lambda: read(pdf_path), lambda: pdfplumber_tables(pdf_path), 2)
        results.append(
            Result(
                f"PDF reader per page, {PDF_PROJECTS} projects ({pages} pages)",
                ours / pages,
                base / pages,
                "pdfplumber extract_tables per page",
                goal="report",
            )
        )
    return results
