"""Department-wide self-evaluation (部门整体支出绩效自评): the department indicator table
scored by the project rules, the budget line rolled up from the projects, the roll-up beside
the projects' average, and the 部门整体支出绩效自评表."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl

from jixiao.core.actual_values import parse_actual
from jixiao.core.evaluation import (
    COMPLETE,
    NOT_STARTED,
    PROVISIONAL,
    Actual,
    BudgetRecord,
    EvaluationConfig,
    department_execution,
    rollup,
    score_department,
    score_project,
    unit_result,
)
from jixiao.core.evaluation.department_table import TITLE, department_table
from jixiao.core.evaluation.export import to_xlsx
from jixiao.core.evaluation.tables import placed
from jixiao.core.model import Budget, Document, Indicator, Project, Unit
from jixiao.core.targets import parse_target

D = Decimal
CONFIG = EvaluationConfig()


def indicators() -> list[Indicator]:
    rows = [("产出指标", "≥100件"), ("效益指标", "≥90%"), ("满意度指标", "≥90%")]
    return [
        Indicator(level1, None, f"部门指标{i}", None, parse_target(t), None)
        for i, (level1, t) in enumerate(rows, 1)
    ]


def actuals(*values: str) -> dict[int, Actual]:
    return {n: Actual("部门整体", n, parse_actual(v)) for n, v in enumerate(values, 1) if v}


def project_score(code: str, figures: tuple[str, str, str] | None):
    """A scored project with one met output indicator and the given year-end figures."""
    p = Project(
        1,
        code,
        code,
        Budget(D(100)),
        indicators=[Indicator("产出指标", None, "x", None, parse_target("≥1"), None)],
    )
    record = BudgetRecord(code, *map(D, figures)) if figures else None
    return score_project(
        p, {1: Actual(code, 1, parse_actual("1"))} if figures else {}, record, CONFIG
    )


def test_execution_rolls_up_the_projects_figures():
    ex = department_execution(
        [project_score("P1", ("100", "100", "90")), project_score("P2", ("40", "50", "50"))]
    )
    assert (ex.budget_initial, ex.budget_adjusted, ex.executed) == (D(140), D(150), D(140))
    assert ex.complete and ex.coverage == "已计 2/2"


def test_department_scored_by_the_project_rules():
    ex = department_execution(
        [project_score("P1", ("100", "100", "90")), project_score("P2", ("50", "50", "50"))]
    )
    score = score_department(indicators(), actuals("120件", "80%", "95%"), ex, CONFIG)
    # By hand: 140/150 × 10 = 9.33; output met 50; effect 80/90 × 30 = 26.67; satisfaction 10.
    assert score.budget_score == D("9.33")
    assert [ln.score for ln in score.lines] == [D("50.00"), D("26.67"), D("10.00")]
    assert (score.score, score.grade, score.status) == (D("96.00"), "优", COMPLETE)
    # Exactly what a project with the same table and the rolled-up figures would score.
    same = score_project(
        Project(None, None, "部门整体", Budget(D(150)), indicators=indicators()),
        actuals("120件", "80%", "95%"),
        BudgetRecord("部门整体", D(140), D(150), D(140)),
        CONFIG,
    )
    assert (same.score, [ln.score for ln in same.lines]) == (
        score.score,
        [ln.score for ln in score.lines],
    )
    assert ("missed", 2) in {(r.kind, r.indicator) for r in score.reasons_required}


def test_a_project_without_figures_keeps_the_department_provisional():
    ex = department_execution(
        [project_score("P1", ("100", "100", "60")), project_score("P2", None)]
    )
    assert (ex.budget_adjusted, ex.executed, ex.coverage) == (D(100), D(60), "已计 1/2")
    score = score_department(
        indicators(), actuals("100件", "90%", "90%"), ex, CONFIG, reason="拨付滞后"
    )
    assert score.missing == ["projects:1"]
    assert score.status == PROVISIONAL and score.grade_text.endswith("（未完成）")
    assert "1 个项目的全年预算数或全年执行数" in score.missing_text
    low = [r for r in score.reasons_required if r.kind == "execution_low"]
    assert low and low[0].given == "拨付滞后"


def test_an_empty_indicator_table_is_named_missing():
    ex = department_execution([project_score("P1", ("100", "100", "100"))])
    score = score_department([], {}, ex, CONFIG)
    assert score.missing == ["indicators"]
    assert score.score == D("10.00") and "部门整体绩效指标" in score.missing_text


def test_nothing_entered_is_not_started():
    ex = department_execution([project_score("P1", None)])
    score = score_department(indicators(), {}, ex, CONFIG)
    assert score.status == NOT_STARTED and score.score_text == "—"


def test_unit_result_counts_department_and_projects_apart():
    projects = [project_score("P1", ("100", "100", "100")), project_score("P2", None)]
    ex = department_execution(projects)
    dept = score_department(indicators(), actuals("100件", "90%", "90%"), ex, CONFIG)
    result = unit_result(dept, rollup(projects, CONFIG))
    assert result.project_coverage == "已评 1/2"
    assert result.department_coverage == "已评 0/1"
    assert result.coverage == "已评 1/3"
    assert result.projects.average == D("100.00")


def test_department_table_in_the_official_layout():
    projects = [project_score("P1", ("100", "100", "90"))]
    dept = score_department(
        indicators(), actuals("120件", "80%", "95%"), department_execution(projects), CONFIG
    )
    doc = Document(Unit("314003", "希望路街道办事处"), 2022, overall_goals=["目标甲", "目标乙"])
    table = department_table(
        doc,
        indicators(),
        unit_result(dept, rollup(projects, CONFIG)),
        achieved="已完成",
        reasons={2: "受天气影响"},
    )
    assert table.title == TITLE == "部门整体支出绩效自评表"
    grid = placed(table)  # every row fills the ten columns
    assert all(len({c for c, _, _ in row}) == len(row) for row in grid)
    texts = [c.text for row in table.rows for c in row]
    for expected in (
        "年度资金总额",
        "其中：基本支出",
        "项目支出",
        "1.目标甲\n2.目标乙",
        "受天气影响",
    ):
        assert expected in texts
    assert "自评等级：优" in texts
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx([table]))).active
    cells = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert cells[0] == "部门整体支出绩效自评表"
    numbers = [D(str(v)) for v in cells if isinstance(v, (int, float))]
    assert dept.score == D("95.67") and dept.score in numbers  # 9.00 + 50 + 26.67 + 10


def test_not_started_until_the_department_enters_a_value():
    ex = department_execution([project_score("P1", ("100", "100", "100"))])
    assert score_department(indicators(), {}, ex, CONFIG).status == NOT_STARTED
    entered = score_department(indicators(), actuals("100件"), ex, CONFIG)
    assert entered.status == PROVISIONAL
