"""Workbooks whose used area or merged ranges are far larger than the file: refused in one
line naming the sheet and range, before the walk over blank cells can exhaust the server."""

from __future__ import annotations

import io

import openpyxl
import pytest
import xlwt

from jixiao.core import limits
from jixiao.core.errors import ReadError
from jixiao.core.formats import xls_io, xlsx_io
from tests.hostile_files import patch_member


def _workbook(extra_row: bytes = b"", after_data: bytes = b"") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目"
    ws["A1"] = "项目名称"
    ws["B1"] = "测试"
    plain = io.BytesIO()
    wb.save(plain)
    return patch_member(
        plain.getvalue(),
        "xl/worksheets/sheet1.xml",
        lambda x: x.replace(b"</sheetData>", extra_row + b"</sheetData>" + after_data),
    )


FAR_CELL = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>y</t></is></c></row>'
FAR_BLANK = b'<row r="1048576"><c r="XFD1048576" s="0"/></row>'
MERGE_ALL = b'<mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>'


def test_a_text_at_the_last_cell_of_the_sheet_is_refused_naming_the_range() -> None:
    # Before: 17 billion blank cells walked (over a minute, then memory).
    with pytest.raises(ReadError) as e:
        xlsx_io.read_bytes(_workbook(FAR_CELL), "far.xlsx")
    assert str(e.value) == (
        "文件“far.xlsx”：工作表“项目”的使用范围 A1:XFD1048576 有 17,179,869,184 个单元格，"
        "文件中的单元格超过 5,000,000 个上限，已拒绝；请删除多余的行、列或合并单元格"
    )


@pytest.mark.parametrize("extra", [(FAR_BLANK, b""), (b"", MERGE_ALL)], ids=["blank", "merge"])
def test_a_blank_cell_or_a_merge_over_the_whole_sheet_is_ignored(
    extra: tuple[bytes, bytes],
) -> None:
    # Before: a 5 KB workbook with a merge A2:XFD1048576 took 2 GB and raised MemoryError.
    with pytest.raises(ReadError, match="没有找到绩效目标表"):
        xlsx_io.read_bytes(_workbook(*extra), "merged.xlsx")


def test_overlapping_merges_count_against_the_budget() -> None:
    merges = b"".join(b'<mergeCell ref="A1:Z%d"/>' % r for r in range(2, 40))
    data = _workbook(
        b'<row r="40"><c r="Z40" t="inlineStr"><is><t>y</t></is></c></row>',
        b"<mergeCells>" + merges + b"</mergeCells>",
    )
    with limits.using(cells=5_000), pytest.raises(ReadError, match="合并单元格 A1:Z"):
        xlsx_io.read_bytes(data, "merges.xlsx")


def _xls(write: object) -> bytes:
    wb = xlwt.Workbook()
    ws = wb.add_sheet("项目")
    ws.write(0, 0, "项目名称")
    write(ws)  # type: ignore[operator]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_an_xls_cell_at_iv65536_is_refused_quickly() -> None:
    # Before: xlrd padded all 65,536 rows to 256 cells (75 s for a 5 KB file).
    data = _xls(lambda ws: ws.write(65535, 255, "y"))
    with pytest.raises(ReadError, match=r"使用范围 A1:IV65536 有 16,777,216 个单元格"):
        xls_io.read_bytes(data, "far.xls")


def test_an_xls_holding_more_cells_than_the_limit_is_refused_before_xlrd_keeps_them() -> None:
    # Before: a 35 MB .xls of blank cells took 80 s and 1.6 GB, then "已损坏（MemoryError）".
    data = _xls(lambda ws: ws.write_merge(1, 60, 0, 40, "m"))
    with limits.using(cells=2_000), pytest.raises(ReadError) as e:
        xls_io.read_bytes(data, "blank.xls")
    assert str(e.value) == (
        "文件“blank.xls”：文件中的单元格过多（超过 2000 个上限），已拒绝；"
        "可拆分文件，或由管理员调高上限"
    )


def test_a_monitoring_table_row_reaching_xfd_is_not_padded_to_16384_values(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Before: each such row became 16,384 values (a 370 KB file of 500,000 rows: minutes).
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    from jixiao.core import tabular

    widths: list[int] = []
    original = ReadOnlyWorksheet._get_row

    def counted(self: object, *args: object, **kwargs: object) -> tuple[object, ...]:
        row = original(self, *args, **kwargs)  # type: ignore[arg-type]
        widths.append(len(row))
        return row  # type: ignore[no-any-return]

    monkeypatch.setattr(ReadOnlyWorksheet, "_get_row", counted)
    far = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c>'
        b'<c r="XFD%d" t="inlineStr"><is><t>y</t></is></c></row>' % (r, r, r)
        for r in range(2, 6)
    )
    rows = list(tabular._xlsx_rows(_workbook(far), "payments.xlsx"))
    assert [n for n, _ in rows] == [1, 2, 3, 4, 5]
    assert max(widths) <= tabular.MAX_COLUMNS
