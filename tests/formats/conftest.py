"""Word and Excel files built here with python-docx and openpyxl, independently of our writers.

Each fixture is a layout a unit really uses: the official tables with merges (one table or
two), other units' header wording and extra columns, the national system's flat export, and
stacked blocks with no 项目编码 and no levels, amounts in 元.
"""

from __future__ import annotations

import io
from typing import Any

import pytest


def _docx_bytes(d: Any) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _xlsx_bytes(wb: Any) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _fill(cell: Any, text: str) -> None:
    """Set a (possibly merged) cell's text, leaving one paragraph per line."""
    lines = text.split("\n")
    for p in cell.paragraphs[1:]:
        p._element.getparent().remove(p._element)
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


@pytest.fixture(scope="session")
def word_two_layouts() -> bytes:
    """Project 1: one table holding project and indicators, 一级/二级 merged down.
    Project 2: separate tables, other wording (项目支出名称, 年度指标值, 绩效标准), extra
    columns 指标性质 / 度量单位 / 权重, and an unused 生态效益指标 template line."""
    import docx

    d = docx.Document()
    d.add_paragraph("第一部分 部门整体绩效目标")
    d.add_paragraph("一、总体绩效目标")
    d.add_paragraph("一是做好社区保洁。")
    d.add_paragraph("二是办好便民服务。")
    d.add_paragraph("二、分项绩效目标")
    d.add_paragraph("1.社区保洁")
    d.add_paragraph("保持社区整洁。")
    d.add_paragraph("三、工作保障措施")
    d.add_paragraph("一是加强领导。")
    d.add_heading("1.社区保洁绩效目标表", level=2)

    t = d.add_table(rows=12, cols=7)
    _fill(t.cell(0, 0).merge(t.cell(0, 3)), "314009示范街道办事处")
    _fill(t.cell(0, 4).merge(t.cell(0, 6)), "单位：万元")
    _fill(t.cell(1, 0), "项目编码")
    _fill(t.cell(1, 1).merge(t.cell(1, 2)), "13021323P00000420001A")
    _fill(t.cell(1, 3), "项目名称")
    _fill(t.cell(1, 4).merge(t.cell(1, 6)), "社区保洁")
    _fill(t.cell(2, 0).merge(t.cell(3, 0)), "预算规模及资金用途")
    for c, text in enumerate(["预算数", "12.50", "其中：财政资金", "12.50", "其他资金", ""], 1):
        _fill(t.cell(2, c), text)
    _fill(t.cell(3, 1).merge(t.cell(3, 6)), "保洁人员工资\n保洁工具")
    _fill(t.cell(4, 0).merge(t.cell(5, 0)), "资金支出计划（%）")
    for c, (head, value) in enumerate(
        [("3月底", "25%"), ("6月底", ""), ("10月底", "75%"), ("12月底", "100%")], 1
    ):
        _fill(t.cell(4, c), head)
        _fill(t.cell(5, c), value)
    _fill(t.cell(4, 5).merge(t.cell(4, 6)), "")
    _fill(t.cell(6, 0), "绩效目标")
    _fill(t.cell(6, 1).merge(t.cell(6, 6)), "1.道路干净\n2.居民满意")
    header = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
    for c, h in enumerate(header):
        _fill(t.cell(7, c), h)
    _fill(t.cell(7, 5).merge(t.cell(7, 6)), "指标值确定依据")
    rows = [
        ("保洁面积", "保洁覆盖面积", "≥12万平方米", "计划标准"),
        ("保洁频次", "每日清扫次数", "≥2次", "行业标准"),
        ("完成时限", "全年持续", "12个月", "计划标准"),
        ("居民满意度", "问卷调查", "≥90%", "历史标准"),
    ]
    for r, values in enumerate(rows, 8):
        for c, text in enumerate(values, 2):
            _fill(t.cell(r, c), text)
        t.cell(r, 5).merge(t.cell(r, 6))
    _fill(t.cell(8, 0).merge(t.cell(10, 0)), "产出指标")
    _fill(t.cell(8, 1).merge(t.cell(9, 1)), "数量指标")
    _fill(t.cell(10, 1), "时效指标")
    _fill(t.cell(11, 0), "满意度指标")
    _fill(t.cell(11, 1), "服务对象满意度指标")

    d.add_paragraph("2.便民服务绩效目标表")
    t2 = d.add_table(rows=3, cols=4)
    for r, values in enumerate(
        [
            ("项目编码", "13021323P00000420002B", "项目支出名称", "便民服务"),
            ("预算数", "250万", "其中：财政资金", "200"),
            ("年度绩效目标", "办好便民服务", "", ""),
        ]
    ):
        for c, text in enumerate(values):
            _fill(t2.cell(r, c), text)
    t3 = d.add_table(rows=4, cols=8)
    head = [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "年度指标值",
        "度量单位",
        "权重",
        "绩效标准",
    ]
    body = [
        ("产出指标", "数量指标", "服务人次", "≥", "5000", "人次", "30", "计划标准"),
        ("效益指标", "生态效益指标", "", "", "", "", "", ""),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "大于等于", "95", "%", "10", "行业标准"),
    ]
    for r, values in enumerate([head, *body]):
        for c, text in enumerate(values):
            _fill(t3.cell(r, c), text)
    return _docx_bytes(d)


def _number(ws: Any, ref: str, value: Any, fmt: str) -> None:
    ws[ref] = value
    ws[ref].number_format = fmt


@pytest.fixture(scope="session")
def workbook_per_sheet() -> bytes:
    """Official layout, one project per sheet: merged ranges, typed amounts, 0% fractions."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目1"
    ws["A1"] = "1.建国前老党员生活补贴绩效目标表"
    ws.merge_cells("A1:G1")
    ws["A2"] = "314003唐山市曹妃甸区希望路街道办事处"
    ws.merge_cells("A2:D2")
    ws["E2"] = "单位：万元"
    ws.merge_cells("E2:G2")
    ws["A3"], ws["B3"], ws["D3"], ws["E3"] = (
        "项目编码",
        "13021322P00000410190M",
        "项目名称",
        "建国前老党员生活补贴",
    )
    ws.merge_cells("B3:C3")
    ws.merge_cells("E3:G3")
    ws["A4"] = "预算规模及资金用途"
    ws.merge_cells("A4:A5")
    ws["B4"], ws["D4"], ws["F4"] = "预算数", "其中：财政资金", "其他资金"
    _number(ws, "C4", 1.4, "0.00")
    _number(ws, "E4", 1.4, "0.00")
    ws["B5"] = "建国前老党员生活补贴"
    ws.merge_cells("B5:G5")
    ws["A6"] = "资金支出计划（%）"
    ws.merge_cells("A6:A7")
    for col, month in zip("BCDE", ("3月底", "6月底", "10月底", "12月底"), strict=True):
        ws[f"{col}6"] = month
    _number(ws, "B7", 0.4, "0%")
    _number(ws, "D7", 0.875, "0.0%")
    _number(ws, "E7", 1, "0%")
    ws["A8"], ws["B8"] = "绩效目标", "1.按时发放补贴\n2.老党员满意"
    ws.merge_cells("B8:G8")
    header = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
    for c, h in enumerate(header, 1):
        ws.cell(row=10, column=c, value=h)
    rows = [
        ("产出指标", "数量指标", "发放人数", "补贴发放人数", "=3人", "计划标准"),
        (None, "时效指标", "发放及时率", "按月发放", None, "计划标准"),
        ("满意度指标", "服务对象满意度指标", "老党员满意度", "回访", None, "历史标准"),
    ]
    for r, values in enumerate(rows, 11):
        for c, v in enumerate(values, 1):
            ws.cell(row=r, column=c, value=v)
    ws["E11"].data_type = "s"  # a text, not a formula
    ws.merge_cells("A11:A12")  # 产出指标 merged down over two rows
    _number(ws, "E12", 1, "0%")
    _number(ws, "E13", 0.95, "0%")
    ws2 = wb.create_sheet("工资")  # a sheet with no goal table is passed over
    ws2.append(["姓名", "基本工资"])
    ws2.append(["张三", 3000])
    return _xlsx_bytes(wb)


@pytest.fixture(scope="session")
def workbook_flat_export() -> bytes:
    """The national system's flat export: one row per indicator, project fields merged down
    (project A) or repeated (project B), an unused template line and a 合计 row."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目支出绩效目标"
    ws["A1"] = "2023年度项目支出绩效目标申报表"
    ws["A2"] = "单位名称：示范区教育局"
    header = [
        "项目编码",
        "项目名称",
        "预算数（万元）",
        "年度绩效目标",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "指标值确定依据",
    ]
    ws.append(header)
    code_a, code_b = "13021323P00000500001A", "13021323P00000500002B"
    rows = [
        (
            code_a,
            "校舍维修",
            120.5,
            "完成校舍维修",
            "产出指标",
            "数量指标",
            "维修面积",
            "≥3000平方米",
            "计划标准",
        ),
        (None, None, None, None, None, "质量指标", "验收合格率", 1, "行业标准"),
        (None, None, None, None, "效益指标", "生态效益指标", None, None, None),
        (None, None, None, None, "满意度指标", "服务对象满意度指标", "师生满意度", 0.9, "历史标准"),
        (
            code_b,
            "学生资助",
            80,
            "资助应助尽助",
            "产出指标",
            "数量指标",
            "资助人数",
            "≥500人",
            "计划标准",
        ),
        (
            code_b,
            "学生资助",
            80,
            "资助应助尽助",
            "效益指标",
            "社会效益指标",
            "辍学率",
            "≤1%",
            "行业标准",
        ),
        ("合计", None, 200.5, None, None, None, None, None, None),
    ]
    for values in rows:
        ws.append(list(values))
    for r in range(4, 11):
        ws.cell(row=r, column=3).number_format = "0.00"
        ws.cell(row=r, column=8).number_format = "0%"
    for col in "ABCD":
        ws.merge_cells(f"{col}4:{col}7")
    return _xlsx_bytes(wb)


@pytest.fixture(scope="session")
def workbook_stacked_blocks() -> bytes:
    """Blocks stacked down one sheet, no 项目编码 and no 一级/二级, amounts in 元:
    ``指标 | 指标权重 | 计量单位 | 指标性质 | 指标值``."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "绩效目标"
    ws.append(["项目绩效目标表"])
    ws.append(["金额单位：元"])
    ws.append(["项目名称", "老年食堂运营补贴", "预算金额", 3309840])
    ws["D3"].number_format = "#,##0.00"
    ws.append(["年度目标", "保障辖区老人就餐"])
    ws.append(["指标", "指标权重", "计量单位", "指标性质", "指标值"])
    ws.append(["服务老人人次", 20, "人次", "≥", 36000])
    ws.append(["老人满意度", 10, "%", "≥", 0.9])
    ws["E7"].number_format = "0%"
    ws.append(["覆盖社区数", 10, "个", "=", 12])
    ws.append(["服务质量", 10, None, "定性", "良好"])
    ws.append([])
    ws.append(["项目名称", "社区微更新", "预算金额", "250万"])
    ws.append(["指标", "指标权重", "计量单位", "指标性质", "指标值"])
    ws.append(["改造点位", 30, "处", "≥", "8"])
    ws.append(["合计", 30, None, None, None])
    return _xlsx_bytes(wb)


@pytest.fixture(scope="session")
def workbook_two_row_header() -> bytes:
    """A flat export whose header spans two rows: ``绩效指标`` over 一级/二级/三级."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目名称", "预算数（元）", "绩效指标", None, None, "指标值"])
    ws.append([None, None, "一级指标", "二级指标", "三级指标", None])
    for col in "ABF":
        ws.merge_cells(f"{col}1:{col}2")
    ws.merge_cells("C1:E1")
    ws.append(["路灯维护", 56000, "产出指标", "数量指标", "维护路灯数", "≥300盏"])
    ws.append(["路灯维护", 56000, "满意度指标", "服务对象满意度指标", "居民满意度", "≥90%"])
    return _xlsx_bytes(wb)


@pytest.fixture(scope="session")
def word_stacked_paragraphs() -> bytes:
    """Word blocks named by a ``项目名称：…`` paragraph, tables without codes or levels."""
    import docx

    d = docx.Document()
    d.add_paragraph("金额单位：元")
    for name, amount, rows in (
        ("垃圾清运", "1,200,000.00", [("清运量", "吨", "≥", "5000")]),
        (
            "绿化养护",
            "300,000.00",
            [("养护面积", "平方米", "≥", "20000"), ("成活率", "%", "≥", "95")],
        ),
    ):
        d.add_paragraph(f"项目名称：{name}")
        t = d.add_table(rows=1, cols=2)
        t.cell(0, 0).text, t.cell(0, 1).text = "预算金额", amount
        t = d.add_table(rows=1 + len(rows), cols=4)
        for c, h in enumerate(("指标", "计量单位", "指标性质", "指标值")):
            t.cell(0, c).text = h
        for r, values in enumerate(rows, 1):
            for c, v in enumerate(values):
                t.cell(r, c).text = v
    return _docx_bytes(d)


@pytest.fixture
def tall_row_doc(seed_doc: Any) -> Any:
    """The seed's first project alone, its first indicator's description longer than a PDF page."""
    import dataclasses

    project = dataclasses.replace(seed_doc.projects[0])
    first = dataclasses.replace(project.indicators[0], description="测试文字" * 700)
    project.indicators = [first, *project.indicators[1:]]
    return dataclasses.replace(
        seed_doc,
        projects=[project],
        project_summaries=[],
        overall_goals=[],
        measures=[],
        department_indicators=[],
    )
