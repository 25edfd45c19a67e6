"""Reading PDF goal tables: our own export reads back equal; a PDF built independently with
reportlab, in another layout, reads right; scans, PDFs without tables and damaged files get
one line and exit 2."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from jixiao.cli import main
from jixiao.core.errors import ReadError, UnsupportedFileError
from jixiao.core.formats import read_bytes, sniff, to_bytes
from jixiao.core.model import Document
from tests.formats.test_roundtrip import _diff, documents


def test_our_pdf_export_of_the_seed_reads_back_equal(seed_doc: Document) -> None:
    data = to_bytes(seed_doc, "pdf")
    assert sniff(data, "seed.pdf") == "pdf"
    back = read_bytes(data, "seed.pdf")
    assert back == seed_doc, _diff(back, seed_doc)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents())
def test_generated_documents_read_back_equal_from_pdf(doc: Document) -> None:
    back = read_bytes(to_bytes(doc, "pdf"), "generated.pdf")
    assert back == doc, _diff(back, doc)


# -- a PDF built independently -----------------------------------------------------------


def _story_pdf(story: list[Any]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    return buf.getvalue()


def _county_table(*, ruled: bool) -> bytes:
    """Another province's layout: project fields above the header in one table, 指标性质 and
    度量单位 columns, 一级/二级 merged down, amounts in 元 with thousands separators."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from jixiao.core.formats.pdf_io import chinese_font

    font = chinese_font()
    cell = ParagraphStyle("c", fontName=font, fontSize=10, leading=13, wordWrap="CJK")
    title = ParagraphStyle("t", fontName=font, fontSize=16, leading=22, alignment=1)
    rows = [
        ["项目名称", "校舍维修改造", "", "", "项目编码", "512001230000000001"],
        ["预算金额", "1,250,000.00", "其中：财政资金", "1,000,000.00", "其他资金", "250,000.00"],
        ["年度绩效目标", "完成3所学校校舍维修改造，消除安全隐患", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"],
        ["产出指标", "数量指标", "维修面积", "≥", "3000", "平方米"],
        ["", "", "维修学校数", "=", "3", "所"],
        ["", "质量指标", "验收合格率", "≥", "100", "%"],
        ["满意度指标", "服务对象满意度指标", "师生满意度", "大于等于", "90", "%"],
    ]
    data = [[Paragraph(c, cell) if c else "" for c in row] for row in rows]
    table = Table(data, colWidths=[70, 80, 90, 80, 90, 110])
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("SPAN", (1, 0), (3, 0)),
        ("SPAN", (1, 2), (5, 2)),
        ("SPAN", (0, 4), (0, 6)),
        ("SPAN", (1, 4), (1, 5)),
    ]
    if ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    table.setStyle(TableStyle(style))
    return _story_pdf(
        [
            Paragraph("某某县教育局2023年度项目支出绩效目标表", title),
            Paragraph("单位名称：512001某某县教育局", cell),
            Paragraph("金额单位：元", cell),
            Spacer(1, 6),
            table,
        ]
    )


COUNTY_INDICATORS = [
    ("产出指标", "数量指标", "维修面积", ">=", Decimal(3000), "平方米"),
    ("产出指标", "数量指标", "维修学校数", "=", Decimal(3), "所"),
    ("产出指标", "质量指标", "验收合格率", ">=", Decimal(100), "%"),
    ("满意度指标", "服务对象满意度指标", "师生满意度", ">=", Decimal(90), "%"),
]


def _indicators(doc: Document) -> list[tuple[Any, ...]]:
    return [
        (i.level1, i.level2, i.name, i.target.comparator, i.target.value, i.target.unit)
        for p in doc.projects
        for i in p.indicators
    ]


def test_a_ruled_pdf_in_another_layout_reads_right() -> None:
    doc = read_bytes(_county_table(ruled=True), "county.pdf")
    assert (doc.unit.code, doc.unit.name, doc.year, doc.money_unit) == (
        "512001",
        "某某县教育局",
        2023,
        "元",
    )
    [p] = doc.projects
    assert (p.code, p.name) == ("512001230000000001", "校舍维修改造")
    assert (p.budget.total, p.budget.fiscal, p.budget.other) == (
        Decimal("1250000.00"),
        Decimal("1000000.00"),
        Decimal("250000.00"),
    )
    assert p.goals_text == "完成3所学校校舍维修改造，消除安全隐患"
    assert _indicators(doc) == COUNTY_INDICATORS


def test_a_table_without_ruling_is_read_from_its_alignment() -> None:
    """No lines drawn: columns from the indicator header, a wrapped 三级 name joined, 一级/二级
    centred over the rows they cover read as merged down those rows."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from jixiao.core.formats.pdf_io import chinese_font

    style = ParagraphStyle("c", fontName=chinese_font(), fontSize=10, leading=13, wordWrap="CJK")
    rows = [
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"],
        ["产出指标", "数量指标", "义务教育学校校舍维修面积", "≥", "3000", "平方米"],
        ["", "", "维修学校数", "=", "3", "所"],
        ["", "质量指标", "验收合格率", "≥", "100", "%"],
        ["满意度指标", "服务对象满意度指标", "师生满意度", "大于等于", "90", "%"],
    ]
    table = Table(
        [[Paragraph(c, style) if c else "" for c in row] for row in rows],
        colWidths=[70, 80, 90, 80, 90, 90],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("SPAN", (0, 1), (0, 3)),
                ("SPAN", (1, 1), (1, 2)),
            ]
        )
    )
    data = _story_pdf(
        [
            Paragraph("某某县教育局2023年度项目支出绩效目标表", style),
            Paragraph("项目名称：校舍维修改造", style),
            Spacer(1, 6),
            table,
            Paragraph("注：指标值由单位填报，审核意见另附。", style),
        ]
    )
    doc = read_bytes(data, "unruled.pdf")
    assert [p.name for p in doc.projects] == ["校舍维修改造"]
    expected = [("产出指标", "数量指标", "义务教育学校校舍维修面积", *COUNTY_INDICATORS[0][3:])]
    assert _indicators(doc) == expected + COUNTY_INDICATORS[1:]


def test_a_ruled_project_table_above_an_unruled_indicator_table() -> None:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from jixiao.core.formats.pdf_io import chinese_font

    style = ParagraphStyle("c", fontName=chinese_font(), fontSize=10, leading=13, wordWrap="CJK")

    def table(rows: list[list[str]], widths: list[int]) -> Any:
        return Table([[Paragraph(c, style) for c in row] for row in rows], colWidths=widths)

    top = table([["项目名称", "社区保洁", "预算数（万元）", "12.5"]], [80, 160, 100, 100])
    top.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    indicators = table(
        [
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "保洁面积", "≥12万平方米"],
            ["满意度指标", "服务对象满意度指标", "居民满意度", "≥90%"],
        ],
        [80, 110, 120, 100],
    )
    doc = read_bytes(_story_pdf([top, Spacer(1, 8), indicators]), "mixed.pdf")
    [p] = doc.projects
    assert (p.name, p.budget.total) == ("社区保洁", Decimal("12.5"))
    assert [(i.level1, i.level2, i.name, i.target.text) for i in p.indicators] == [
        ("产出指标", "数量指标", "保洁面积", "≥12万平方米"),
        ("满意度指标", "服务对象满意度指标", "居民满意度", "≥90%"),
    ]


def test_a_table_split_over_pages_loses_its_repeated_header(seed_doc: Document) -> None:
    """A project with many indicators runs over several pages; the header that reportlab
    repeats on each page is not an indicator, and no indicator is lost or doubled."""
    import copy

    doc = copy.deepcopy(seed_doc)
    doc.projects = doc.projects[:1]
    doc.project_summaries = doc.project_summaries[:1]
    p = doc.projects[0]
    p.indicators = [copy.deepcopy(p.indicators[k % len(p.indicators)]) for k in range(60)]
    for k, ind in enumerate(p.indicators):
        ind.name = f"服务事项{k + 1:02d}"
    data = to_bytes(doc, "pdf")
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(data)).pages) >= 4
    back = read_bytes(data, "long.pdf")
    assert back == doc, _diff(back, doc)


# -- bad input ---------------------------------------------------------------------------


def scanned_pdf() -> bytes:
    """A page that is only a picture, as a scanner makes it."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    png = io.BytesIO()
    Image.new("L", (40, 60), 200).save(png, "PNG")
    png.seek(0)
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawImage(ImageReader(png), 50, 50, 400, 600)
    c.showPage()
    c.save()
    return buf.getvalue()


def pdf_without_tables() -> bytes:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from jixiao.core.formats.pdf_io import chinese_font

    style = ParagraphStyle("b", fontName=chinese_font(), fontSize=11, leading=16)
    return _story_pdf([Paragraph("关于召开绩效管理工作会议的通知", style)])


def corrupt_pdf() -> bytes:
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" + b"\x00garbage" * 50


@pytest.mark.parametrize(
    ("name", "make", "error", "words"),
    [
        ("scan.pdf", scanned_pdf, UnsupportedFileError, "扫描件（没有文字层）"),
        ("notice.pdf", pdf_without_tables, ReadError, "没有找到表格"),
        ("broken.pdf", corrupt_pdf, ReadError, "已损坏"),
    ],
)
def test_unreadable_pdf_gives_one_line_and_status_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    make: Any,
    error: type[Exception],
    words: str,
) -> None:
    data = make()
    with pytest.raises(error):
        read_bytes(data, name)
    src = tmp_path / name
    src.write_bytes(data)
    assert main(["read", str(src)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert name in err and words in err and "Traceback" not in err


def _unruled_long_table(repeat_header: bool) -> bytes:
    """An indicator table without ruling, too long for one page: reportlab splits it at the
    page break, with or without repeating its header on the next page."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from jixiao.core.formats.pdf_io import chinese_font

    style = ParagraphStyle("c", fontName=chinese_font(), fontSize=10, leading=13, wordWrap="CJK")
    rows = [["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"]]
    rows += [["产出指标", "数量指标", f"维修学校{k}数", "≥", str(k), "所"] for k in range(1, 61)]
    table = Table(
        [[Paragraph(c, style) for c in row] for row in rows],
        colWidths=[70, 80, 90, 80, 90, 90],
        repeatRows=1 if repeat_header else 0,
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return _story_pdf(
        [
            Paragraph("某某县教育局2023年度项目支出绩效目标表", style),
            Paragraph("项目名称：校舍维修改造", style),
            Spacer(1, 6),
            table,
        ]
    )


@pytest.mark.parametrize("repeat_header", [False, True])
def test_a_table_without_ruling_goes_on_over_the_page_break(repeat_header: bool) -> None:
    data = _unruled_long_table(repeat_header)
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 2  # the table does run over onto the next page
    doc = read_bytes(data, "unruled-long.pdf")
    [p] = doc.projects
    assert [(i.level1, i.name, i.target.value) for i in p.indicators] == [
        ("产出指标", f"维修学校{k}数", Decimal(k)) for k in range(1, 61)
    ]
