"""The streaming .xlsx reader sees every cell as openpyxl does: the same text per cell
(numbers through their formats, dates, booleans, rich and inline text) and the same merges."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest

from jixiao.core.formats.sheets import Sheet, clean
from jixiao.core.formats.xlsx_io import number_text
from jixiao.core.formats.xlsx_xml import read_sheets


def _ours(data: bytes) -> list[Sheet]:
    return read_sheets(zipfile.ZipFile(io.BytesIO(data)), number_text)


def _openpyxl(data: bytes) -> list[tuple[str, dict[tuple[int, int], str], list[Any]]]:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    out = []
    for ws in wb.worksheets:
        texts = {
            (c.row, c.column): clean(number_text(c.value, c.number_format))
            for row in ws.iter_rows()
            for c in row
            if c.value is not None
        }
        merges = sorted(
            (m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges
        )
        out.append((ws.title, texts, merges))
    return out


def _same(data: bytes) -> None:
    def shown(s: Sheet) -> dict[tuple[int, int], str]:
        # A value under a merged range, other than its first cell's, is never shown.
        hidden = {
            (r, c)
            for r0, c0, r1, c1 in s.merges
            for r in range(r0, r1 + 1)
            for c in range(c0, c1 + 1)
            if (r, c) != (r0, c0)
        }
        return {k: v for k, v in s.texts.items() if v and k not in hidden}

    ours = [(s.name, shown(s), sorted(s.merges)) for s in _ours(data)]
    theirs = [(name, {k: v for k, v in t.items() if v}, m) for name, t, m in _openpyxl(data)]
    assert ours == theirs


@pytest.mark.parametrize(
    "fixture",
    [
        "workbook_per_sheet",
        "workbook_flat_export",
        "workbook_stacked_blocks",
        "workbook_two_row_header",
    ],
)
def test_fixture_workbooks_read_as_openpyxl_reads_them(
    request: pytest.FixtureRequest, fixture: str
) -> None:
    _same(request.getfixturevalue(fixture))


def test_dates_booleans_rich_text_and_number_formats() -> None:
    import openpyxl
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = dt.date(2023, 3, 31)
    ws["A1"].number_format = "yyyy-mm-dd"
    ws["B1"] = dt.datetime(2023, 3, 31, 12, 30)
    ws["C1"] = True
    ws["D1"] = CellRichText([TextBlock(InlineFont(b=True), "项目"), "名称"])
    ws["E1"] = 1250000
    ws["E1"].number_format = "#,##0.00"
    ws["F1"] = 0.125
    ws["F1"].number_format = "0.0%"
    ws["G1"] = "  两行\n  文字  "
    ws["A2"] = 3
    ws["B2"] = 2.50
    ws["C2"] = 1e-7
    buf = io.BytesIO()
    wb.save(buf)
    _same(buf.getvalue())
    [sheet] = _ours(buf.getvalue())
    assert sheet.texts[(1, 1)] == "2023-03-31"
    assert sheet.texts[(1, 4)] == "项目名称"
    assert sheet.texts[(1, 6)] == "12.5%"
    assert sheet.texts[(1, 7)] == "两行\n文字"


def _handmade(sheet_xml: str) -> bytes:
    """A minimal workbook as other programs write it: inline strings, cells without ``r``."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>",
        )
        zf.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        zf.writestr(
            "xl/workbook.xml",
            f'<workbook {ns} {rel}><sheets><sheet name="目标" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        zf.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        zf.writestr("xl/worksheets/sheet1.xml", f"<worksheet {ns}>{sheet_xml}</worksheet>")
    return buf.getvalue()


def test_inline_strings_and_cells_without_references() -> None:
    data = _handmade(
        "<sheetData>"
        '<row r="1"><c t="inlineStr"><is><t>项目名称</t></is></c><c t="inlineStr"><is><r><t>社区</t></r><r><t>保洁</t></r></is></c></row>'
        '<row r="3"><c r="B3"><v>12.5</v></c><c t="b"><v>1</v></c><c t="str"><v>合计</v></c></row>'
        '</sheetData><mergeCells count="1"><mergeCell ref="C3:D4"/></mergeCells>'
    )
    _same(data)
    [sheet] = _ours(data)
    assert sheet.texts == {
        (1, 1): "项目名称",
        (1, 2): "社区保洁",
        (3, 2): "12.5",
        (3, 3): "是",
        (3, 4): "合计",
    }
    assert sheet.merges == [(3, 3, 4, 4)]
