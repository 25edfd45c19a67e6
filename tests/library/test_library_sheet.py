"""The library's sheet (export, template, import) and `fold` (the admin's merges)."""

from __future__ import annotations

import pytest

from jixiao.core.errors import ReadError
from jixiao.core.library import shipped
from jixiao.core.library.entries import LibraryEntry
from jixiao.core.library.sheet import LibrarySheetError, fold, read_sheet, write_sheet


def _entry(level2: str, name: str, uses: int) -> LibraryEntry:
    return LibraryEntry("产出指标", level2, name, "", "", "", uses=uses)


def test_fold_adds_uses_through_chains_and_drops_the_merged():
    a, b, c = _entry("数量指标", "甲", 1), _entry("数量指标", "乙", 2), _entry("数量指标", "丙", 4)
    out = fold([a, b, c], {a.key: b.key, b.key: c.key})
    assert [(e.name, e.uses) for e in out] == [("丙", 7)]


def test_fold_into_a_missing_entry_or_a_cycle_keeps_the_entries():
    a, b = _entry("数量指标", "甲", 1), _entry("数量指标", "乙", 2)
    assert fold([a], {a.key: ("数量指标", "无")}) == [a]
    out = fold([a, b], {a.key: b.key, b.key: a.key})
    assert sum(e.uses for e in out) == 3  # a cycle never loses or doubles uses


def test_export_reads_back_as_the_same_entries():
    entries = list(shipped()[:20])
    back = read_sheet(write_sheet(entries))
    assert [(e.level2, e.name, e.target, e.basis) for e in back] == [
        (e.level2, e.name, e.target, e.basis) for e in entries
    ]
    assert all(e.source == "imported" for e in back)


def test_csv_works_and_every_bad_row_is_one_line():
    data = (
        "二级指标,三级指标,典型指标值\n数量指标,培训人数,≥100人\n数量指标,,x\n未知,y,z\n".encode()
    )
    with pytest.raises(LibrarySheetError) as e:
        read_sheet(data, "库.csv")
    assert e.value.problems == [
        "第 3 行 B 列（三级指标）：不能为空",
        "第 4 行 A 列（二级指标）：“未知”不是二级指标（如 数量指标、社会效益指标）",
    ]
    good = "二级指标,三级指标,典型指标值\n数量指标,培训人数,≥100人\n".encode("gbk")
    assert [e.name for e in read_sheet(good, "库.csv")] == ["培训人数"]  # GBK from Excel


def test_a_file_without_the_header_is_refused():
    with pytest.raises(ReadError, match="表头缺少列"):
        read_sheet("名称,数值\na,1\n".encode(), "库.csv")


def _wide_and_tall(last_row: int) -> bytes:
    """A few-KB sheet declaring column XFD and row ``last_row``: openpyxl padded every row,
    blank ones included, to the declared size."""
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["一级指标", "二级指标", "三级指标"])
    ws.append(["产出指标", "数量指标", "培训人数"])
    ws.cell(row=last_row, column=16384, value="远处的格")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_sheet_claiming_a_huge_size_is_read_by_its_cells_or_refused():
    from jixiao.core import limits
    from jixiao.core.tabular import MAX_COLUMNS, read_rows

    data = _wide_and_tall(40)
    columns = {"level2": ("二级指标",), "name": ("三级指标",)}
    rows = list(read_rows(data, "宽.xlsx", columns, ("level2", "name")))
    assert [len(r.values) <= MAX_COLUMNS for r in rows] == [True]  # XFD40 is past the read
    with limits.using(rows=1000), pytest.raises(ReadError, match=r"宽\.xlsx.*行.*过多"):
        read_sheet(_wide_and_tall(1001), "宽.xlsx")
