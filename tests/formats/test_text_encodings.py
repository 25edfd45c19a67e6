"""Text saved by Notepad or Word as "Unicode" (UTF-16 with a byte-order mark) reads like the
UTF-8 and GBK files; the same for a CSV sheet."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.core.formats import read_bytes


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-16-le"])
def test_a_utf16_text_export_reads_like_utf8(seed_path: Path, codec: str) -> None:
    text = seed_path.read_text("utf-8")
    bom = {"utf-16-be": "\ufeff", "utf-16-le": "\ufeff"}.get(codec, "")
    data = (bom + text).encode(codec)
    assert read_bytes(data, "希望路.txt") == read_bytes(text.encode("utf-8"), "希望路.txt")


def test_a_utf16_csv_sheet_is_read() -> None:
    from jixiao.core.tabular import read_rows

    data = "\ufeff二级指标,三级指标\r\n数量指标,培训人数\r\n".encode("utf-16-le")
    rows = list(
        read_rows(
            data, "指标库.csv", {"level2": ("二级指标",), "name": ("三级指标",)}, ("level2", "name")
        )
    )
    assert [(r.get("level2"), r.get("name")) for r in rows] == [("数量指标", "培训人数")]


def test_invisible_characters_pasted_into_labels_and_values_are_dropped(seed_path: Path) -> None:
    text = seed_path.read_text("utf-8")
    dirty = text.replace("预算数", "预\u200b算数").replace("≥100", "\u202e≥100\u202c", 1)
    dirty = dirty.replace("项目名称", "项目\u2060名称\u200d")
    plain = read_bytes(text.encode("utf-8"), "希望路.txt")
    assert read_bytes(dirty.encode("utf-8"), "希望路.txt") == plain


def test_a_grid_label_with_a_zero_width_space_is_recognised() -> None:
    from jixiao.core.formats.headers import normalize

    assert normalize("预\u200b算数（万元）") == ("预算数", "万元")
