"""One table model, three files: docx, xlsx and pdf of the same document carry the same
cell texts, because each is drawn from `goal_table.goal_sections`; codes and amounts
never wrap in the PDF."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from decimal import Decimal

import pytest

from jixiao.core.formats import to_bytes
from jixiao.core.goal_table import goal_sections
from jixiao.core.model import Document, Indicator, PlanCell, SpendingPlan
from jixiao.core.table_model import ROLES, Cell, Section, Table, Text, cell_texts, placed
from jixiao.core.targets import parse_target

CODE = "13021322P00000410179E"
#: What every file must carry: the ruled cells (the caption row above a table is a line
#: of text in a PDF, not a cell).
RULED = frozenset(ROLES) - {"caption"}


@pytest.fixture(scope="module")
def doc(seed_doc: Document) -> Document:
    """Three seed projects, one with twelve checkpoints, a long amount and weights."""
    first, second, third = seed_doc.projects[:3]
    plan = SpendingPlan([PlanCell(m, f"{m * 8}%", Decimal(m * 8)) for m in range(1, 13)])
    weighted = [dataclasses.replace(i, weight=Decimal("12.5")) for i in second.indicators]
    weighted.append(Indicator("产出指标", "数量指标", "培训人次", None, parse_target("=8人"), None))
    return dataclasses.replace(
        seed_doc,
        projects=[
            dataclasses.replace(first, code=CODE, spending_plan=plan),
            dataclasses.replace(
                second,
                indicators=weighted,
                budget=dataclasses.replace(second.budget, total=Decimal("123456789.123456")),
            ),
            third,
        ],
    )


def expected(doc: Document) -> list[str]:
    return cell_texts(goal_sections(doc), roles=RULED)


def captions(doc: Document) -> set[str]:
    return set(cell_texts(goal_sections(doc))) - set(expected(doc))


def docx_texts(data: bytes, doc: Document) -> list[str]:
    from lxml import etree

    from jixiao.core.formats.docx_io import rows_of

    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    skip = captions(doc)
    return [
        c.text
        for row in rows_of(root)
        if not row.para
        for c in row.cells
        if not c.cont and c.text and c.text not in skip
    ]


def xlsx_texts(data: bytes, doc: Document) -> list[str]:
    from jixiao.core.formats.sheets import rows_of
    from jixiao.core.formats.xlsx_io import number_text
    from jixiao.core.formats.xlsx_xml import read_sheets

    sheets = read_sheets(zipfile.ZipFile(io.BytesIO(data)), number_text)
    drawn = [s for s in goal_sections(doc) if not s.spreadsheet_only]
    assert [s.name for s in sheets[: len(drawn)]] == [s.name for s in drawn]
    skip = captions(doc)
    out = []
    for sheet, section in zip(sheets, drawn, strict=False):
        texts = sum(1 for b in section.blocks if isinstance(b, Text))
        cells = [c.text for row in rows_of(sheet) for c in row.cells if not c.cont and c.text]
        out += [t for t in cells[texts:] if t not in skip]
    return out


def pdf_texts(data: bytes) -> list[str]:
    import pdfplumber

    from jixiao.core.formats.pdf_tables import page_items, rows_of

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        items = [page_items(page, k) for k, page in enumerate(pdf.pages, 1)]
    return [
        c.text for row in rows_of(items) if not row.para for c in row.cells if c.text and not c.cont
    ]


def test_docx_xlsx_and_pdf_carry_identical_cell_texts(doc: Document) -> None:
    want = expected(doc)
    assert CODE in want and "123456789.123456" in want and "96%" in want and "12.5" in want
    assert docx_texts(to_bytes(doc, "docx"), doc) == want
    assert xlsx_texts(to_bytes(doc, "xlsx"), doc) == want
    assert pdf_texts(to_bytes(doc, "pdf")) == want


def test_a_long_code_and_amount_stay_on_one_line_in_the_pdf(doc: Document) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(to_bytes(doc, "pdf"))) as pdf:
        words = [w["text"] for page in pdf.pages for w in page.extract_words()]
    assert CODE in words  # one word: not broken over two lines
    assert "123456789.123456" in words


def test_a_single_project_document_has_that_project_only(seed_doc: Document) -> None:
    one = dataclasses.replace(
        seed_doc,
        projects=seed_doc.projects[4:5],
        overall_goals=[],
        project_summaries=[],
        measures=[],
    )
    sections = goal_sections(one)
    p = seed_doc.projects[4]
    assert [s.name for s in sections] == ["封面", f"5.{p.name}", "指标明细"]
    texts = cell_texts(sections)
    assert seed_doc.projects[4].code in texts
    assert not any(p.code in texts for p in seed_doc.projects if p is not seed_doc.projects[4])


def test_every_table_row_fills_the_grid(seed_doc: Document) -> None:
    for section in goal_sections(seed_doc):
        for block in section.blocks:
            if isinstance(block, Table):
                placed(block)  # raises on a short or long row


def test_roles_decide_wrapping_borders_and_alignment() -> None:
    assert Cell("1", role="code").nowrap and Cell("1", role="amount").nowrap
    assert not Cell("一段文字").nowrap
    assert not Cell("单位：万元", role="caption").border
    assert Cell("预算数", role="label").alignment == "center"
    assert Cell("2.28", role="amount").alignment == "right"
    with pytest.raises(ValueError):
        Cell("x", role="bold")
    with pytest.raises(ValueError):
        Section("s", [Text("x", "h9")])


def test_the_public_html_table_carries_the_same_cells(seed_doc: Document) -> None:
    import re
    from html import unescape

    from jixiao.core.disclosure.model import PublishedProject
    from jixiao.core.disclosure.tables import project_table_html
    from jixiao.core.goal_table import indicator_table, project_table

    p = seed_doc.projects[0]
    published = PublishedProject(2022, "314003", seed_doc.unit.name, "万元", p)
    html = project_table_html(published)
    cells = [
        unescape(t).replace("<br>", "\n")
        for t in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", html, re.S)
    ]
    grids = [project_table(f"314003 {seed_doc.unit.name}", "万元", p), indicator_table(p)]
    want = [c.text for g in grids for row in g.rows for c in row]
    assert cells == want
    assert f'<td colspan="3" class="nowrap">{p.code}</td>' in html
