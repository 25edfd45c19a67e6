"""Word tables whose cells claim a width of a billion columns: read as Word would show at
most (63 columns), not expanded into a column map of a billion entries."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from lxml import etree

from jixiao.core.errors import ReadError
from jixiao.core.formats import docx_io
from tests.hostile_files import patch_member


def _docx(patch: bytes, where: bytes = b"<w:tcPr>") -> bytes:
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "项目名称"
    t.cell(0, 1).text = "测试"
    plain = io.BytesIO()
    d.save(plain)
    return patch_member(
        plain.getvalue(), "word/document.xml", lambda x: x.replace(where, where + patch, 1)
    )


SPANS = ["1000000000", "99999999999999999999999", "abc", "-5", ""]


@pytest.mark.parametrize("span", SPANS)
def test_a_huge_or_bad_grid_span_is_read_as_at_most_63_columns(span: str) -> None:
    # Before: gridSpan 1000000000 in a 1 KB file took 1.4 GB, then MemoryError.
    data = _docx(b'<w:gridSpan w:val="%s"/>' % span.encode())
    with pytest.raises(ReadError, match="没有找到绩效目标表"):
        docx_io.read_bytes(data, "span.docx")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    # The element walk (used when a text holds the transform's separators) agrees.
    spans = [c.span for row in docx_io.rows_of(root) for c in row.cells]
    assert 1 <= max(spans) <= docx_io.MAX_COLUMNS


def test_a_huge_grid_before_starts_the_row_at_most_63_columns_in() -> None:
    data = _docx(b'<w:trPr><w:gridBefore w:val="1000000000"/></w:trPr>', b"<w:tr>")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    cols = [c.col for row in docx_io.rows_of(root) for c in row.cells]
    assert max(cols) <= docx_io.MAX_COLUMNS + 1
