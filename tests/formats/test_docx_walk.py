"""The docx reader's two walks of ``word/document.xml`` give the same rows: the libxslt
transform used for speed, and the element walk it falls back to."""

from __future__ import annotations

import io
from typing import Any

import pytest

from jixiao.core.formats import read_bytes, to_bytes
from jixiao.core.formats.docx_io import _transform, records_rows, rows_of
from jixiao.core.formats.zipped import open_zip
from jixiao.core.model import Document


def _root(data: bytes) -> Any:
    from lxml import etree

    return etree.fromstring(open_zip(data, "x.docx").read("word/document.xml"))


def _both(data: bytes) -> tuple[list[Any], list[Any]]:
    root = _root(data)
    slow = [row for row in rows_of(root) if row.cells]
    fast, _ = records_rows(str(_transform()(root)))
    return slow, fast


@pytest.mark.parametrize("fixture", ["word_two_layouts", "word_stacked_paragraphs"])
def test_the_transform_gives_the_rows_of_the_element_walk(
    request: pytest.FixtureRequest, fixture: str
) -> None:
    slow, fast = _both(request.getfixturevalue(fixture))
    assert len(slow) > 5
    assert fast == slow


def test_the_transform_reads_content_controls_spans_and_merges(seed_doc: Document) -> None:
    """Our own export has spans and vertical merges; wrap a table and a cell in content
    controls (w:sdt) and start a row after a skipped grid column (w:gridBefore)."""
    import zipfile

    from lxml import etree

    data = to_bytes(seed_doc, "docx")
    root = _root(data)
    w = root.nsmap["w"]
    tbl = root.find(f".//{{{w}}}tbl")
    sdt = etree.SubElement(tbl.getparent(), f"{{{w}}}sdt")
    tbl.addprevious(sdt)
    etree.SubElement(sdt, f"{{{w}}}sdtContent").append(tbl)
    tr = tbl.find(f"{{{w}}}tr")
    tc = tr.find(f"{{{w}}}tc")
    cell_sdt = etree.Element(f"{{{w}}}sdt")
    tc.addprevious(cell_sdt)
    etree.SubElement(cell_sdt, f"{{{w}}}sdtContent").append(tc)
    trpr = etree.Element(f"{{{w}}}trPr")
    etree.SubElement(trpr, f"{{{w}}}gridBefore").set(f"{{{w}}}val", "1")
    tr.insert(0, trpr)
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "word/document.xml":
                body = etree.tostring(root)
            dst.writestr(item, body)
    slow, fast = _both(buf.getvalue())
    assert fast == slow
    assert fast[len(seed_doc.overall_goals) + 10].cells  # the wrapped table is read
    assert any(c.cont for row in fast for c in row.cells)


def test_a_document_holding_the_separator_characters_is_still_read_right(
    seed_doc: Document,
) -> None:
    import copy

    doc = copy.deepcopy(seed_doc)
    doc.projects = doc.projects[:2]
    doc.project_summaries = doc.project_summaries[:2]
    doc.projects[0].purpose = "用途\ue000含\ue001私用区字符"
    back = read_bytes(to_bytes(doc, "docx"), "pua.docx")
    assert back.projects[0].purpose == doc.projects[0].purpose
    assert back == doc
