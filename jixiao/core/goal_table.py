"""The official goal document (项目绩效目标表 and the department part) as `table_model`
sections: built once here, drawn by the docx, xlsx and pdf writers alike.

Sections: the department part (or, for an export of some projects, a cover with unit and
year only), one per project (its heading, the project table with the seed's rows and
merges, the indicator table), and a spreadsheet-only flat sheet of every indicator.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.amounts import amount_text, format_amount
from jixiao.core.formats.department import DEPARTMENT_TABLE, has_department_part
from jixiao.core.model import Document, Indicator, Project
from jixiao.core.numbering import add_ordinal
from jixiao.core.table_model import Block, Cell, PageBreak, Section, Table, Text, spread

#: Grid columns of the project table (more when the spending plan has more checkpoints).
NCOLS = 7
INDICATOR_HEADER: tuple[str, ...] = (
    "一级指标",
    "二级指标",
    "三级指标",
    "绩效指标描述",
    "指标值",
    "指标值确定依据",
)
INDICATOR_WIDTHS = [13, 15, 20, 24, 12, 16]
WEIGHTED_WIDTHS = [12, 14, 18, 22, 11, 15, 8]
FLAT_SHEET = "指标明细"
FLAT_HEADER: tuple[str, ...] = (
    "序号",
    "项目编码",
    "项目名称",
    "预算数",
    *INDICATOR_HEADER,
)


def project_title(p: Project, index: int) -> str:
    return p.title or f"{p.seq or index}.{p.name}绩效目标表"


def _amount(value: Decimal | None, money_unit: str, span: int = 1) -> Cell:
    """An amount as every page writes it (`format_amount`: ``65`` → ``65.00``), the exact
    value beside it for spreadsheets."""
    return Cell(format_amount(value, money_unit), span=span, role="amount", number=value)


def _label(text: str, span: int = 1, rows: int = 1) -> Cell:
    return Cell(text, span=span, rows=rows, role="label")


def unit_line(doc: Document) -> str:
    return f"{doc.unit.code or ''}{doc.unit.name}"


def project_table(
    unit: str, money_unit: str, p: Project, absent: frozenset[str] = frozenset()
) -> Table:
    """The project table: the ``unit`` and money-unit row, 项目编码/项目名称, 预算规模及资金
    用途 over two rows, 资金支出计划（%） over two rows, 绩效目标. A part the source layout
    does not have (``absent``, `Document.absent`) is left out: no 项目编码 cells, a 预算规模
    row without the 资金用途 row."""
    months = p.spending_plan.cells
    b = p.budget
    carry = b.carryover is not None  # 上年结转资金: two more cells on the budget row
    n = max(NCOLS + 2 * carry, 1 + len(months))
    half = n // 2 + 1
    purpose = "purpose" not in absent
    rows: list[list[Cell]] = [
        [
            Cell(unit, half, role="caption"),
            Cell(f"单位：{money_unit}", n - half, role="caption", align="right"),
        ],
        [
            _label("项目编码"),
            # 21 characters need three columns to stay on one line at the table's font size.
            Cell(p.code or "", 3, role="code"),
            _label("项目名称"),
            Cell(p.name, n - 5),
        ]
        if "code" not in absent
        else [_label("项目名称"), Cell(p.name, n - 1)],
        [
            _label("预算规模及资金用途" if purpose else "预算规模", rows=2 if purpose else 1),
            _label("预算数"),
            _amount(b.total, money_unit),
            _label("其中：财政资金"),
            _amount(b.fiscal, money_unit),
            _label("其他资金"),
            *(
                (
                    _amount(b.other, money_unit),
                    _label("上年结转资金"),
                    _amount(b.carryover, money_unit, n - 8),
                )
                if carry
                else (_amount(b.other, money_unit, n - 6),)
            ),
        ],
    ]
    if purpose:
        rows.append([Cell(p.purpose or "", n - 1)])
    if months:
        spans = spread(n - 1, len(months))
        rows.append(
            [_label("资金支出计划（%）", rows=2)]
            + [_label(f"{c.month}月底", w) for c, w in zip(months, spans, strict=True)]
        )
        rows.append(
            [
                Cell(c.text or "", w, role="percent", number=c.percent, align="center")
                for c, w in zip(months, spans, strict=True)
            ]
        )
    rows.append([_label("绩效目标"), Cell(p.goals_cell(), n - 1)])
    return Table(n, rows, name=p.name)


def indicator_table(p: Project, basis: bool = True, absent: frozenset[str] = frozenset()) -> Table:
    """One row per indicator under the header; a 权重 column only if some indicator has one;
    no 指标值确定依据 column without ``basis`` (a layout without one, `Document.absent`), no
    一级/二级 column for a layout without that level (``absent``)."""
    return indicators_table(p.indicators, p.name, basis, absent)


#: The `Document.absent` part of each column of `INDICATOR_HEADER` (None: always there).
_PARTS: tuple[str | None, ...] = ("level1", "level2", None, None, None, "basis")


def _kept(basis: bool, absent: frozenset[str]) -> list[int]:
    """The indices of `INDICATOR_HEADER` a layout without the ``absent`` parts has."""
    gone = set(absent) | ({"basis"} if not basis else set())
    return [k for k, part in enumerate(_PARTS) if part not in gone]


def indicators_table(
    indicators: list[Indicator], name: str, basis: bool = True, absent: frozenset[str] = frozenset()
) -> Table:
    weighted = any(i.weight is not None for i in indicators)
    kept = _kept(basis, absent)
    header = [*(INDICATOR_HEADER[k] for k in kept), *(("权重",) if weighted else ())]
    rows = [[Cell(h, role="header") for h in header]]
    for ind in indicators:
        cells = [
            Cell(ind.level1 or ""),
            Cell(ind.level2 or ""),
            Cell(ind.name or ""),
            Cell(ind.description or ""),
            Cell(ind.target.text, align="center"),
            Cell(ind.basis or ""),
        ]
        row = [cells[k] for k in kept]
        if weighted:
            row.append(
                Cell(amount_text(ind.weight), role="number", number=ind.weight, align="center")
            )
        rows.append(row)
    widths = list(WEIGHTED_WIDTHS if weighted else INDICATOR_WIDTHS)
    # A dropped column's width goes to the column after it (to the one before, at the end).
    for k in sorted(set(range(len(INDICATOR_HEADER))) - set(kept), reverse=True):
        width = widths.pop(k)
        widths[k if k < len(widths) and k < len(INDICATOR_HEADER) - 1 else k - 1] += width
    return Table(len(header), rows, widths=widths, repeat_rows=1, name=name)


def project_section(doc: Document, index: int, p: Project) -> Section:
    blocks: list[Block] = [
        Text(project_title(p, index), "h2"),
        project_table(unit_line(doc), doc.money_unit, p, doc.absent),
        indicator_table(p, "basis" not in doc.absent, doc.absent),
    ]
    return Section(f"{p.seq or index}.{p.name}", blocks)


def department_section(doc: Document) -> Section:
    """Title (unit, year), then 一、总体绩效目标, 二、分项绩效目标, 三、工作保障措施; only
    the title for an export of some projects (a cover)."""
    blocks: list[Block] = [Text(doc.unit.name or "部门整体绩效目标", "title")]
    if doc.year is not None:
        blocks.append(Text(f"{doc.year}年度绩效目标", "subtitle"))
    if not has_department_part(doc):
        return Section("封面", blocks)
    blocks += [Text("第一部分 部门整体绩效目标", "h1"), Text("一、总体绩效目标", "h2")]
    blocks += [Text(add_ordinal(i, g)) for i, g in enumerate(doc.overall_goals, 1)]
    blocks.append(Text("二、分项绩效目标", "h2"))
    for s in doc.project_summaries:
        blocks.append(Text(f"{s.seq}.{s.name}"))
        # One paragraph per line: a reader tells them apart by the indent.
        blocks += [Text(line) for line in (s.text.splitlines() if s.text else [])]
    blocks.append(Text("三、工作保障措施", "h2"))
    blocks += [Text(add_ordinal(i, m)) for i, m in enumerate(doc.measures, 1)]
    if doc.department_indicators:
        blocks.append(Text(DEPARTMENT_TABLE, "h2"))
        blocks.append(
            indicators_table(
                doc.department_indicators, DEPARTMENT_TABLE, "basis" not in doc.absent, doc.absent
            )
        )
    if doc.projects:  # the department part alone (its own export) ends here
        blocks += [PageBreak(), Text("第二部分 预算项目绩效目标", "h1")]
    return Section("部门整体绩效目标", blocks)


def flat_section(doc: Document) -> Section:
    """Every indicator on one row with its project (a sheet to filter; spreadsheets only)."""
    kept = _kept("basis" not in doc.absent, doc.absent)
    code = "code" not in doc.absent  # no 项目编码 column for a layout without one
    project = [0, 1, 2, 3] if code else [0, 2, 3]
    header = list(FLAT_HEADER[:4])
    header[3] = f"预算数（{doc.money_unit}）"
    header = [header[k] for k in project] + [INDICATOR_HEADER[k] for k in kept]
    rows = [[Cell(h, role="header") for h in header]]
    for index, p in enumerate(doc.projects, 1):
        first = [
            Cell(str(p.seq or index), role="number", number=Decimal(p.seq or index)),
            Cell(p.code or "", role="code"),
            Cell(p.name),
            _amount(p.budget.total, doc.money_unit),
        ]
        for ind in p.indicators:
            cells = [
                Cell(ind.level1 or ""),
                Cell(ind.level2 or ""),
                Cell(ind.name or ""),
                Cell(ind.description or ""),
                Cell(ind.target.text),
                Cell(ind.basis or ""),
            ]
            rows.append([first[k] for k in project] + [cells[k] for k in kept])
    widths = [[5, 22, 24, 10][k] for k in project] + [[10, 12, 16, 24, 12, 14][k] for k in kept]
    table = Table(len(widths), rows, widths=widths, repeat_rows=1, filter=True, name=FLAT_SHEET)
    return Section(FLAT_SHEET, [table], spreadsheet_only=True)


def goal_sections(doc: Document) -> list[Section]:
    """The whole document as drawn in every format."""
    sections = [department_section(doc)]
    sections += [project_section(doc, i, p) for i, p in enumerate(doc.projects, 1)]
    sections.append(flat_section(doc))
    return sections
