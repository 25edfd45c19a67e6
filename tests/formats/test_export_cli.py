"""``jixiao export``: every format from the seed, read back where a reader exists."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from jixiao.cli import main
from jixiao.core.formats import read
from jixiao.core.model import Document


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "json"])
def test_export_then_read_gives_the_same_document(
    seed_path: Path, seed_doc: Document, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"seed.{fmt}"
    assert main(["export", str(seed_path), "--to", fmt, "-o", str(out)]) == 0
    assert read(out) == seed_doc


def test_export_chains_between_formats(seed_path: Path, seed_doc: Document, tmp_path: Path) -> None:
    docx, xlsx = tmp_path / "a.docx", tmp_path / "b.xlsx"
    assert main(["export", str(seed_path), "--to", "docx", "-o", str(docx)]) == 0
    assert main(["export", str(docx), "--to", "xlsx", "-o", str(xlsx)]) == 0
    assert read(xlsx) == seed_doc


def test_export_text_and_json_output(seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "seed.json"
    assert main(["export", str(seed_path), "--to", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["projects"]) == 36
    txt = tmp_path / "seed.txt"
    assert main(["export", str(out), "--to", "text", "-o", str(txt)]) == 0
    assert "1.残疾人专职委员队伍建设绩效目标表" in txt.read_text(encoding="utf-8")


def test_export_refuses_to_overwrite_its_input(
    tmp_path: Path, seed_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "seed.json"
    assert main(["export", str(seed_path), "--to", "json", "-o", str(src)]) == 0
    before = src.read_bytes()
    assert main(["export", str(src), "--to", "json", "-o", str(src)]) == 2
    assert "与输入文件相同" in capsys.readouterr().err
    assert src.read_bytes() == before


def test_docx_is_a4_with_chinese_fonts(seed_path: Path, tmp_path: Path) -> None:
    import docx
    from docx.oxml.ns import qn

    out = tmp_path / "seed.docx"
    assert main(["export", str(seed_path), "--to", "docx", "-o", str(out)]) == 0
    d = docx.Document(str(out))
    section = d.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    east_asia = d.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia"))
    assert east_asia == "仿宋"
    cell_fonts = {
        s.element.rPr.rFonts.get(qn("w:eastAsia")) for s in d.styles if s.name == "表格文字"
    }
    assert cell_fonts == {"宋体"}
    fonts = zipfile.ZipFile(out).read("word/fontTable.xml").decode()
    assert 'w:name="仿宋"' in fonts and 'w:val="FangSong"' in fonts
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 2"]
    assert headings[:3] == ["一、总体绩效目标", "二、分项绩效目标", "三、工作保障措施"]
    assert headings[3] == "1.残疾人专职委员队伍建设绩效目标表"
    assert len(d.tables) == 72  # a project table and an indicator table per project
    first = d.tables[0]
    assert first.cell(2, 0).text == first.cell(3, 0).text == "预算规模及资金用途"  # merged down
    assert first.cell(0, 4).text == "单位：万元"


def test_xlsx_has_department_project_and_flat_sheets(seed_path: Path, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "seed.xlsx"
    assert main(["export", str(seed_path), "--to", "xlsx", "-o", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    names = wb.sheetnames
    assert names[0] == "部门整体绩效目标" and names[-1] == "指标明细"
    assert len(names) == 38
    ws = wb[names[1]]
    assert ws["C4"].value == pytest.approx(2.28) and ws["C4"].number_format == "0.00"
    assert ws["B7"].value == pytest.approx(0.25) and ws["B7"].number_format == "0%"
    assert "A4:A5" in {str(r) for r in ws.merged_cells.ranges}
    flat = wb["指标明细"]
    header = [c.value for c in flat[1]]
    assert header[:4] == ["序号", "项目编码", "项目名称", "预算数（万元）"]
    assert flat.max_row == 1 + 108  # one row per indicator
    assert flat.auto_filter.ref


def test_export_without_output_writes_next_to_cwd_and_never_clobbers(
    seed_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", str(seed_path), "--to", "xlsx"]) == 0
    out = tmp_path / f"{seed_path.stem}.xlsx"
    assert out.is_file()
    before = out.read_bytes()
    assert main(["export", str(seed_path), "--to", "xlsx"]) == 2
    assert "已存在" in capsys.readouterr().err
    assert out.read_bytes() == before
