"""Word and Excel files of several layouts, built independently in conftest.py, read into
the expected model."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core.formats import read_bytes, sniff
from jixiao.core.model import Document, PlanCell, Unit


def _read(data: bytes, name: str) -> Document:
    return read_bytes(data, name)


def _rows(doc: Document, seq: int) -> list[tuple[object, ...]]:
    p = doc.project_by_seq(seq)
    assert p is not None
    return [
        (i.level1, i.level2, i.name, i.description, i.target.text, i.basis, i.weight)
        for i in p.indicators
    ]


# -- Word ------------------------------------------------------------------------------


def test_word_department_part_and_unit(word_two_layouts: bytes) -> None:
    doc = _read(word_two_layouts, "two.docx")
    assert doc.unit == Unit(code="314009", name="示范街道办事处")
    assert doc.money_unit == "万元"
    assert doc.year == 2023
    assert doc.overall_goals == ["做好社区保洁。", "办好便民服务。"]
    assert [(s.seq, s.name, s.text) for s in doc.project_summaries] == [
        (1, "社区保洁", "保持社区整洁。")
    ]
    assert doc.measures == ["加强领导。"]


def test_word_one_table_with_merges(word_two_layouts: bytes) -> None:
    p = _read(word_two_layouts, "two.docx").projects[0]
    assert (p.seq, p.code, p.name, p.title) == (
        1,
        "13021323P00000420001A",
        "社区保洁",
        "1.社区保洁绩效目标表",
    )
    assert (p.budget.total, p.budget.fiscal, p.budget.other) == (
        Decimal("12.50"),
        Decimal("12.50"),
        None,
    )
    assert p.purpose == "保洁人员工资\n保洁工具"
    assert p.spending_plan.cells == [
        PlanCell(3, "25%", Decimal(25)),
        PlanCell(6, None, None),
        PlanCell(10, "75%", Decimal(75)),
        PlanCell(12, "100%", Decimal(100)),
    ]
    assert p.goals == ["道路干净", "居民满意"]


def test_word_vertical_merges_fill_down_and_merged_columns_read_once(
    word_two_layouts: bytes,
) -> None:
    doc = _read(word_two_layouts, "two.docx")
    assert _rows(doc, 1) == [
        ("产出指标", "数量指标", "保洁面积", "保洁覆盖面积", "≥12万平方米", "计划标准", None),
        ("产出指标", "数量指标", "保洁频次", "每日清扫次数", "≥2次", "行业标准", None),
        ("产出指标", "时效指标", "完成时限", "全年持续", "12个月", "计划标准", None),
        ("满意度指标", "服务对象满意度指标", "居民满意度", "问卷调查", "≥90%", "历史标准", None),
    ]


def test_word_other_wording_and_extra_columns(word_two_layouts: bytes) -> None:
    doc = _read(word_two_layouts, "two.docx")
    p = doc.projects[1]
    assert (p.seq, p.name, p.goals) == (2, "便民服务", ["办好便民服务"])
    # ``250万`` carries its unit; the document's unit is 万元 already.
    assert (p.budget.total, p.budget.fiscal) == (Decimal(250), Decimal(200))
    assert p.spending_plan.cells == []
    # 指标性质 and 度量单位 fold into the target; the empty 生态效益指标 line is no indicator.
    assert _rows(doc, 2) == [
        ("产出指标", "数量指标", "服务人次", None, "≥5000人次", "计划标准", Decimal(30)),
        ("满意度指标", "服务对象满意度指标", "群众满意度", None, "≥95%", "行业标准", Decimal(10)),
    ]
    t = p.indicators[0].target
    assert (t.comparator, t.value, t.unit) == (">=", Decimal(5000), "人次")


# -- Excel -----------------------------------------------------------------------------


def test_workbook_per_sheet_typed_numbers_and_percent_formats(workbook_per_sheet: bytes) -> None:
    doc = _read(workbook_per_sheet, "per-sheet.xlsx")
    assert doc.unit == Unit(code="314003", name="唐山市曹妃甸区希望路街道办事处")
    assert len(doc.projects) == 1  # the payroll sheet beside it adds nothing
    p = doc.projects[0]
    # 1.4 formatted 0.00 keeps its two decimals.
    assert str(p.budget.total) == "1.40" and str(p.budget.fiscal) == "1.40"
    assert p.budget.other is None
    assert p.purpose == "建国前老党员生活补贴"
    assert p.spending_plan.cells == [
        PlanCell(3, "40%", Decimal(40)),
        PlanCell(6, None, None),
        PlanCell(10, "87.5%", Decimal("87.5")),
        PlanCell(12, "100%", Decimal(100)),
    ]
    assert p.goals_text == "1.按时发放补贴\n2.老党员满意"
    assert _rows(doc, 1) == [
        ("产出指标", "数量指标", "发放人数", "补贴发放人数", "=3人", "计划标准", None),
        ("产出指标", "时效指标", "发放及时率", "按月发放", "100%", "计划标准", None),
        ("满意度指标", "服务对象满意度指标", "老党员满意度", "回访", "95%", "历史标准", None),
    ]


def test_workbook_flat_national_export(workbook_flat_export: bytes) -> None:
    doc = _read(workbook_flat_export, "flat.xlsx")
    assert doc.unit == Unit(code=None, name="示范区教育局")
    assert doc.year == 2023
    # Two projects: merged-down and repeated project cells; the 合计 row is no project.
    assert [(p.seq, p.code, p.name, p.budget.total, p.goals) for p in doc.projects] == [
        (1, "13021323P00000500001A", "校舍维修", Decimal("120.50"), ["完成校舍维修"]),
        (2, "13021323P00000500002B", "学生资助", Decimal("80.00"), ["资助应助尽助"]),
    ]
    assert _rows(doc, 1) == [
        ("产出指标", "数量指标", "维修面积", None, "≥3000平方米", "计划标准", None),
        ("产出指标", "质量指标", "验收合格率", None, "100%", "行业标准", None),
        ("满意度指标", "服务对象满意度指标", "师生满意度", None, "90%", "历史标准", None),
    ]
    assert [i.name for i in doc.projects[1].indicators] == ["资助人数", "辍学率"]


def test_workbook_stacked_blocks_without_code_or_levels_in_yuan(
    workbook_stacked_blocks: bytes,
) -> None:
    doc = _read(workbook_stacked_blocks, "stacked.xlsx")
    assert doc.money_unit == "元"
    assert [(p.seq, p.code, p.name, p.budget.total) for p in doc.projects] == [
        (1, None, "老年食堂运营补贴", Decimal("3309840.00")),
        # ``250万`` converted exactly into the document's unit (元).
        (2, None, "社区微更新", Decimal(2500000)),
    ]
    assert _rows(doc, 1) == [
        (None, None, "服务老人人次", None, "≥36000人次", None, Decimal(20)),
        (None, None, "老人满意度", None, "≥90%", None, Decimal(10)),
        (None, None, "覆盖社区数", None, "＝12个", None, Decimal(10)),
        (None, None, "服务质量", None, "良好", None, Decimal(10)),
    ]
    assert _rows(doc, 2) == [(None, None, "改造点位", None, "≥8处", None, Decimal(30))]
    assert doc.projects[0].goals == ["保障辖区老人就餐"]


@pytest.mark.parametrize(
    ("fixture", "name", "kind"),
    [
        ("word_two_layouts", "no-extension", "docx"),
        ("workbook_per_sheet", "misnamed.docx", "xlsx"),
        ("workbook_flat_export", "misnamed.txt", "xlsx"),
    ],
)
def test_reader_is_picked_from_content_not_extension(
    fixture: str, name: str, kind: str, request: pytest.FixtureRequest
) -> None:
    data = request.getfixturevalue(fixture)
    assert sniff(data, name) == kind
    assert read_bytes(data, name).projects


def test_workbook_two_row_header(workbook_two_row_header: bytes) -> None:
    doc = _read(workbook_two_row_header, "two-row.xlsx")
    assert doc.money_unit == "元"
    assert [(p.code, p.name, p.budget.total) for p in doc.projects] == [
        (None, "路灯维护", Decimal(56000))
    ]
    assert _rows(doc, 1) == [
        ("产出指标", "数量指标", "维护路灯数", None, "≥300盏", None, None),
        ("满意度指标", "服务对象满意度指标", "居民满意度", None, "≥90%", None, None),
    ]


def test_word_stacked_blocks_named_by_paragraphs(word_stacked_paragraphs: bytes) -> None:
    doc = _read(word_stacked_paragraphs, "stacked.docx")
    assert doc.money_unit == "元"
    assert [(p.seq, p.code, p.name, p.budget.total, p.title) for p in doc.projects] == [
        (1, None, "垃圾清运", Decimal("1200000.00"), None),
        (2, None, "绿化养护", Decimal("300000.00"), None),
    ]
    assert [i.target.text for p in doc.projects for i in p.indicators] == [
        "≥5000吨",
        "≥20000平方米",
        "≥95%",
    ]


@pytest.mark.parametrize(
    ("line", "unit", "money_unit"),
    [
        (
            "314003唐山市曹妃甸区希望路街道办事处\t\t单位：万元",
            Unit("314003", "唐山市曹妃甸区希望路街道办事处"),
            "万元",
        ),
        ("编制单位（盖章）：示范区财政局    金额单位：元", Unit(None, "示范区财政局"), "元"),
        ("单位名称：示范区教育局", Unit(None, "示范区教育局"), "万元"),
    ],
)
def test_unit_line_as_a_paragraph(line: str, unit: Unit, money_unit: str) -> None:
    import io

    import docx

    d = docx.Document()
    d.add_paragraph("1.路灯维护绩效目标表")
    d.add_paragraph(line)
    t = d.add_table(rows=2, cols=4)
    for c, text in enumerate(("项目编码", "", "项目名称", "路灯维护")):
        t.cell(0, c).text = text
    t.cell(1, 0).text, t.cell(1, 1).text = "预算数", "5.00"
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "三级指标", "指标值"
    t.cell(1, 0).text, t.cell(1, 1).text = "维护路灯数", "≥300盏"
    buf = io.BytesIO()
    d.save(buf)
    doc = _read(buf.getvalue(), "unit.docx")
    assert (doc.unit, doc.money_unit) == (unit, money_unit)
    p = doc.projects[0]
    assert (p.code, p.name, p.budget.total) == (None, "路灯维护", Decimal("5.00"))


def test_word_cells_inside_content_controls_are_read() -> None:
    import io

    import docx
    from docx.oxml import OxmlElement

    d = docx.Document()
    d.add_paragraph("1.路灯维护绩效目标表")
    t = d.add_table(rows=1, cols=4)
    for c, text in enumerate(("项目编码", "13021323P00000420009Z", "项目名称", "路灯维护")):
        t.cell(0, c).text = text
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "三级指标", "指标值"
    t.cell(1, 0).text, t.cell(1, 1).text = "维护路灯数", "≥300盏"
    tc = t.cell(1, 1)._tc  # wrap the value cell in a content control (w:sdt)
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    tc.addprevious(sdt)
    content.append(tc)
    sdt.append(content)
    buf = io.BytesIO()
    d.save(buf)
    doc = _read(buf.getvalue(), "sdt.docx")
    assert [(i.name, i.target.text) for i in doc.projects[0].indicators] == [
        ("维护路灯数", "≥300盏")
    ]


def test_project_named_in_one_cell_before_anything_else() -> None:
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目名称：路灯维护"])
    ws.append(["指标", "指标值"])
    ws.append(["维护路灯数", "≥300盏"])
    buf = io.BytesIO()
    wb.save(buf)
    doc = _read(buf.getvalue(), "one-cell.xlsx")
    assert [(p.name, len(p.indicators)) for p in doc.projects] == [("路灯维护", 1)]


def test_a_target_whose_unit_contradicts_the_unit_column_is_warned_about() -> None:
    # ``90%`` under a 计量单位 column saying ``人``: the target keeps its own unit (what the
    # review judges) and the reader says which cell disagrees; agreeing units stay quiet.
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目名称", "社区养老服务", None, None, None, None])
    ws.append(["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "计量单位"])
    ws.append(["产出指标", "数量指标", "服务老人", "≥", "90%", "人"])
    ws.append(["满意度指标", "服务对象满意度指标", "服务对象满意度", "≥", "90", "百分比"])
    ws.append(["产出指标", "质量指标", "验收合格率", "≥", "95%", "%"])
    out = io.BytesIO()
    wb.save(out)
    doc = read_bytes(out.getvalue(), "a.xlsx")
    clashes = [w for w in doc.warnings if "计量单位" in w]
    assert clashes == ["工作表“Sheet” 第 3 行：指标值“90%”的单位“%”与计量单位“人”不一致"]
    assert doc.projects[0].indicators[0].target.text == "≥90%"
