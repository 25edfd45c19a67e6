"""A table row split over a page break reads as one row; a new row at the top of a page
stays a row of its own, even when its 一级/二级 cells are blank (merged from the page before).

The PDFs are drawn with reportlab, independently of our writer: a split drawn open at the
break (reportlab's ``splitInRow``) and one drawn closed (two tables, as other writers do).
"""

from __future__ import annotations

import io
from typing import Any

from jixiao.core.formats import read_bytes, to_bytes
from jixiao.core.model import Document
from tests.corpus.build import P, Sheet, T, to_pdf

HEAD = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
LONG = "全年接受社区养老服务的居民人数，按街道登记台账逐月统计，" * 14
PROJECT = [
    P("1.社区养老服务绩效目标表"),
    P("314003唐山市曹妃甸区希望路街道办事处 单位：万元"),
]


def _rows(names: range, long_at: int | None = None) -> list[list[Any]]:
    return [
        [
            "产出指标",
            "数量指标",
            f"服务人数{k}",
            LONG if k == long_at else "全年服务人数",
            "≥120人",
            "计划标准",
        ]
        for k in names
    ]


def _split_in_row(rows: list[list[Any]]) -> bytes:
    """One table after enough text that its long row is split at the foot of page 1."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from jixiao.core.formats.pdf_io import chinese_font

    font = chinese_font()
    body = ParagraphStyle("b", fontName=font, fontSize=10, leading=13, wordWrap="CJK")
    cell = ParagraphStyle("c", fontName=font, fontSize=9, leading=11, wordWrap="CJK")
    story: list[Any] = [Paragraph(b.text, body) for b in PROJECT]
    story += [Paragraph("说明文字" * 10, body) for _ in range(36)]
    data = [[Paragraph(v, cell) for v in r] for r in [HEAD, *rows]]
    table = Table(data, colWidths=[60, 70, 90, 140, 60, 70], splitInRow=1)
    table.setStyle(
        TableStyle(
            [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        )
    )
    story.append(table)
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    return buf.getvalue()


def _indicators(data: bytes) -> list[tuple[str | None, ...]]:
    [p] = read_bytes(data, "split.pdf").projects
    return [(i.level1, i.level2, i.name, i.description, i.target.text) for i in p.indicators]


def test_a_row_drawn_open_over_the_page_break_is_one_row() -> None:
    from pypdf import PdfReader

    data = _split_in_row(_rows(range(6), long_at=3))
    assert len(PdfReader(io.BytesIO(data)).pages) == 2
    got = _indicators(data)
    assert [g[2] for g in got] == [f"服务人数{k}" for k in range(6)]
    assert got[3] == ("产出指标", "数量指标", "服务人数3", LONG, "≥120人")


def test_a_row_drawn_closed_on_each_page_is_one_row() -> None:
    # The rest of row 3 heads page 2 under the repeated header: blank 一级/二级, 三级 and
    # 指标值, the description going on.
    head, rest = LONG[:60], LONG[60:]
    first = [*_rows(range(3)), ["产出指标", "数量指标", "服务人数3", head, "≥120人", "计划标准"]]
    data = to_pdf(
        [
            *PROJECT,
            T([HEAD, *first]),
            Sheet("2"),
            T([HEAD, [None, None, None, rest, None, None], *_rows(range(4, 6))]),
        ]
    )
    got = _indicators(data)
    assert [g[2] for g in got] == [f"服务人数{k}" for k in range(6)]
    assert got[3][3] == LONG


def test_a_new_row_under_a_merged_level_is_not_joined_to_the_row_above() -> None:
    # 一级/二级 merged over the break: the first row of page 2 has them blank, but it names
    # its indicator and gives its value, so it is a row of its own.
    data = to_pdf(
        [
            *PROJECT,
            T([HEAD, *_rows(range(3))], ["A2:A4", "B2:B4"]),
            Sheet("2"),
            T([HEAD, [None, None, "服务人数3", "全年服务人数", "≥120人", "计划标准"]]),
        ]
    )
    got = _indicators(data)
    assert [g[2] for g in got] == [f"服务人数{k}" for k in range(4)]
    assert got[3] == ("产出指标", "数量指标", "服务人数3", "全年服务人数", "≥120人")


def test_a_row_with_levels_at_the_top_of_a_page_is_a_new_row() -> None:
    data = to_pdf(
        [
            *PROJECT,
            T([HEAD, *_rows(range(3))]),
            Sheet("2"),
            T([HEAD, ["效益指标", "社会效益指标", "", "居民受益", "", ""]]),
        ]
    )
    got = _indicators(data)
    assert [g[2] for g in got] == [f"服务人数{k}" for k in range(3)] + [None]
    assert got[3][:2] == ("效益指标", "社会效益指标")


def test_our_export_of_a_row_taller_than_a_page_reads_back_equal(tall_row_doc: Document) -> None:
    # Our writer splits such a row over three pages (``splitInRow``).
    doc = tall_row_doc
    assert read_bytes(to_bytes(doc, "pdf"), "long.pdf") == doc
