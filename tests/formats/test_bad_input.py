"""Bad input: one clear Chinese line naming the file and the place, exit 2, nothing written."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from jixiao.cli import main


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def corrupt_zip() -> bytes:
    return b"PK\x03\x04" + b"\x14\x00\x00\x00garbage" * 40


def docx_without_goal_tables() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("会议纪要")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "参会人", "张三"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def payroll_workbook() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "工资表"
    ws.append(["姓名", "基本工资", "绩效工资", "实发"])
    ws.append(["张三", 3000, 1200.5, 4200.5])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def macro_workbook() -> bytes:
    src = zipfile.ZipFile(io.BytesIO(payroll_workbook()))
    entries = {n: src.read(n) for n in src.namelist()}
    entries["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + b"\x00" * 100
    return _zip(entries)


def password_protected() -> bytes:
    # An encrypted .xlsx is an OLE compound file holding EncryptionInfo/EncryptedPackage.
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096


def zip_bomb() -> bytes:
    return _zip({"word/document.xml": b"<" + b"\x00" * (20 * 1024 * 1024)})


def broken_workbook() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<not-closed"})


def broken_docx_xml() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document"})


CASES: list[tuple[str, Callable[[], bytes], str, str]] = [
    ("corrupt.docx", corrupt_zip, "已损坏", "corrupt.docx"),
    ("minutes.docx", docx_without_goal_tables, "没有找到绩效目标表", "全文共 1 个表格"),
    ("payroll.xlsx", payroll_workbook, "没有找到绩效目标表", "工作表 “工资表”"),
    ("macro.xlsm", macro_workbook, "含宏", "macro.xlsm"),
    ("locked.xlsx", password_protected, "密码", "locked.xlsx"),
    ("bomb.docx", zip_bomb, "压缩炸弹", "bomb.docx"),
    ("broken.xlsx", broken_workbook, "已损坏", "broken.xlsx"),
    ("broken.docx", broken_docx_xml, "已损坏", "broken.docx"),
]


@pytest.mark.parametrize(("name", "make", "words", "place"), CASES)
@pytest.mark.parametrize("command", ["read", "export"])
def test_bad_file_gives_one_chinese_line_and_status_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    make: Callable[[], bytes],
    words: str,
    place: str,
    command: str,
) -> None:
    src = tmp_path / name
    src.write_bytes(make())
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    argv = [command, str(src)]
    if command == "export":
        argv += ["--to", "docx", "-o", str(out_dir / "result.docx")]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert err.startswith("错误：文件“")
    assert name in err and words in err and place in err
    assert "Traceback" not in err
    assert list(out_dir.iterdir()) == []  # nothing written, no .part left behind


def test_oversized_file_is_refused_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "huge.xlsx"
    with src.open("wb") as f:
        f.write(b"PK\x03\x04")
        f.truncate(60 * 1024 * 1024)  # sparse: no disk used
    out = tmp_path / "out.docx"
    assert main(["export", str(src), "--to", "docx", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "huge.xlsx" in err and "过大" in err
    assert not out.exists()


def test_failing_writer_leaves_no_file(
    seed_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jixiao.core.errors import WriteError
    from jixiao.core.formats import xlsx_io

    def broken(doc: object) -> bytes:
        raise WriteError("测试：写出失败")

    monkeypatch.setattr(xlsx_io, "write_bytes", broken)
    out = tmp_path / "seed.xlsx"
    assert main(["export", str(seed_path), "--to", "xlsx", "-o", str(out)]) == 2
    assert "写出失败" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_bad_amount_in_a_cell_is_a_warning_naming_the_cell_not_a_refusal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], workbook_per_sheet: bytes
) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(workbook_per_sheet))
    wb["项目1"]["C4"] = "两万元"
    src = tmp_path / "bad-amount.xlsx"
    wb.save(src)
    # One odd amount cell never refuses the document: it is left blank with a warning.
    assert main(["read", str(src), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert "bad-amount.xlsx" in err and "单元格 C4" in err and "两万元" in err
    assert err.startswith("警告：") and err.count("\n") == 1
    assert '"total": null' in out
