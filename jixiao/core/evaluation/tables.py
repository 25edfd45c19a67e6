"""The published tables of self-evaluation: 项目支出绩效自评表 (one per project, domain.md
§6) and the unit summary (all projects with a roll-up line), as format-neutral grids.

A `Table` is rows of `table_model.Cell`s under a title; `jixiao.core.evaluation.export`
draws it with the same renderers as the goal tables, so the three files always agree.

Where the inputs are silent: the breakdown rows (其中本年财政拨款 / 上年结转资金 / 其他资金)
show what the caller gives in ``funds``; without it, 本年财政拨款 and 其他资金 show the
document's budget (财政资金 / 其他资金) as 年初预算数 and the other figures stay blank.
分值, 执行率 and 得分 belong to the 年度资金总额 row only, as in the official form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.core.amounts import format_amount
from jixiao.core.evaluation.report import NOT_STARTED, EvaluationReport, ProjectScore
from jixiao.core.model import Document, Indicator, Project
from jixiao.core.table_model import Cell, Section, Text, placed
from jixiao.core.table_model import Table as GridTable

__all__ = ["Cell", "Funds", "Table", "placed", "project_table", "report_tables", "summary_table"]

TITLE = "项目支出绩效自评表"
SUMMARY_TITLE = "项目支出绩效自评结果汇总表"
FUND_ROWS: tuple[str, ...] = ("年度资金总额", "其中：本年财政拨款", "上年结转资金", "其他资金")
FISCAL, CARRYOVER, OTHER = FUND_ROWS[1], FUND_ROWS[2], FUND_ROWS[3]
PROJECT_COLUMNS = 10
#: Incomplete projects named in the summary's note (the table lists them all anyway).
MAX_LISTED = 20
SUMMARY_HEADER: tuple[str, ...] = (
    "序号",
    "项目编码",
    "项目名称",
    "全年预算数",
    "全年执行数",
    "执行率",
    "自评得分",
    "自评等级",
)


@dataclass(frozen=True)
class Table:
    title: str
    subtitle: str  # year and unit line under the title
    sheet_name: str  # spreadsheet tab
    ncols: int
    rows: list[list[Cell]]
    money_unit: str = "万元"
    #: Relative column widths (PDF); docx and xlsx use them too.
    widths: list[int] = field(default_factory=list)
    #: Header rows repeated on every page of a long table (PDF).
    repeat_rows: int = 0

    def section(self) -> Section:
        """The table under its title and subtitle, as the renderers draw it: one sheet in
        Excel, one page (or more) in Word and PDF."""
        grid = GridTable(
            self.ncols, self.rows, list(self.widths), self.repeat_rows, name=self.title
        )
        return Section(
            self.sheet_name, [Text(self.title, "title"), Text(self.subtitle, "subtitle"), grid]
        )


@dataclass(frozen=True)
class Funds:
    """年初预算数 / 全年预算数 / 全年执行数 of one funding row, in the money unit."""

    initial: Decimal | None = None
    adjusted: Decimal | None = None
    executed: Decimal | None = None


def _num(value: Decimal | None, *, align: str = "right") -> Cell:
    text = "" if value is None else format(value, "f")
    return Cell(text, number=value, role="number", align=align)


def _code(code: str | None, *, span: int = 1) -> Cell:
    return Cell(code or "", span=span, role="code")


def _score(score: ProjectScore) -> Cell:
    """The total score, or 未开始's ``—`` (never a 0.00 that reads as a result)."""
    if score.status == NOT_STARTED:
        return Cell(score.score_text, align="center")
    return _num(score.score, align="center")


def _money(value: Decimal | None) -> Cell:
    return Cell(format_amount(value), number=value, role="amount")


def _percent(value: Decimal | None) -> Cell:
    return Cell("" if value is None else f"{value:f}%", role="percent", align="right")


def _fund_rows(
    project: Project, score: ProjectScore, funds: Mapping[str, Funds] | None
) -> list[list[Cell]]:
    b = score.budget
    total = Funds(
        b.budget_initial if b and b.budget_initial is not None else project.budget.total,
        b.budget_adjusted if b else None,
        b.executed if b else None,
    )
    given = dict(funds or {})
    if funds is None:
        given = {FISCAL: Funds(project.budget.fiscal), OTHER: Funds(project.budget.other)}
    header = [
        Cell("项目资金", rows=1 + len(FUND_ROWS), role="label"),
        Cell("", span=3, role="label"),
        *(Cell(h, role="label") for h in ("年初预算数", "全年预算数", "全年执行数", "分值")),
        *(Cell(h, role="label") for h in ("执行率", "得分")),
    ]
    rows = [header]
    for label in FUND_ROWS:
        f = total if label == FUND_ROWS[0] else given.get(label, Funds())
        line = [Cell(label, span=3, role="label"), _money(f.initial), _money(f.adjusted)]
        line.append(_money(f.executed))
        if label == FUND_ROWS[0]:
            line += [
                _num(score.budget_weight, align="center"),
                _percent(score.execution_rate),
                _num(score.budget_score, align="center"),
            ]
        else:
            line += [Cell("—", align="center") for _ in range(3)]
        rows.append(line)
    return rows


def project_table(
    doc: Document,
    project: Project,
    score: ProjectScore,
    *,
    achieved: str = "",
    reasons: Mapping[int, str] | None = None,
    funds: Mapping[str, Funds] | None = None,
) -> Table:
    """The 项目支出绩效自评表 of one project.

    ``achieved`` is the 实际完成情况 of the year's goals; ``reasons`` the 偏差原因分析及改进
    措施 per indicator number (default: the reasons given where the rules require one);
    ``funds`` the breakdown rows by label (`FUND_ROWS`).
    """
    given: dict[int, str] = {}
    for r in score.reasons_required:
        if r.indicator is not None and r.given:
            given[r.indicator] = r.given
    given.update(reasons or {})
    unit = f"{doc.unit.code or ''} {doc.unit.name}".strip()
    rows: list[list[Cell]] = [
        [Cell("项目名称", span=2, role="label"), Cell(project.name, span=8)],
        [
            Cell("实施单位", span=2, role="label"),
            Cell(doc.unit.name, span=3),
            Cell("项目编码", span=2, role="label"),
            _code(project.code, span=3),
        ],
    ]
    rows += _fund_rows(project, score, funds)
    rows += _goals_and_indicators(project.goals_cell(), achieved, project.indicators, score, given)
    year = f"（{doc.year}年度）" if doc.year else ""
    return Table(
        title=TITLE,
        subtitle=f"{year}单位：{unit}　金额单位：{doc.money_unit}",
        sheet_name=f"{project.seq or ''}.{project.name}",
        ncols=PROJECT_COLUMNS,
        rows=rows,
        money_unit=doc.money_unit,
        widths=[6, 8, 8, 11, 11, 11, 10, 9, 12, 14],
    )


def summary_table(report: EvaluationReport) -> Table:
    """All projects of a unit: code, name, budget, executed, rate, score, grade; roll-up."""
    rows: list[list[Cell]] = [[Cell(h, role="label") for h in SUMMARY_HEADER]]
    for i, p in enumerate(report.projects, 1):
        b = p.budget
        rows.append(
            [
                Cell(str(p.seq or i), align="center"),
                _code(p.code),
                Cell(p.name),
                _money(b.budget_adjusted if b else None),
                _money(b.executed if b else None),
                _percent(p.execution_rate),
                _score(p),
                Cell(p.grade_text, align="center"),
            ]
        )
    r = report.rollup
    rows.append(
        [
            Cell(f"合计（{r.coverage}，只计评分完整的项目）", span=3, role="label"),
            _money(r.budget_adjusted),
            _money(r.executed),
            _percent(r.execution_rate),
            _num(r.weighted_average, align="center"),
            Cell("", align="center"),
        ]
    )
    grades = "，".join(f"{g} {n} 个" for g, n in r.grades.items())
    notes = [
        f"共 {r.projects} 个项目，{r.coverage}（评分完整），未完成 {r.provisional} 个，"
        f"未开始 {r.not_started} 个。",
        f"平均得分：按全年预算数加权 {_text(r.weighted_average)}，简单平均 {_text(r.average)}。",
        f"等级分布：{grades}。",
    ]
    if r.incomplete:
        # A bounded list: one table row cannot split across pages.
        shown = "、".join(r.incomplete[:MAX_LISTED])
        more = f" 等 {len(r.incomplete)} 个" if len(r.incomplete) > MAX_LISTED else ""
        notes.append(f"未完成或未开始（不计入合计和平均）：{shown}{more}。")
    rows.append([Cell("\n".join(notes), span=len(SUMMARY_HEADER))])
    year = f"（{report.year}年度）" if report.year else ""
    unit = f"{report.unit_code or ''} {report.unit_name}".strip()
    return Table(
        title=SUMMARY_TITLE,
        subtitle=f"{year}单位：{unit}　金额单位：{report.money_unit}",
        sheet_name="汇总",
        ncols=len(SUMMARY_HEADER),
        rows=rows,
        money_unit=report.money_unit,
        widths=[4, 19, 25, 10, 10, 9, 8, 10],
        repeat_rows=1,
    )


def _text(value: Decimal | None) -> str:
    return "—" if value is None else format(value, "f")


def report_tables(
    doc: Document,
    report: EvaluationReport,
    *,
    achieved: Mapping[str, str] | None = None,
) -> list[Table]:
    """The unit summary followed by every project's 自评表 (``achieved`` by project code)."""
    tables = [summary_table(report)]
    for project, score in zip(doc.projects, report.projects, strict=True):
        text = (achieved or {}).get(project.code or "", "")
        tables.append(project_table(doc, project, score, achieved=text))
    return tables


def table_texts(tables: Sequence[Table]) -> list[str]:
    """Every non-empty cell text, in order (tests and search)."""
    return [c.text for t in tables for row in t.rows for c in row if c.text]


def _goals_and_indicators(
    goals: str,
    achieved: str,
    indicators: Sequence[Indicator],
    score: ProjectScore,
    given: Mapping[int, str],
) -> list[list[Cell]]:
    """The 年度总体目标 rows, the indicator table and the 总分 row of a 自评表 (a project's
    and the department's share them)."""
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    rows: list[list[Cell]] = [
        [
            Cell("年度总体目标", rows=2, role="label"),
            Cell("预期目标", span=5, role="label"),
            Cell("实际完成情况", span=4, role="label"),
        ],
        [Cell(goals, span=5), Cell(achieved, span=4)],
        [
            Cell("绩效指标", rows=1 + len(indicators), role="label"),
            *(Cell(h, role="label") for h in header),
            Cell("偏差原因分析及改进措施", span=2, role="label"),
        ],
    ]
    for ind, line in zip(indicators, score.lines, strict=True):
        rows.append(
            [
                Cell(ind.level1 or ""),
                Cell(ind.level2 or ""),
                Cell(ind.name or ""),
                Cell(ind.target.text),
                Cell(line.actual or ""),
                _num(line.weight, align="center"),
                _num(line.score, align="center"),
                Cell(given.get(line.indicator, ""), span=2),
            ]
        )
    rows.append(
        [
            Cell("总分", span=6, role="label"),
            _num(Decimal(100), align="center"),
            _score(score),
            Cell(f"自评等级：{score.grade_text}", span=2, align="center"),
        ]
    )
    return rows
