"""Every corpus file (a layout rebuilt from a published table) reads into its hand-written
model, field for field; self-evaluation tables evaluate to their own scores or are flagged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.cli import main
from jixiao.core.formats import read_bytes
from tests.corpus.accuracy import read_case
from tests.corpus.case import Case
from tests.corpus.cases import CASES


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_corpus_file_reads_into_its_expected_model(case: Case) -> None:
    score = read_case(case)
    assert score.refused is None
    assert score.misses == []
    assert score.total > 20


def test_the_corpus_has_fifteen_layouts_with_a_source_each() -> None:
    assert len(CASES) >= 15
    sources = (Path(__file__).parent / "SOURCES.md").read_text(encoding="utf-8")
    for c in CASES:
        assert c.id in sources
    assert {c.fmt for c in CASES} == {"docx", "xlsx", "xls", "pdf"}
    assert sum(1 for c in CASES if c.fmt == "pdf") >= 2
    assert {c.kind for c in CASES} == {"goals", "self_evaluation"}


def _case(prefix: str) -> Case:
    return next(c for c in CASES if c.id.startswith(prefix))


def _write(tmp_path: Path, case: Case) -> Path:
    path = tmp_path / case.filename
    path.write_bytes(case.data())
    return path


def test_json_of_a_self_evaluation_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = _write(tmp_path, _case("c05"))
    assert main(["read", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "self_evaluation"
    p = data["projects"][0]
    assert p["execution"] == {
        "budget_initial": "120",
        "budget_adjusted": "120",
        "executed": "108",
        "rate": "90",
        "weight": "10",
        "score": "9",
    }
    i = p["indicators"][2]
    assert (i["weight"], i["actual"], i["score"], i["deviation_reason"]) == (
        "15",
        "95%",
        "14.25",
        "个别时段暂停服务",
    )
    assert p["indicators"][0]["deviation_reason"] is None


def test_goal_documents_say_so_and_department_tables_fill_the_department_part() -> None:
    case = _case("c10")
    doc = read_bytes(case.data(), case.filename)
    assert doc.kind == "goals" and doc.projects == []
    assert [i.name for i in doc.department_indicators][:2] == [
        "起草市政府工作报告等文稿",
        "公文办理差错率",
    ]
    assert doc.overall_goals == ["保障市政府机关正常运转，完成各项服务保障任务。"]
    from jixiao.core.summary import format_document

    assert format_document(doc).endswith("部门整体绩效指标 5 个")


def test_amount_written_with_text_is_read_with_a_warning_and_kept_raw() -> None:
    case = _case("c14")
    doc = read_bytes(case.data(), case.filename)
    budget = doc.projects[0].budget
    assert str(budget.total) == "120" and budget.fiscal is None
    assert budget.raw == {"total": "120万(含设备采购80万元)"}
    assert any("120万(含设备采购80万元)" in w and "按 120万元 读取" in w for w in doc.warnings)


def test_a_document_in_yuan_stays_exact_in_yuan() -> None:
    case = _case("c13")
    doc = read_bytes(case.data(), case.filename)
    assert doc.money_unit == "元"
    assert str(doc.projects[0].budget.total) == "1250000.00"
    assert str(doc.projects[0].budget.fiscal) == "1250000"


def test_midterm_values_beside_the_annual_ones_are_kept() -> None:
    case = _case("c08")
    ind = read_bytes(case.data(), case.filename).projects[0].indicators[0]
    assert (ind.target.text, ind.midterm) == ("≥12台", "≥30台")


def test_the_annual_group_beside_the_midterm_one_is_read_and_the_midterm_kept() -> None:
    case = _case("c23")
    ind = read_bytes(case.data(), case.filename).projects[0].indicators[0]
    assert (ind.target.text, ind.midterm) == ("3", "29")


def test_region_values_that_differ_give_no_single_target_and_say_so() -> None:
    case = _case("c25")
    doc = read_bytes(case.data(), case.filename)
    first = doc.projects[0].indicators[0]
    assert first.target.text == "" and first.target.value is None
    assert any("各区域指标值不同（2、3、1" in line for line in doc.explain)
    assert doc.projects[0].indicators[1].target.text == ">=95%"


def test_explain_names_each_column_and_each_skipped_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, _case("c07"))
    assert main(["read", str(path), "--explain"]) == 0
    out = capsys.readouterr().out
    assert "“长期绩效指标”→左侧标签列（不是三级指标）" in out
    assert "“指标内容”→三级指标" in out and "“备注”未使用" in out
    assert "中期/实施期绩效指标" in out
    assert "跳过“……”（模板占位行）" in out
    assert "跳过“填报人：张某”（表尾/签章/合计行）" in out
    assert "跳过“经济效益指标”下的空行" in out


def test_evaluating_a_consistent_table_reproduces_its_own_scores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, _case("c05"))
    assert main(["evaluate", str(path), "--actuals", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["table_check"] == []
    assert data["projects"][0]["score"] == "95.25"


def test_evaluating_an_inconsistent_table_flags_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, _case("c16"))
    assert main(["evaluate", str(path), "--actuals", str(path)]) == 0
    out = capsys.readouterr().out
    assert "不一致：" in out and "“接待参观人次”：表中得分 18，按评分规则应为 16.00" in out


def test_actuals_that_are_neither_records_nor_a_self_evaluation_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    goals = _write(tmp_path, _case("c13"))
    assert main(["evaluate", str(goals), "--actuals", str(goals)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "c13" in err


def test_a_table_no_line_names_is_refused_in_one_chinese_line_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.corpus.build import P, build

    case = _case("c40")
    # The same page without the headings that name its projects: no project to put it in.
    blocks = [b for b in case.blocks if not (isinstance(b, P) and b.text.endswith("绩效目标"))]
    src = tmp_path / "慈溪无标题.docx"
    src.write_bytes(build("docx", blocks))
    out = tmp_path / "out"
    out.mkdir()
    assert main(["export", str(src), "--to", "xlsx", "-o", str(out / "x.xlsx")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "慈溪无标题.docx" in err and "找不到项目名称" in err
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("3岁以下婴幼儿照护服务项目项目绩效目标", "3岁以下婴幼儿照护服务项目"),
        ("社区保洁项目绩效目标", "社区保洁项目"),
        ("（一）中长期绩效目标", None),
        ("2023年度绩效目标", None),
        ("部门整体绩效目标", None),
        ("保障学校正常运转，提升绩效目标", None),
    ],
)
def test_a_heading_names_a_project_only_when_it_is_one(line: str, name: str | None) -> None:
    from jixiao.core.formats.grid import _heading_project

    assert _heading_project(line) == name


def test_a_blank_level1_cell_follows_the_taxonomy_not_the_row_above() -> None:
    case = _case("c40")
    inds = read_bytes(case.data(), case.filename).projects[0].indicators
    assert [(i.level1, i.level2) for i in inds[4:6]] == [
        ("产出指标", "时效指标"),
        ("效益指标", "社会效益"),
    ]


def test_an_amount_block_under_a_bare_amount_header_keeps_its_parts() -> None:
    from tests.corpus.build import P, T, build

    blocks = [
        P("单位：万元"),
        T(
            [
                ["项目名称", "社区保洁", None, None],
                ["资金来源", "金额", None, None],
                ["资金总额", "100", None, None],
                ["其中：财政拨款", "80", None, None],
                ["一级指标", "二级指标", "三级指标", "指标值"],
                ["产出指标", "数量指标", "保洁面积", "≥5万平方米"],
            ]
        ),
    ]
    doc = read_bytes(build("xlsx", blocks), "保洁.xlsx")
    budget = doc.projects[0].budget
    assert (str(budget.total), str(budget.fiscal)) == ("100", "80")
