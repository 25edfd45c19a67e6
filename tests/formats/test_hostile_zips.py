"""Hostile zip files: a lying-size bomb and damaged members give one line and exit 2,
within the byte budget (never trusting the sizes the headers state)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.cli import main
from jixiao.core import limits
from jixiao.core.errors import ReadError
from jixiao.core.formats import read_bytes
from jixiao.core.formats.zipped import CHUNK, SafeZip


def _one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes
) -> str:
    src = tmp_path / name
    src.write_bytes(data)
    assert main(["read", str(src)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"错误：文件“{name}”") and "Traceback" not in err
    return err


def test_a_lying_size_bomb_is_refused_within_the_budget(hostile):
    bomb = hostile.lying_bomb(inflated_mib=64, claimed=1000)
    with limits.using(unzipped_bytes=2 * limits.MIB, zip_ratio=10_000):
        safe = SafeZip(bomb, "bomb.docx")
        with pytest.raises(ReadError, match="压缩炸弹"):
            safe.parse_xml("word/document.xml")
    assert safe.inflated <= 2 * limits.MIB + CHUNK  # stopped at the budget, not at 64 MiB


def test_a_lying_size_bomb_is_refused_by_its_ratio(hostile):
    bomb = hostile.lying_bomb(inflated_mib=64, claimed=1000)
    safe = SafeZip(bomb, "bomb.docx")
    with pytest.raises(ReadError, match="压缩比"):
        safe.read("word/document.xml")
    assert safe.inflated <= limits.Limits().zip_ratio * len(bomb) + CHUNK


def test_the_1_gib_bomb_gives_one_line_and_exit_2_in_bounded_memory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hostile, monkeypatch
):
    bomb = hostile.lying_bomb(inflated_mib=1024, claimed=1000)
    assert len(bomb) < 2 * limits.MIB
    seen: list[int] = []
    count = SafeZip._count

    def spy(self, info, produced):
        seen.append(self.inflated)
        count(self, info, produced)

    monkeypatch.setattr(SafeZip, "_count", spy)
    err = _one_line_exit_2(tmp_path, capsys, "bomb.docx", bomb)
    assert "已拒绝" in err
    # Refused long before the 1 GiB: by the XML element cap (~18 MB in) or the budget.
    assert max(seen) <= 64 * limits.MIB


@pytest.mark.parametrize(
    ("make", "words"),
    [
        ("unknown_method", "不支持的压缩方式"),
        ("bad_deflate", "压缩数据无效"),
        ("bad_crc", "校验和（CRC）不符"),
    ],
)
def test_a_damaged_member_gives_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hostile, make: str, words: str
):
    err = _one_line_exit_2(tmp_path, capsys, "damaged.docx", getattr(hostile, make)())
    assert "已损坏" in err and "word/document.xml" in err and words in err


def test_a_damaged_worksheet_is_refused_before_openpyxl_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hostile, seed_doc
):
    from jixiao.core.formats import to_bytes

    data = hostile.bad_crc_workbook(to_bytes(seed_doc, "xlsx"))
    err = _one_line_exit_2(tmp_path, capsys, "damaged.xlsx", data)
    assert "校验和（CRC）不符" in err and "xl/worksheets/" in err


def test_entities_are_not_expanded(hostile):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            f'<!ENTITY {chr(98 + k)} "{("&" + chr(97 + k) + ";") * 10}">'.encode() for k in range(9)
        )
        + b"]>"
        + hostile.DOC_START
        + b"<w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>"
    )
    data = hostile.build_zip(
        [
            hostile.member("[Content_Types].xml", hostile.CONTENT_TYPES),
            hostile.member("word/document.xml", laughs),
        ]
    )
    with pytest.raises(ReadError) as e:
        read_bytes(data, "laughs.docx")
    assert "aaaaaaaaaa" not in str(e.value)  # refused as not a goal document, never expanded


def test_too_many_xml_elements_are_refused(hostile):
    bomb = hostile.lying_bomb(inflated_mib=1, claimed=1000)
    with limits.using(xml_elements=10_000), pytest.raises(ReadError, match="XML 元素超过"):
        SafeZip(bomb, "many.docx").parse_xml("word/document.xml")


def _payments_workbook() -> bytes:
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["金额"])
    wb.active.append([1])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("how", ["bomb", "crc", "deflate", "method"])
def test_monitoring_tables_refuse_hostile_zips_too(hostile, how: str):
    from jixiao.core.tabular import read_rows

    data = hostile.damaged_workbook(_payments_workbook(), how)
    with pytest.raises(ReadError):
        list(read_rows(data, "支付.xlsx", {"amount": ("金额",)}, ("amount",)))


def test_monitoring_tables_refuse_a_damaged_sheet(hostile):
    import io
    import zipfile

    from jixiao.core.tabular import read_rows

    src = zipfile.ZipFile(io.BytesIO(_payments_workbook()))
    members = {n: src.read(n) for n in src.namelist()}
    members["xl/worksheets/sheet1.xml"] = members["xl/worksheets/sheet1.xml"][:-40]
    data = hostile.build_zip([hostile.member(n, d) for n, d in members.items()])
    with pytest.raises(ReadError, match="已损坏"):
        list(read_rows(data, "支付.xlsx", {"amount": ("金额",)}, ("amount",)))
