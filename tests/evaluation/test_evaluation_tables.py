"""The 项目支出绩效自评表 and the unit summary, exported to docx, xlsx and pdf: the numbers
read back from each file are the scores `evaluate` computed."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest

from jixiao.cli import main
from jixiao.core.actual_values import parse_actual
from jixiao.core.errors import WriteError
from jixiao.core.evaluation import Actual, BudgetRecord, evaluate
from jixiao.core.evaluation.export import to_bytes, write
from jixiao.core.evaluation.tables import (
    FUND_ROWS,
    Cell,
    Funds,
    Table,
    placed,
    project_table,
    report_tables,
    summary_table,
)
from jixiao.core.formats.xlsx_io import number_text

D = Decimal
REASON = "资金拨付滞后，下年度提前申请"


@pytest.fixture(scope="module")
def scored(seed_doc):
    """Projects 1 and 2 of the seed scored: 1 in full with a low execution, 2 missing a line."""
    p1, p2 = seed_doc.projects[0], seed_doc.projects[1]
    actuals = [Actual(p1.code, 1, parse_actual("80"), "人员调整，年中离职 2 人")]
    actuals += [Actual(p1.code, n, parse_actual("100")) for n in (2, 3)]
    actuals += [Actual(p2.code, 1, parse_actual("100"))]
    budgets = [
        BudgetRecord(p1.code, D("2.28"), D("2.50"), D("2.00"), REASON),
        BudgetRecord(p2.code, None, D("15.96"), D("15.96")),
    ]
    return evaluate(seed_doc, actuals, budgets)


def test_hand_computed_project_one(scored):
    # Execution 2.00 / 2.50 = 80 % → 8.00 of 10; indicator 1 (产出, 50): 80/100 → 40.00.
    p = scored.projects[0]
    assert (p.execution_rate, p.budget_score) == (D("80.00"), D("8.00"))
    assert [ln.score for ln in p.lines] == [D("40.00"), D("30.00"), D("10.00")]
    assert (p.score, p.grade) == (D("88.00"), "良")


def cells(table: Table) -> dict[str, list[str]]:
    """Row label (first own cell text) → the texts of the row."""
    out = {}
    for line in placed(table):
        texts = [c.text for _, c, covered in line if not covered]
        if texts:
            out.setdefault(texts[0], texts)
    return out


def test_project_table_layout(seed_doc, scored):
    t = project_table(seed_doc, seed_doc.projects[0], scored.projects[0], achieved="已完成")
    rows = cells(t)
    assert rows["年度资金总额"] == ["年度资金总额", "2.28", "2.50", "2.00", "10", "80.00%", "8.00"]
    # Breakdown defaults: the document's fiscal money as 年初预算数, nothing else invented.
    assert rows["其中：本年财政拨款"][:4] == ["其中：本年财政拨款", "2.28", "", ""]
    assert rows["上年结转资金"][:4] == ["上年结转资金", "", "", ""]
    assert rows["产出指标"] == [
        "产出指标",
        "数量指标",
        "工资发放人数",
        "≥100",
        "80",
        "50.00",
        "40.00",
        "人员调整，年中离职 2 人",
    ]
    assert rows["总分"] == ["总分", "100", "88.00", "自评等级：良"]
    texts = [c.text for row in t.rows for c in row]
    goals = texts.index("实际完成情况") + 1
    assert texts[goals].startswith("1.完成社区残疾人各项保障") and texts[goals + 1] == "已完成"


def test_breakdown_rows_as_given(seed_doc, scored):
    funds = {FUND_ROWS[2]: Funds(D("1"), D("1.5"), D("1.2"))}
    t = project_table(seed_doc, seed_doc.projects[0], scored.projects[0], funds=funds)
    rows = cells(t)
    assert rows["上年结转资金"][:4] == ["上年结转资金", "1.00", "1.50", "1.20"]
    assert rows["其中：本年财政拨款"][1] == ""


def test_incomplete_project_says_so(seed_doc, scored):
    t = project_table(seed_doc, seed_doc.projects[1], scored.projects[1])
    assert cells(t)["总分"][-1].endswith("（未完成）")


def test_summary_rollup_line(scored):
    t = summary_table(scored)
    rows = cells(t)
    assert len(t.rows) == 1 + 36 + 2
    assert rows["1"][1:] == [
        "13021322P00000410179E",
        "残疾人专职委员队伍建设",
        "2.50",
        "2.00",
        "80.00%",
        "88.00",
        "良",
    ]
    assert rows["2"][-3:] == ["100.00%", "60.00", "中（未完成）"]
    total = next(v for k, v in rows.items() if k.startswith("合计"))
    assert total[1:5] == ["2.50", "2.00", "80.00%", "88.00"]
    note = t.rows[-1][0].text
    assert (
        "已评 1/36" in note
        and "未开始 34 个" in note
        and "良 1 个" in note
        and "13021322P000004101777" in note
    )
    # 35 incomplete projects: the note names the first 20 and counts them all.
    assert note.endswith(" 等 35 个。") and "13021322P00000410157F" not in note


def test_placed_refuses_a_short_row():
    with pytest.raises(ValueError, match="列"):
        placed(Table("表", "", "表", 3, [[Cell("a", span=2)]]))


def test_vertical_span_covers_rows_below():
    t = Table("表", "", "表", 2, [[Cell("a", rows=2), Cell("b")], [Cell("c")]])
    assert [[(c, cell.text, cov) for c, cell, cov in line] for line in placed(t)] == [
        [(0, "a", False), (1, "b", False)],
        [(0, "a", True), (1, "c", False)],
    ]


# -- the three files ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def tables(seed_doc, scored):
    return report_tables(seed_doc, scored)[:3]  # summary + projects 1 and 2


def test_docx_numbers(tables):
    import docx

    d = docx.Document(io.BytesIO(to_bytes(tables, "docx")))
    assert len(d.tables) == 3
    summary, first = d.tables[0], d.tables[1]
    assert [c.text for c in summary.rows[1].cells][-3:] == ["80.00%", "88.00", "良"]
    by_label = {r.cells[1].text: [c.text for c in r.cells] for r in first.rows}
    assert by_label["年度资金总额"][4:] == ["2.28", "2.50", "2.00", "10", "80.00%", "8.00"]
    assert "自评等级：良" in [c.text for c in first.rows[-1].cells]
    # East Asian font names are set as in the goal-document writer.
    with zipfile.ZipFile(io.BytesIO(to_bytes(tables, "docx"))) as z:
        styles = z.read("word/styles.xml").decode()
    assert 'w:eastAsia="宋体"' in styles and 'w:eastAsia="仿宋"' in styles


def test_xlsx_numbers_read_back_exactly(tables):
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(to_bytes(tables, "xlsx")))
    assert wb.sheetnames[:2] == ["汇总", "1.残疾人专职委员队伍建设"]
    ws = wb["1.残疾人专职委员队伍建设"]
    rows = {r[1].value: r for r in ws.iter_rows(min_row=3)}
    total = rows["年度资金总额"]
    shown = [number_text(c.value, c.number_format) for c in total[4:7]]
    assert shown == ["2.28", "2.50", "2.00"]
    assert number_text(total[9].value, total[9].number_format) == "8.00"
    last = next(iter(ws.iter_rows(min_row=ws.max_row, values_only=True)))
    assert last[0] == "总分" and last[7] == 88 and last[8] == "自评等级：良"
    assert wb["汇总"]["H4"].value == "良"


def test_pdf_text(tables):
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(to_bytes(tables, "pdf")))
    assert len(pdf.pages) >= 3
    text = "".join(page.extract_text() for page in pdf.pages)
    for expected in ("项目支出绩效自评表", "项目支出绩效自评结果汇总表", "88.00", "80.00%"):
        assert expected in text
    assert "偏差原因分析及改进措施" in text.replace("\n", "")


def test_unknown_format(tables):
    with pytest.raises(WriteError, match="不支持"):
        to_bytes(tables, "odt")


def test_write_is_atomic(tmp_path, tables):
    out = tmp_path / "自评表.docx"
    out.write_bytes(b"old")
    with pytest.raises(WriteError):
        write(tables, out, "odt")
    assert out.read_bytes() == b"old" and list(tmp_path.iterdir()) == [out]
    write(tables, out)
    assert out.read_bytes()[:2] == b"PK"


# -- the command -------------------------------------------------------------------------


@pytest.fixture
def inputs(tmp_path, seed_doc):
    p1 = seed_doc.projects[0]
    actuals = tmp_path / "actuals.csv"
    actuals.write_text(
        f"project_code,indicator,actual\n{p1.code},1,80\n{p1.code},2,100\n{p1.code},3,100\n",
        encoding="utf-8",
    )
    budget = tmp_path / "budget.csv"
    budget.write_text(
        f"project_code,budget_initial,budget_adjusted,executed\n{p1.code},2.28,2.50,2.00\n",
        encoding="utf-8",
    )
    return actuals, budget


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_evaluate_export_command(tmp_path, seed_path, inputs, fmt, capsys):
    out = tmp_path / f"out.{fmt}"
    args = ["evaluate", str(seed_path), "--actuals", str(inputs[0]), "--budget", str(inputs[1])]
    assert main([*args, "--export", fmt, "-o", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    data = out.read_bytes()
    if fmt == "pdf":
        from pypdf import PdfReader

        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages[:3])
    elif fmt == "docx":
        import docx

        d = docx.Document(io.BytesIO(data))
        text = "".join(c.text for t in d.tables[:2] for r in t.rows for c in r.cells)
    else:
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data))
        text = "".join(
            str(v) for ws in wb.worksheets[:2] for r in ws.iter_rows(values_only=True) for v in r
        )
    assert "88.00" in text or "88" in text
    assert "项目支出绩效自评" in text or "项目名称" in text


def test_export_to_an_unwritable_place(tmp_path, seed_path, inputs, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    args = ["evaluate", str(seed_path), "--actuals", str(inputs[0])]
    assert main([*args, "--export", "pdf", "-o", str(blocker / "out.pdf")]) == 2
    err = capsys.readouterr().err
    assert "无法写入" in err and "Traceback" not in err


def test_export_needs_output(seed_path, inputs, capsys):
    args = ["evaluate", str(seed_path), "--actuals", str(inputs[0]), "--export", "pdf"]
    assert main(args) == 2
    assert "-o" in capsys.readouterr().err


def test_a_table_taller_than_a_page_splits_in_pdf(seed_doc):
    """reportlab cannot split inside a merged cell: the long table is laid out without
    vertical merges instead of failing."""
    import dataclasses

    from pypdf import PdfReader

    p = seed_doc.projects[0]
    p = dataclasses.replace(p, indicators=p.indicators * 20)  # 60 indicator rows
    doc = dataclasses.replace(seed_doc, projects=[p])
    score = evaluate(doc, [], []).projects[0]
    table = project_table(doc, p, score)
    pdf = PdfReader(io.BytesIO(to_bytes([table], "pdf")))
    assert len(pdf.pages) >= 2
    text = "".join(page.extract_text() for page in pdf.pages)
    assert text.count("≥100") == 60 and "自评等级" in text
