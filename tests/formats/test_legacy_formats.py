"""Legacy formats: .xls read with xlrd into the same model as the .xlsx it mirrors; .doc/.wps
converted by LibreOffice when it is installed, otherwise one line saying how to convert."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from jixiao.cli import main
from jixiao.core.formats import read_bytes, sniff


def _xls_per_sheet() -> bytes:
    """The ``workbook_per_sheet`` fixture written as an Excel 97–2003 file with xlwt: the same
    merges, typed amounts (0.00) and fractions (0%, 0.0%)."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("项目1")
    plain = xlwt.easyxf("")

    def num(fmt: str) -> Any:
        return xlwt.easyxf(num_format_str=fmt)

    ws.write_merge(0, 0, 0, 6, "1.建国前老党员生活补贴绩效目标表", plain)
    ws.write_merge(1, 1, 0, 3, "314003唐山市曹妃甸区希望路街道办事处", plain)
    ws.write_merge(1, 1, 4, 6, "单位：万元", plain)
    ws.write(2, 0, "项目编码")
    ws.write_merge(2, 2, 1, 2, "13021322P00000410190M", plain)
    ws.write(2, 3, "项目名称")
    ws.write_merge(2, 2, 4, 6, "建国前老党员生活补贴", plain)
    ws.write_merge(3, 4, 0, 0, "预算规模及资金用途", plain)
    ws.write(3, 1, "预算数")
    ws.write(3, 2, 1.4, num("0.00"))
    ws.write(3, 3, "其中：财政资金")
    ws.write(3, 4, 1.4, num("0.00"))
    ws.write(3, 5, "其他资金")
    ws.write_merge(4, 4, 1, 6, "建国前老党员生活补贴", plain)
    ws.write_merge(5, 6, 0, 0, "资金支出计划（%）", plain)
    for c, month in enumerate(("3月底", "6月底", "10月底", "12月底"), 1):
        ws.write(5, c, month)
    ws.write(6, 1, 0.4, num("0%"))
    ws.write(6, 3, 0.875, num("0.0%"))
    ws.write(6, 4, 1, num("0%"))
    ws.write(7, 0, "绩效目标")
    ws.write_merge(7, 7, 1, 6, "1.按时发放补贴\n2.老党员满意", plain)
    header = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
    for c, h in enumerate(header):
        ws.write(9, c, h)
    ws.write_merge(10, 11, 0, 0, "产出指标", plain)
    rows = [
        (None, "数量指标", "发放人数", "补贴发放人数", "=3人", "计划标准"),
        (None, "时效指标", "发放及时率", "按月发放", None, "计划标准"),
        ("满意度指标", "服务对象满意度指标", "老党员满意度", "回访", None, "历史标准"),
    ]
    for r, values in enumerate(rows, 10):
        for c, v in enumerate(values):
            if v is not None:
                ws.write(r, c, v)
    ws.write(11, 4, 1, num("0%"))
    ws.write(12, 4, 0.95, num("0%"))
    ws2 = wb.add_sheet("工资")
    ws2.write(0, 0, "姓名")
    ws2.write(0, 1, "基本工资")
    ws2.write(1, 0, "张三")
    ws2.write(1, 1, 3000)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_an_xls_reads_like_the_xlsx_it_mirrors(workbook_per_sheet: bytes) -> None:
    data = _xls_per_sheet()
    assert sniff(data, "goals.xls") == "xls"
    doc = read_bytes(data, "goals.xls")
    assert doc == read_bytes(workbook_per_sheet, "goals.xlsx")
    [p] = doc.projects
    assert str(p.budget.total) == "1.40"
    assert [c.text for c in p.spending_plan.cells] == ["40%", None, "87.5%", "100%"]
    assert [i.target.text for i in p.indicators] == ["=3人", "100%", "95%"]
    assert p.indicators[1].level1 == "产出指标"  # merged down over two rows


def test_a_damaged_xls_gives_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _xls_per_sheet()
    src = tmp_path / "broken.xls"
    src.write_bytes(data[:2048] + b"\x00" * (len(data) - 2048))
    assert main(["read", str(src)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "broken.xls" in err and "Traceback" not in err


# -- .doc / .wps ------------------------------------------------------------------------


def _word97_container() -> bytes:
    """An OLE2 compound document whose stream is named ``WordDocument``, as a .doc's is.

    Nothing here writes .doc files, so xlwt's compound document is used, its one stream
    renamed (the name and its length in the directory entry)."""
    import xlwt

    wb = xlwt.Workbook()
    wb.add_sheet("a").write(0, 0, "x")
    buf = io.BytesIO()
    wb.save(buf)
    data = bytearray(buf.getvalue())
    old, new = "Workbook".encode("utf-16-le"), "WordDocument".encode("utf-16-le")
    at = data.find(old)
    data[at : at + 64] = (new + b"\x00\x00").ljust(64, b"\x00")
    data[at + 64 : at + 66] = (len(new) + 2).to_bytes(2, "little")
    return bytes(data)


def test_a_doc_without_libreoffice_says_how_to_convert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    src = tmp_path / "目标表.doc"
    src.write_bytes(_word97_container())
    assert sniff(src.read_bytes(), src.name) == "doc"
    assert main(["read", str(src)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "目标表.doc" in err and "LibreOffice" in err and "另存为" in err and ".docx" in err


def _fake_soffice(bin_dir: Path, docx: Path, log: Path) -> None:
    """A stand-in for LibreOffice: records its arguments and 'converts' by copying ``docx``
    to ``<outdir>/<input stem>.docx``, as ``soffice --convert-to docx`` names its output."""
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$@" > "{log}"\n'
        'while [ $# -gt 1 ]; do [ "$1" = "--outdir" ] && out="$2"; shift; done\n'
        'stem=$(basename "$1"); stem="${stem%.*}"\n'
        f'cp "{docx}" "$out/$stem.docx"\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


def test_a_doc_is_converted_by_libreoffice_when_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, word_two_layouts: bytes
) -> None:
    converted = tmp_path / "converted.docx"
    converted.write_bytes(word_two_layouts)
    log = tmp_path / "args.txt"
    _fake_soffice(tmp_path / "bin", converted, log)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
    doc = read_bytes(_word97_container(), "目标表.wps")
    assert doc == read_bytes(word_two_layouts, "目标表.docx")
    args = log.read_text()
    assert "--headless" in args and "--convert-to docx" in args and "-env:UserInstallation=" in args


def test_a_failed_conversion_gives_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    script.write_text("#!/bin/sh\nexit 1\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(bin_dir))
    src = tmp_path / "坏.doc"
    src.write_bytes(_word97_container())
    assert main(["read", str(src)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "坏.doc" in err and "未能转换" in err
