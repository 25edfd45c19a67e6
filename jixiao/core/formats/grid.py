"""Rows of cells → `Document`: the layout engine shared by every table format.

A reader turns its file into `Row` objects in reading order: paragraphs (docx) and table
rows, each row holding its cells once (a horizontally merged cell appears once, with its
grid column and span; a vertically merged continuation appears as ``cont`` carrying the
text of the cell it continues). Typed values are already text (an xlsx 0.25 formatted
``0%`` is ``"25%"``). From there on, one set of rules reads every layout:

- titles and stamps: ``N.名称绩效目标表`` starts a project; ``XXX2023年度项目支出绩效目标表``
  gives the unit and the year, ``（2021年度）`` the year, ``…自评表`` makes the document a
  self-evaluation, ``部门整体…`` a department table; ``单位名称（盖章）：…``, ``金额单位：元``,
  ``512001-某某镇人民政府`` name the unit and money unit wherever they stand;
- label/value pairs are mapped by meaning (headers.py), not by position; a ``项目编码`` or
  ``项目名称`` pair starts a new project when the current one already has one;
- an indicator header row (``三级指标``/``指标内容`` with ``指标值``…) starts indicator rows,
  mapped by grid column: the stronger synonym wins, a ``绩效指标`` label column merged down
  the left is not the 三级 name, a ``中期/实施期`` block (a column or a whole table) is kept
  apart from the 年度 one; if the header also has project columns it is a flat export;
- a budget-execution header (``年初预算数 | 全年预算数 | 全年执行数 | 执行率 | 得分``) takes
  its figures from the ``总额``/``年度资金总额`` row below it;
- footer, total and template rows (``注：…``, ``填表人``, ``合计``, ``指标1``, ``……``) are
  skipped, and every decision is noted for ``jixiao read --explain``;
- amount cells written with text are read leniently (`read_amount`) with a warning: one
  odd cell never refuses a document;
- invisible characters pasted into a cell (zero-width, soft hyphen, direction marks:
  `textcodec.INVISIBLE`) are dropped from values as from labels, before anything is read;
- before the first project, single-cell rows are the department part, read by the text
  reader's own rules so every format gives the same model.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from jixiao.core.amounts import convert, parse_percent, read_amount
from jixiao.core.bounds import OutOfBounds
from jixiao.core.errors import ReadError
from jixiao.core.formats.department import department, derived_year
from jixiao.core.formats.headers import (
    FIELD_NAMES,
    GOAL_COLUMNS,
    SUBTOTAL_LABELS,
    TOTAL_ROW_LABELS,
    execution_field,
    indicator_field,
    indicator_name,
    is_footer,
    is_template_name,
    level1_of,
    level_name,
    level_rank,
    name_hint,
    name_unit,
    normalize,
    project_field,
)
from jixiao.core.formats.layout import map_header, read_title, short
from jixiao.core.formats.overrides import LayoutOverride, TableRead
from jixiao.core.formats.overrides import current as current_override
from jixiao.core.limits import check_count
from jixiao.core.limits import current as current_limits
from jixiao.core.model import (
    OPTIONAL_PARTS,
    PLAN_MONTHS,
    Budget,
    Document,
    Execution,
    Indicator,
    PlanCell,
    Project,
    SpendingPlan,
    Unit,
)
from jixiao.core.numbering import split_goals
from jixiao.core.targets import (
    COMPARATOR_SYMBOLS,
    COMPARATOR_WORDS,
    parse_comparator,
    parse_target,
)
from jixiao.core.textcodec import UNWANTED, drop_unwanted
from jixiao.core.warnings import consistency_warnings

HEADING = re.compile(r"^\s*(\d+)\s*[.．、]\s*(.+?)\s*绩效目标表\s*$")
_MONEY_UNIT = re.compile(r"单位\s*[：:]\s*(万元|元|千元|亿元)")
#: ``314003唐山市…``, ``512001-…``, ``[015001]武汉市…`` (the code in brackets).
_UNIT_CELL = re.compile(r"^\s*[\[【(（]?\s*(\d{3,})\s*[\]】)）]?\s*[-－—_]?\s*(\S.*?)\s*$")
_UNIT_LABEL = re.compile(
    r"^\s*(?:预算单位|单位名称|实施单位|填报单位|编制单位|部门名称|部门[(（]单位[)）]名称)(?:及代码)?"
    r"\s*(?:[(（](?:盖章|签章|公章)[)）])?\s*[：:]\s*(.*?)\s*$"
)
_STAMP = re.compile(r"[(（]\s*(?:盖章|签章|公章|签字|章)\s*[)）]")
#: Whitespace then another short label with its colon (``  单位负责人：``).
_LINE_AMOUNT = re.compile(
    r"(?:^|\s)(?:项目)?(?:预算)?金额\s*:\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万元|元|千元|亿元)?"
)
_NEXT_LABEL = re.compile(r"\s+(?=[\u4e00-\u9fff]{1,8}\s*[：:])")
_CODE_NAME = re.compile(r"^([0-9A-Za-z]{12,})\s*[-－—_:：]\s*(\S.*)$")
_MONEY_PREFIX = re.compile(r"[（(]?\s*(?:金额)?\s*$")
_MONTH = re.compile(r"(\d{1,2})\s*月")
#: A cell holding nothing but an amount (``50.00``, ``1,200``).
_AMOUNT_TEXT = re.compile(r"^\s*[-+]?\d[\d,]*(?:\.\d+)?\s*$")
_YEAR = re.compile(r"(20\d\d)\s*年")
_SECTION = re.compile(r"^\s*[一二三四五六七八九十]+\s*、")
_CODE = re.compile(r"^[0-9A-Za-z]{3,24}$")
#: A filing-date line: ``填报日期：2022年8月10日`` (group 1: the month, if written).
_FILED = re.compile(r"^\s*(?:填报|填表|报送|报告)日期\s*[:：]?\s*(?:19|20)\d\d\s*年\s*(\d{1,2})?")
#: 一级 names of the taxonomy (domain.md §3); 成本指标 is also an older 二级, so a 二级
#: cell saying it is not moved up.
_LEVEL1 = frozenset({"产出指标", "效益指标", "满意度指标", "成本指标"})
_LEVEL1_ONLY = frozenset({"产出指标", "效益指标", "满意度指标"})
_BUDGET_BLOCK = "预算规模及资金用途"
#: Parts of a budget (not its total).
_SOURCES = ("fiscal", "other")
#: At most this many explain notes and reader warnings are kept (a hostile file could
#: otherwise make one per row); the rest are counted.
MAX_NOTES = 500
#: At most this many distinct table layouts are described.
MAX_TABLES = 50
#: Unit ranks: a stated unit (单位名称/填报单位) beats the implementing unit, which beats
#: the unit named in a title, which beats the supervising department.
_RANKS = {"unit.name": 1, "unit.impl": 2, "title": 3, "unit.dept": 4}


#: Execution figures of a draft: amounts until the money unit is known, else decimals.
_Exec = dict[str, "_Amount | Decimal | None"]


@dataclass(slots=True)
class Cell:
    """One cell as read: text ("" when empty), grid column and span, place for messages."""

    text: str
    col: int
    span: int = 1
    #: Continuation of a vertical merge; ``text`` is the text of the merged cell.
    cont: bool = False
    place: str = ""


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    place: str
    #: A paragraph outside any table (docx), as opposed to a table row.
    para: bool = False
    #: Sheet name (xlsx) or "" (docx): a new section ends the current project.
    section: str = ""


@dataclass
class _Amount:
    value: Decimal
    unit: str | None
    place: str


@dataclass
class _Draft:
    place: str
    seq: int | None = None
    title: str | None = None
    code: str | None = None
    name: str | None = None
    amounts: dict[str, _Amount] = field(default_factory=dict)
    #: Fiscal funds by government level (中央/省级/市县财政资金), to add up.
    fiscal_parts: dict[str, _Amount] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    #: An amount under a ``其中`` label not known here (`Budget.parts_unread`).
    parts_unread: bool = False
    purpose: str | None = None
    plan: list[PlanCell] = field(default_factory=list)
    plan_months: list[int] | None = None
    goals_text: str | None = None
    columns: dict[str, int] | None = None
    #: Region columns whose common value is the target (`HeaderMap.value_cols`).
    value_cols: list[int] = field(default_factory=list)
    hints: dict[str, str] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    level1: str | None = None
    level2: str | None = None
    expect: str | None = None
    #: The current indicator table is a 中期/实施期 block: its rows are not read.
    skipping: bool = False
    execution: _Exec | None = None

    @property
    def has_identity(self) -> bool:
        return self.code is not None or self.name is not None or self.columns is not None


def _blank(cell: Cell) -> bool:
    return cell.cont or not cell.text.strip()


#: A column header that starts with a year (``2020年实际执行数``), not an amount.
_YEAR_HEADER = re.compile(r"^\s*(?:19|20)\d\d\s*年(?:度)?\s*[\u4e00-\u9fff]{2,}")


def _amount_like(text: str) -> bool:
    try:
        read_amount(text)
        return True
    except ValueError:
        pass
    try:
        parse_percent(text)
        return True
    except ValueError:
        return False


class Builder:
    """Reads `Row` objects one at a time; `document()` gives the result."""

    def __init__(self, name: str, override: LayoutOverride | None = None) -> None:
        self.name = name
        #: The user's correction (`LayoutOverride`); by default the one in force here.
        self.override = override if override is not None else current_override()
        #: One `TableRead` per distinct indicator-table layout; the current one.
        self.tables: list[TableRead] = []
        self.table: TableRead | None = None
        self.dept_lines: list[str] = []
        self.projects: list[Project] = []
        self.flat_projects: list[Project] = []
        self.unit: Unit | None = None
        self.unit_rank: float = 99
        #: A unit code stated on its own (``部门预算编码 | 230001``).
        self.unit_code: str | None = None
        #: An amount written on the unit line above the table (``金额：100 万元``).
        self.line_total: _Amount | None = None
        #: The execution header was the previous row.
        self.exec_fresh = False
        self.money_unit: str | None = None
        self.unit_hints: list[str] = []
        self.written_units: list[str] = []
        self.draft: _Draft | None = None
        self.flat: dict[str, int] | None = None
        self.flat_hints: dict[str, str] = {}
        self.flat_key: tuple[str | None, str | None] = (None, None)
        self.section: str | None = None
        self.after_header = False
        self.title_year: int | None = None
        #: The fund a title names, for a table with no 项目名称 row (used once).
        self.title_project: str | None = None
        self.kind = "goals"
        self.department_mode = False
        self.dept_indicators: list[Indicator] = []
        self.dept_goals: str | None = None
        self.exec_cols: dict[str, int] | None = None
        self.goal_cols: dict[int, str | None] | None = None
        self.warnings: list[str] = []
        self.explain: list[str] = []
        self.notes_dropped = self.warnings_dropped = 0
        self._pending: list[tuple[Project, dict[str, _Amount], _Exec | None]] = []
        #: The `OPTIONAL_PARTS` the layout has (a column or row label seen).
        self.parts: set[str] = set()
        #: Indicator rows whose 二级 column held the 一级 (``实施效果指标 | 产出指标``), and
        #: rows whose 二级 column held a 二级.
        self.level2_shifted = self.level2_kept = False
        self.rows_read = 0

    def error(self, message: str, place: str) -> ReadError:
        return ReadError(message, file=self.name, place=place or None)

    def note(self, place: str, text: str) -> None:
        if len(self.explain) < MAX_NOTES:
            line = f"{place}：{text}" if place else text
            self.explain.append(line)
            if self.table is not None and text.startswith("跳过"):
                self.table.notes.append(line)
        else:
            self.notes_dropped += 1

    def warn(self, text: str) -> None:
        if len(self.warnings) < MAX_NOTES:
            self.warnings.append(text)
        else:
            self.warnings_dropped += 1

    # -- reading rows ----------------------------------------------------------------
    def feed(self, rows: Iterable[Row]) -> None:
        limits = current_limits()
        for row in rows:
            self.rows_read += 1
            if self.rows_read > limits.rows:
                check_count("rows", self.rows_read, self.name)
            self.row(row)

    def row(self, row: Row) -> None:
        for c in row.cells:
            # Invisible characters pasted in (``≥95%\u200b``) go from values as from labels,
            # and control characters (a form feed, Word's cell mark) from every text.
            if UNWANTED.search(c.text):
                c.text = drop_unwanted(c.text)
        if row.section != self.section:
            self.finish()
            self.flat = None
            self.exec_cols = None
            self.section = row.section
        filled = [c for c in row.cells if not _blank(c)]
        if not filled:
            return
        if len(filled) == 1 or row.para:
            text = "\n".join(c.text for c in filled).strip()
            m = HEADING.match(text) if "绩效目标表" in text else None
            if m:
                self.finish()
                self.flat = None
                seq, title = int(m.group(1)), m.group(2)
                self.draft = _Draft(row.place, seq=seq, title=f"{seq}.{title}绩效目标表")
                return
            if self._title(text, row.place):
                return
            if self._unit_or_money(row, filled):
                return
            if (self.draft is None or self.draft.columns is not None) and (
                named := _heading_project(text)
            ):
                # ``XXX项目绩效目标`` over a table with no 项目名称 row: names the project.
                self.finish()
                self.flat = None
                self.draft = _Draft(row.place, name=named)
                self.note(row.place, f"项目名称“{short(named)}”（来自标题行）")
                return
            if _names_project_field(text):
                self.table_row(row, filled)
                return
            if row.para or (self.draft is None and self.flat is None and not self.projects):
                if self.draft is None and not self.projects and self.flat is None:
                    self.dept_lines.extend(text.splitlines())
                return
        if self._unit_or_money(row, filled):
            return
        self.table_row(row, filled)

    def _title(self, text: str, place: str) -> bool:
        """A title or year line: ``XXX2023年度项目支出绩效目标表``, ``（2021年度）``."""
        title = read_title(text)
        if title is None:
            return False
        if title.year_only:
            if self.title_year is None:
                self.title_year = title.year
                self.note(place, f"年度 {title.year}（来自“{title.text}”）")
            return True
        if title.self_evaluation:
            self.kind = "self_evaluation"
        if title.department:
            self.department_mode = True
        if title.year is not None and self.title_year is None:
            self.title_year = title.year
        if title.unit:
            self._set_unit(Unit(code=None, name=title.unit), "title", place)
        if title.project and self.title_project is None:
            self.title_project = title.project
        kind = "自评表" if self.kind == "self_evaluation" else "目标表"
        year = f"，年度 {title.year}" if title.year else ""
        self.note(place, f"标题“{short(title.text, 40)}”：{kind}{year}")
        return True

    def _unit_or_money(self, row: Row, filled: list[Cell]) -> bool:
        """A unit row (``314003唐山市…  单位：万元``, as cells or one line) or ``金额单位：元``."""
        money = None
        unit_text = None
        money_cell = None
        rank = "unit.name"
        for c in filled:
            t = c.text.strip()
            m = _MONEY_UNIT.search(t)
            # Ends with the money unit: a header line, not a sentence that mentions one.
            if m and m.end() == len(t) and len(t) <= 80:
                money = money or m.group(1)
                money_cell = c
                prefix = _MONEY_PREFIX.sub("", t[: m.start()]).strip()
                if prefix:
                    unit_text = prefix
        for c in filled if unit_text is None else ():
            text = unicodedata.normalize("NFKC", c.text)
            um = _UNIT_LABEL.match(text)
            if um:
                if "实施单位" in text[:6]:
                    rank = "unit.impl"
                unit_text = um.group(1)
                if not unit_text:
                    nxt = [d for d in filled if d.col > c.col]
                    unit_text = nxt[0].text.strip() if nxt else ""
                break
        if money is None and unit_text is None:
            return False
        lm = _LINE_AMOUNT.search(unicodedata.normalize("NFKC", " ".join(c.text for c in filled)))
        if lm and self.draft is None and not self.projects and self.line_total is None:
            # ``填报单位（公章）：某局  金额：100 万元``: the one project's amount, stated
            # on the unit line above its table.
            self.line_total = self._amount("金额", lm.group(1), lm.group(2) or money, None)
        if money is not None and self.money_unit is None:
            self.money_unit = money
            self.note(row.place, f"金额单位：{money}")
        if unit_text is None and money_cell is not None and filled[0] is not money_cell:
            unit_text = filled[0].text.strip()
        if unit_text is not None:
            um = _UNIT_LABEL.match(unicodedata.normalize("NFKC", unit_text))
            if um:
                unit_text = um.group(1)
            self._unit_text(unit_text, rank, row.place)
        for lab_cell, code_cell in pairwise(filled):
            # ``部门编码： | 316 | 部门名称： | 某局``: the unit's code in the same row.
            code = code_cell.text.strip()
            if project_field(normalize(lab_cell.text)[0]) == "unit.code" and _CODE.match(code):
                if self.unit_code is None:
                    self.unit_code = code
                    self.note(row.place, f"单位编码：{code}")
                break
        return True

    def _unit_text(self, text: str, rank: str, place: str, level: float = 0.0) -> None:
        text = _STAMP.sub("", text).strip().strip("：:").strip()
        # ``填报单位（公章）：某局      单位负责人：张某``: the next label ends the unit.
        text = _NEXT_LABEL.split(text, maxsplit=1)[0]
        if not text or text in ("万元", "元", "千元", "亿元"):
            return
        m = _UNIT_CELL.match(text)
        # ``2023年…`` starts with a year, not a unit code.
        if m and not (len(m.group(1)) == 4 and m.group(2).startswith(("年", "月"))):
            self._set_unit(Unit(code=m.group(1), name=m.group(2)), rank, place, level)
        else:
            self._set_unit(Unit(code=None, name=text), rank, place, level)

    def _set_unit(
        self, unit: Unit, rank: str = "unit.name", place: str = "", level: float = 0.0
    ) -> None:
        r = _RANKS.get(rank, 1) + level
        if self.unit is not None and self.unit.name == unit.name:
            # The same unit under two labels (实施单位, 主管部门及编码 ``[015001]…``): a code
            # given under one label only is the unit's.
            if unit.code is None:
                unit = Unit(code=self.unit.code, name=unit.name)
            elif self.unit.code is None:
                self.unit = Unit(code=unit.code, name=unit.name)
        if self.unit is None or r < self.unit_rank:
            self.unit = unit
            self.unit_rank = r
            code = f"{unit.code} " if unit.code else ""
            self.note(place, f"单位：{code}{unit.name}")

    # -- table rows ------------------------------------------------------------------
    def table_row(self, row: Row, filled: list[Cell]) -> None:
        labels = [("", None) if c.cont else normalize(c.text) for c in row.cells]
        for lab, unit in labels:
            if unit and unit != "%" and len(lab) <= 20:
                self.unit_hints.append(unit)
        if self._header(row, labels):
            return
        self.after_header = False
        if self._execution(row, labels):
            return
        if self.flat is not None:
            self.flat_row(row)
            return
        first = labels[0][0] if labels else ""
        if first in SUBTOTAL_LABELS:
            self.note(row.place, f"跳过“{short(row.cells[0].text)}”（合计行）")
            return
        if self._goal_columns(row, labels):
            return
        pairs = self._pairs(row, labels)
        draft = self.draft
        if (
            draft is not None
            and draft.columns is not None
            and not any(p[0] in ("code", "name") for p in pairs)
        ):
            self.indicator_row(draft, row, draft.columns)
            return
        if not pairs:
            if draft is None:
                return
            if draft.expect == "plan":
                self._plan_values(draft, row)
            elif draft.expect == "purpose" and (
                _blank(row.cells[0]) or labels[0][0] == _BUDGET_BLOCK
            ):
                rest = [c for c in row.cells[1:] if not _blank(c)]
                draft.purpose = rest[0].text.strip() if rest else None
            draft.expect = None
            return
        expect = None
        for fname, label, value, unit in pairs:
            text = value.text.strip() if value is not None else ""
            if fname == "unit.code":
                if text and self.unit_code is None and _CODE.match(text):
                    self.unit_code = text
                    self.note(row.place, f"单位编码：{text}")
                continue
            if fname == "budget.unread":
                if self.draft is not None:
                    self.draft.parts_unread = True
                continue
            if fname.startswith("unit."):
                place = value.place if value else row.place
                self._unit_text(text, fname, place, level_rank(label))
                continue
            if fname in ("code", "name"):
                current = self.draft
                if current is None or (
                    current.columns is not None
                    or (fname == "code" and current.code is not None)
                    or (fname == "name" and current.name is not None)
                ):
                    self.finish()
                    self.draft = _Draft(row.place)
            draft = self.draft
            if draft is None:
                self.draft = draft = _Draft(row.place)
            if fname in ("code", "purpose"):
                self.parts.add(fname)
            if fname == "plan":
                draft.plan_months = [
                    int(m.group(1))
                    for c in row.cells
                    if not c.cont and (m := _MONTH.search(c.text))
                ] or list(PLAN_MONTHS)
                draft.plan = [PlanCell(m, None, None) for m in draft.plan_months]
                expect = "plan"
                continue
            if fname == "code":
                draft.code = text or None
            elif fname == "name":
                cm = _CODE_NAME.match(text)
                if cm and draft.code in (None, cm.group(1)):
                    draft.code, text = cm.group(1), cm.group(2)
                    self.parts.add("code")
                    self.note(
                        row.place, f"“{short(value.text if value else '')}”拆为项目编码和名称"
                    )
                draft.name = text or None
            elif fname in ("total", "fiscal", "other", "carryover"):
                if fname == "total" and "total" in draft.amounts and value is not None:
                    raw_label = next((c.text for c in row.cells if c.col < value.col), "")
                    if "其中" in raw_label.split("\n")[-1]:
                        continue  # ``其中：中央补助`` is a part of the total above
                amount = self._amount(label, text, unit, value, draft.raw, fname)
                if amount is not None and fname == "fiscal" and level_rank(label):
                    # ``中央财政资金 | 省级财政资金 | 市县财政资金`` rows: parts of the fiscal
                    # funds by government level, added up (the right-hand 年度 column of
                    # a row wins over its 实施期 twin).
                    draft.fiscal_parts[label] = amount
                    parts = list(draft.fiscal_parts.values())
                    if len({p.unit for p in parts}) == 1:
                        amount = _Amount(
                            sum((p.value for p in parts), Decimal(0)), amount.unit, amount.place
                        )
                if amount is not None:
                    draft.amounts[fname] = amount
                if fname == "total" and labels[0][0] == _BUDGET_BLOCK:
                    expect = "purpose"
                    self.parts.add("purpose")
            elif fname == "purpose":
                draft.purpose = text or None
            elif fname == "goals":
                draft.goals_text = text or None
        if self.draft is not None:
            self.draft.expect = expect

    def _header(self, row: Row, labels: list[tuple[str, str | None]]) -> bool:
        """An indicator header row: set the columns (or a flat export's) and say so."""
        h = map_header(row.cells, labels, self.override.columns if self.override else None)
        ind_cols = h.columns
        if self.after_header and len(ind_cols) >= 2:
            # The second row of a two-row header (``绩效指标`` over 一级/二级/三级).
            columns = (
                self.flat
                if self.flat is not None
                else (self.draft.columns if self.draft is not None else None)
            )
            if columns is not None:
                columns.update(ind_cols)
                self._seen(ind_cols)
                second = h.table(row.cells, labels, flat=False, place=row.place)
                if self.tables:
                    self.tables[-1].columns.extend(second.columns)
                self.note(row.place, "指标表头（第二行）：" + second.describe())
                return True
        if not h.is_header:
            return False
        self.after_header = True
        self.exec_cols = None
        if "actual" in ind_cols:
            self.kind = "self_evaluation"
        flat = "name" in h.proj_cols or "code" in h.proj_cols
        table = h.table(row.cells, labels, flat=flat, place=row.place)
        self._add_table(table)
        self._seen(ind_cols)
        if flat:
            self._seen(h.proj_cols)
        if flat:
            self.finish()
            self.flat = {**{f"p.{k}": v for k, v in h.proj_cols.items()}, **ind_cols}
            self.flat_hints = h.hints
            self.flat_key = (None, None)
            self.note(row.place, f"指标表头（每行一个指标的汇总表）：{table.describe()}")
            return True
        draft = self.draft
        if draft is None:
            self.draft = draft = _Draft(row.place)
        draft.columns = ind_cols
        draft.value_cols = h.value_cols
        draft.level1 = draft.level2 = None
        draft.skipping = h.period == "中期"
        self.note(row.place, "指标表头：" + table.describe())
        if draft.skipping:
            self.note(row.place, "此表为中期/实施期绩效指标，保留年度表，不作为年度指标读取")
        return True

    def _seen(self, columns: Mapping[str, int]) -> None:
        """Note the optional parts among a header's ``columns``."""
        self.parts.update(
            f for f in ("code", "purpose", "basis", "level1", "level2") if f in columns
        )

    def _add_table(self, table: TableRead) -> None:
        """Keep one `TableRead` per distinct layout: a document of 36 tables of the same
        template has one, its notes those of every table (bounded by `MAX_NOTES`)."""
        same = next((t for t in self.tables if t.signature == table.signature), None)
        if same is None and len(self.tables) < MAX_TABLES:
            self.tables.append(table)
            same = table
        self.table = same

    def _execution(self, row: Row, labels: list[tuple[str, str | None]]) -> bool:
        """A budget-execution block: its header row, then the figures of its total row."""
        at = {c.col: c for c in row.cells}
        if self.exec_cols is not None:
            cells = [at.get(col) for col in self.exec_cols.values()]
            texts = [c.text.strip() for c in cells if c is not None and not _blank(c)]
            if texts and all(_amount_like(t) for t in texts):
                first_col = min(self.exec_cols.values())
                label = next(
                    (
                        lab
                        for c, (lab, _) in zip(row.cells, labels, strict=True)
                        if lab and c.col < first_col and not _amount_like(c.text)
                    ),
                    "",
                )
                fresh, self.exec_fresh = self.exec_fresh, False
                if (
                    label in TOTAL_ROW_LABELS
                    or (label and project_field(label) == "total")
                    or (fresh and not label)
                ):
                    # The total row, or the one row of figures right under the header
                    # when the header's label cell is merged down over it.
                    self._execution_values(row, at)
                elif set(self.exec_cols) == {"total"} and project_field(label) in _SOURCES:
                    return False  # ``财政拨款 | 80`` under a bare 金额 header: a pair
                else:
                    self.note(row.place, f"跳过“{short(label)}”（预算执行明细行）")
                return True
            self.exec_cols = None
        fields: dict[str, int] = {}
        for c, (lab, _) in zip(row.cells, labels, strict=True):
            f = execution_field(lab) if lab else None
            if f and f not in fields:
                fields[f] = c.col
        if not fields or (len(fields) < 2 and "total" not in fields):
            return False
        if any(
            _amount_like(c.text) and not _YEAR_HEADER.match(c.text)
            for c in row.cells
            if not _blank(c)
        ):
            return False
        self.exec_cols = fields
        self.exec_fresh = True
        parts = [f"“{short(at[col].text, 16)}”→{FIELD_NAMES[f]}" for f, col in fields.items()]
        self.note(row.place, "预算执行表头：" + "，".join(parts))
        return True

    def _execution_values(self, row: Row, at: dict[int, Cell]) -> None:
        assert self.exec_cols is not None
        draft = self.draft
        if draft is None:
            self.draft = draft = _Draft(row.place)
        values: _Exec = {}
        for f, col in self.exec_cols.items():
            c = at.get(col)
            text = c.text.strip() if c is not None and not c.cont else ""
            place = c.place if c is not None else row.place
            if f in ("budget_initial", "budget_adjusted", "executed", "total"):
                values[f] = self._amount(FIELD_NAMES[f], text, None, c, draft.raw, f)
            else:
                values[f] = self._number(FIELD_NAMES[f], text, place)
        total = values.pop("total", None)
        if isinstance(total, _Amount):
            draft.amounts["total"] = total
        self._fraction_rate(values, at, row.place)
        if len(values) >= 2:
            draft.execution = values
            self.kind = "self_evaluation"
        self.note(row.place, "读取预算执行数据")

    def _fraction_rate(self, values: _Exec, at: dict[int, Cell], place: str) -> None:
        """``执行率 0.958`` beside 27.8 of 29: the rate written as a fraction is 95.8 %."""
        assert self.exec_cols is not None
        rate, executed = values.get("rate"), values.get("executed")
        budget = values.get("budget_adjusted") or values.get("budget_initial")
        col = self.exec_cols.get("rate")
        cell = at.get(col) if col is not None else None
        if (
            not isinstance(rate, Decimal)
            or not isinstance(executed, _Amount)
            or not isinstance(budget, _Amount)
            or cell is None
            or "%" in cell.text
            or not 0 < rate <= 1
            or not budget.value
        ):
            return
        if abs(executed.value / budget.value - rate) < Decimal("0.01"):
            percent = rate * 100
            percent = (
                percent.quantize(Decimal(1))
                if percent == percent.to_integral_value()
                else percent.normalize()
            )
            values["rate"] = percent
            self.note(place, f"执行率“{cell.text.strip()}”为小数，按 {percent}% 读取")

    def _number(self, label: str, text: str, place: str) -> Decimal | None:
        """A score, weight or rate cell; dashes are blank; anything else warns, blank."""
        try:
            value, _, _ = read_amount(text)
            return value
        except ValueError:
            pass
        try:
            return parse_percent(text)
        except ValueError:
            self.warn(f"{place}：{label}“{text}”不是数字，已留空")
            return None

    def _goal_columns(self, row: Row, labels: list[tuple[str, str | None]]) -> bool:
        """``预期目标 | 实际完成情况`` over a row of texts: the goals are in the first column."""
        at = {c.col: c for c in row.cells}
        if self.goal_cols is not None:
            cols, self.goal_cols = self.goal_cols, None
            for col, f in cols.items():
                c = at.get(col)
                if f == "goals" and c is not None and not _blank(c) and self.draft is not None:
                    self.draft.goals_text = c.text.strip()
            return True
        cols = {}
        others = False
        for i, (c, (lab, _)) in enumerate(zip(row.cells, labels, strict=True)):
            if lab in GOAL_COLUMNS:
                cols[c.col] = GOAL_COLUMNS[lab]
            elif i and lab.endswith(("完成情况", "完成情况综述")):
                cols[c.col] = None  # 年度总体目标完成情况（综述）: the actuals beside the goals
            elif i and lab.startswith(_MIDTERM_GOAL) and lab.endswith("目标"):
                cols[c.col] = None  # 中期滚动目标（2019年--2021年）: beside the 年度 goals
            elif i and not _blank(c):
                others = True
        if "goals" not in cols.values():
            return False
        if len(cols) < 2:
            # One goal column after a block label (``总体目标 | 年度目标``, the texts in the
            # row below): only when nothing else but labels is in the row.
            first = row.cells[0].col if row.cells else None
            if others or first in cols:
                return False
        if self.draft is None:
            self.draft = _Draft(row.place)
        self.goal_cols = cols
        return True

    def _pairs(
        self, row: Row, labels: list[tuple[str, str | None]]
    ) -> list[tuple[str, str, Cell | None, str | None]]:
        """(field, label, value cell, unit hint) for each project label in the row."""
        out: list[tuple[str, str, Cell | None, str | None]] = []
        cells = row.cells
        i = 0
        while i < len(cells):
            lab, unit = labels[i]
            f = project_field(lab) if lab else None
            if f == "plan":
                if unit in ("万元", "元") and not any(
                    _MONTH.search(c.text) for c in cells[i + 1 :] if not c.cont
                ):
                    # ``实施内容 | 资金支出计划（万元）`` over rows of amounts: a schedule,
                    # not the plan of percentages by month.
                    i += 1
                    continue
                out.append((f, lab, None, None))
                break
            if f:
                value = cells[i + 1] if i + 1 < len(cells) else None
                if value is not None and value.cont and f.startswith("unit."):
                    value = None
                if (
                    value is not None
                    and not value.cont
                    and project_field(labels[i + 1][0]) in ("total", "fiscal", "other")
                ):
                    # ``项目预算（万元） | 资金总额 | 320.50``: a block label before the pair.
                    i += 1
                    continue
                if f == "goals" and value is not None and _goal_sublabel(value.text):
                    # ``绩效目标 | 六、项目总体绩效目标 | 路灯亮灯率…``: the same for goals.
                    value = cells[i + 2] if i + 2 < len(cells) else None
                    out.append((f, lab, value, unit))
                    i += 3
                    continue
                out.append((f, lab, value, unit))
                i += 2
                continue
            if lab and "/" in lab and i + 1 < len(cells) and not cells[i + 1].cont:
                # ``项目实施单位/项目负责人 | 某中心/张某``: one label cell over two values.
                heads, value = lab.split("/"), cells[i + 1]
                parts = unicodedata.normalize("NFKC", value.text).split("/")
                if len(parts) == len(heads) and any(project_field(h) for h in heads):
                    for head, part in zip(heads, parts, strict=True):
                        if (hf := project_field(head)) and hf != "plan" and part.strip():
                            out.append(
                                (hf, head, Cell(part.strip(), value.col, place=value.place), None)
                            )
                    i += 2
                    continue
            if (
                lab
                and cells[i].text.lstrip().startswith("其中")
                and i + 1 < len(cells)
                and _AMOUNT_TEXT.match(cells[i + 1].text)
            ):
                # ``其中：一般公共预算拨款 | 50.00``: a part of the budget under a label not
                # known here (`project_field` knows the usual ones).
                out.append(("budget.unread", lab, cells[i + 1], unit))
                i += 2
                continue
            if lab and ":" in lab:
                head = lab.partition(":")[0]
                hf = project_field(normalize(head)[0])
                if hf and hf != "plan":
                    raw = unicodedata.normalize("NFKC", cells[i].text).split(":", 1)[1]
                    out.append((hf, head, Cell(raw, cells[i].col, place=cells[i].place), None))
            i += 1
        return out

    def _amount(
        self,
        label: str,
        text: str,
        unit: str | None,
        cell: Cell | None,
        raw: dict[str, str] | None = None,
        key: str = "",
    ) -> _Amount | None:
        place = cell.place if cell is not None else ""
        try:
            value, written_unit, exact = read_amount(text)
        except OutOfBounds as e:  # a number, but beyond what an official table holds
            raise self.error(f"{label}：{e}", place) from None
        except ValueError:
            self.warn(f"{place}：{label}“{text}”不是金额，已留空")
            if raw is not None:
                raw[key] = text
            return None
        if not exact:
            self.warn(f"{place}：{label}“{text}”按 {value}{written_unit or unit or ''} 读取")
            if raw is not None:
                raw[key] = text
        if value is None:
            return None
        if unit:
            self.unit_hints.append(unit)
        if written_unit:
            self.written_units.append(written_unit)
        return _Amount(value, written_unit or unit, place)

    def _plan_values(self, draft: _Draft, row: Row) -> None:
        months = draft.plan_months or list(PLAN_MONTHS)
        cells = row.cells
        if cells and (cells[0].cont or not cells[0].text.strip()) and len(cells) > len(months):
            cells = cells[1:]
        plan = []
        for month, cell in zip(months, cells, strict=False):
            text = cell.text.strip() or None
            try:
                percent = parse_percent(text)
            except ValueError as e:
                raise self.error(f"资金支出计划（{month}月底）：{e}", cell.place) from None
            plan.append(PlanCell(month=month, text=text, percent=percent))
        draft.plan = plan

    # -- indicators ------------------------------------------------------------------
    def indicator_row(self, draft: _Draft, row: Row, columns: dict[str, int]) -> None:
        at: dict[int, Cell] = {c.col: c for c in row.cells}

        def get(fname: str) -> str | None:
            col = columns.get(fname)
            if col is None:
                return None
            c = at.get(col)
            return (c.text.strip() or None) if c is not None else None

        first = next((c for c in row.cells if not _blank(c)), None)
        # The second row under a footer label merged down (``审核意见`` over two rows).
        if first is not None and row.cells[0].cont and is_footer(row.cells[0].text):
            first = row.cells[0]
        if first is not None:
            head = normalize(first.text)[0]
            if head in SUBTOTAL_LABELS or is_footer(first.text):
                self.note(row.place, f"跳过“{short(first.text)}”（表尾/签章/合计行）")
                return
        if draft.skipping:
            return
        name, description, basis = get("name"), get("description"), get("basis")
        if name is not None and indicator_field(normalize(name)[0]) == "name":
            # The second row of a two-row header, its left cells merged down from the first.
            self.note(row.place, "跳过表头续行")
            return
        value = self._region_value(draft.value_cols, at, row.place) if draft.value_cols else None
        value = value if draft.value_cols else get("target")
        unit = get("unit")
        clash = _unit_clash(value, unit)
        if clash:
            # The target keeps its own unit (what the review judges); the column's is lost.
            self.warn(f"{row.place}：指标值“{value}”的单位“{clash}”与计量单位“{unit}”不一致")
        target = _compose_target(
            value, _explicit_comparator(get("comparator"), get("comparator_alt")), unit
        )
        target = _unit_from_name(target, name)
        l1, l2 = level_name(get("level1")), level_name(get("level2"))
        shifted = bool(l1 and l2 in _LEVEL1_ONLY and l1 not in _LEVEL1)
        if shifted:
            # ``实施效果指标 | 产出指标``: a group above the taxonomy; 产出指标 is the 一级.
            l1, l2 = l2, None
        # A 二级 column holding the 一级 on every row is no 二级 level (`Document.absent`).
        if shifted:
            self.level2_shifted = True
        elif "level2" in columns:
            self.level2_kept = True
        if name is not None and indicator_name(name) is None:
            self.note(row.place, f"跳过“{short(name)}”（模板占位行）")
            name = None
            if target is None or is_template_name(target):
                return
        name = indicator_name(name)
        if not any((name, description, target, basis)):
            # An unused template line (e.g. 生态效益指标 with nothing else).
            if l2 or l1:
                self.note(row.place, f"跳过“{short(l2 or l1 or '')}”下的空行（无三级指标）")
            return
        if l1 is None and draft.level1 in _LEVEL1 and (parent := level1_of(l2)):
            # A blank 一级 cell: carry the 一级 above down only while the 二级 belongs to it
            # (``社会效益`` under a blank cell below 产出指标 is a 效益指标).
            l1 = parent if parent != draft.level1 else None
        draft.level1 = l1 or draft.level1
        draft.level2 = l2 or (draft.level2 if not l1 else None)
        place = (
            at[columns["weight"]].place
            if "weight" in columns and columns["weight"] in at
            else row.place
        )
        weight = self._number("分值/权重", get("weight") or "", place)
        score = self._number("得分", get("score") or "", row.place) if "score" in columns else None
        draft.indicators.append(
            Indicator(
                level1=draft.level1,
                level2=draft.level2,
                name=name,
                description=description,
                target=parse_target(target or ""),
                basis=basis,
                weight=weight,
                actual=get("actual"),
                score=score,
                deviation_reason=get("deviation_reason"),
                midterm=get("midterm"),
                scoring_rule=get("scoring_rule"),
            )
        )

    def _region_value(self, cols: list[int], at: dict[int, Cell], place: str) -> str | None:
        """The common value of the region columns; None (with a note) when they differ."""
        values = [
            c.text.strip() for col in cols if (c := at.get(col)) is not None and not _blank(c)
        ]
        if not values:
            return None
        if len(set(values)) == 1:
            return values[0]
        self.note(place, f"各区域指标值不同（{short('、'.join(values), 30)}），不取单一指标值")
        return None

    def flat_row(self, row: Row) -> None:
        assert self.flat is not None
        cols = self.flat
        at: dict[int, Cell] = {c.col: c for c in row.cells}

        def get(key: str) -> Cell | None:
            col = cols.get(key)
            c = at.get(col) if col is not None else None
            return c if c is not None and c.text.strip() else None

        first = next((c for c in row.cells if not _blank(c)), None)
        if first is not None and (
            normalize(first.text)[0] in SUBTOTAL_LABELS or is_footer(first.text)
        ):
            self.note(row.place, f"跳过“{short(first.text)}”（表尾/合计行）")
            return
        code_c, name_c = get("p.code"), get("p.name")
        code = code_c.text.strip() if code_c else None
        name = name_c.text.strip() if name_c else None
        unit_c = get("p.unit")
        if unit_c is not None and (code or name):
            # Only a project's row: a department subtotal row names the department.
            self._unit_text(unit_c.text.strip(), "unit.name", unit_c.place)
        if (code or name) and (code, name) != self.flat_key:
            known_code, known_name = self.flat_key
            # A repeated code with the name merged away (or the reverse) is the same project.
            same = (code is None or code == known_code) and (name is None or name == known_name)
            if not same:
                self.finish()
                self.draft = _Draft(row.place, code=code, name=name)
                self.flat_key = (code, name)
        draft = self.draft
        if draft is None:
            return
        for key in ("total", "fiscal", "other", "carryover"):
            c = get(f"p.{key}")
            if c is not None and key not in draft.amounts:
                amount = self._amount(
                    FIELD_NAMES[f"p.{key}"],
                    c.text.strip(),
                    self.flat_hints.get(key),
                    c,
                    draft.raw,
                    key,
                )
                if amount is not None:
                    draft.amounts[key] = amount
        for key, attr in (("p.goals", "goals_text"), ("p.purpose", "purpose")):
            c = get(key)
            if c is not None and getattr(draft, attr) is None:
                setattr(draft, attr, c.text.strip())
        ind_cols = {k: v for k, v in cols.items() if not k.startswith("p.")}
        draft.columns = ind_cols
        self.indicator_row(draft, row, ind_cols)

    # -- projects and the document ---------------------------------------------------
    def finish(self) -> None:
        draft, self.draft = self.draft, None
        self.goal_cols = None
        if draft is None:
            return
        if draft.columns is None:
            if draft.title is not None or draft.code is not None:
                label = draft.title or draft.name or draft.code
                raise self.error(
                    f"项目表“{label}”不完整：缺少绩效指标表（三级指标/指标值…）", draft.place
                )
            return
        name = draft.name
        if name is None and draft.title:
            m = HEADING.match(draft.title)
            name = m.group(2) if m else draft.title
        if name is None and draft.code is None and self.department_mode:
            self.dept_indicators.extend(draft.indicators)
            self.dept_goals = self.dept_goals or draft.goals_text
            self.note(draft.place, f"部门整体绩效指标 {len(draft.indicators)} 个")
            return
        if name is None and self.title_project and not self.projects and not self.flat_projects:
            name, self.title_project = self.title_project, None
            self.note(draft.place, f"项目名称“{short(name)}”（来自标题）")
        if name is None:
            raise self.error("指标表前找不到项目名称（项目名称/项目支出名称）", draft.place)
        if (
            "total" not in draft.amounts
            and self.line_total is not None
            and not self.projects
            and not self.flat_projects
        ):
            draft.amounts["total"], self.line_total = self.line_total, None
            self.note(draft.place, "预算数来自表上方的“金额”")
        target = self.flat_projects if self.flat is not None else self.projects
        check_count("projects", len(self.projects) + len(self.flat_projects) + 1, self.name)
        target.append(
            Project(
                seq=draft.seq,
                code=draft.code,
                name=name,
                budget=Budget(total=None, raw=dict(draft.raw), parts_unread=draft.parts_unread),
                purpose=draft.purpose,
                spending_plan=SpendingPlan(draft.plan),
                goals=split_goals(draft.goals_text),
                indicators=draft.indicators,
                goals_text=draft.goals_text,
                title=draft.title,
            )
        )
        # Amounts are converted once the document's money unit is known.
        self._pending.append((target[-1], draft.amounts, draft.execution))

    def _money_unit(self) -> str:
        for unit in (self.money_unit, *self.unit_hints, *self.written_units):
            if unit and unit != "%":
                return unit
        return "万元"

    def document(self, where: str) -> Document:
        """The document read so far; ``where`` names what was searched, for the error."""
        self.finish()
        # A flat sheet next to per-project tables is a summary of them (our own xlsx
        # writes one): the tables win.
        projects = self.projects or self.flat_projects
        if self.projects and self.flat_projects:
            self.note("", "每行一个指标的汇总表与逐项目表重复，按逐项目表读取")
        if not projects and not self.dept_indicators:
            raise self.error("没有找到绩效目标表（含“三级指标”“指标值”等列的表格）", where)
        override = self.override or LayoutOverride()
        money_unit = override.money_unit or self._money_unit()

        def value(a: object) -> Decimal | None:
            if isinstance(a, _Amount):
                v = a.value
                if a.unit and a.unit != money_unit and a.unit != "%":
                    v = convert(v, a.unit, money_unit)
                return v
            return a if isinstance(a, Decimal) else None

        for project, amounts, execution in self._pending:
            values = {key: value(a) for key, a in amounts.items()}
            if execution is not None:
                ex = Execution(**{k: value(v) for k, v in execution.items()})
                project.execution = ex
                if values.get("total") is None:
                    values["total"] = (
                        ex.budget_adjusted if ex.budget_adjusted is not None else ex.budget_initial
                    )
            project.budget = Budget(
                total=values.get("total"),
                fiscal=values.get("fiscal"),
                other=values.get("other"),
                carryover=values.get("carryover"),
                raw=project.budget.raw,
                parts_unread=project.budget.parts_unread,
            )
        for i, p in enumerate(projects, 1):
            if p.seq is None:
                p.seq = i
        overall, summaries, measures = department(self.dept_lines)
        if not overall and self.dept_goals:
            overall = split_goals(self.dept_goals)
        year = self.title_year
        for line in self.dept_lines if year is None else ():
            if _SECTION.match(line):
                break
            m = _YEAR.search(line)
            if m:
                year = int(m.group(1))
                fm = _FILED.match(line)
                if fm and self.kind == "self_evaluation" and fm.group(1) != "12":
                    # ``填报日期：2022年8月10日`` on a self-evaluation: the table is filled
                    # after the year it evaluates (a December filing evaluates its own year).
                    year -= 1
                    self.note("", f"年度 {year}（自评表填报于 {m.group(1)} 年）")
                break
        if year is None:
            year = derived_year(projects, overall)
        unit = self.unit or Unit(code=None, name="")
        if unit.code is None and self.unit_code is not None:
            unit = Unit(code=self.unit_code, name=unit.name)
        if override.unit_code or override.unit_name:
            unit = Unit(code=override.unit_code or unit.code, name=override.unit_name or unit.name)
        doc = Document(
            unit=unit,
            year=override.year or year,
            money_unit=money_unit,
            overall_goals=overall,
            project_summaries=summaries,
            measures=measures,
            projects=projects,
            kind=self.kind,
            department_indicators=self.dept_indicators,
            absent=frozenset(OPTIONAL_PARTS).difference(self.parts)
            | (
                frozenset({"level2"})
                if self.level2_shifted and not self.level2_kept
                else frozenset()
            ),
        )
        doc.warnings.extend(self.warnings)
        if self.warnings_dropped:
            doc.warnings.append(f"另有 {self.warnings_dropped} 条类似警告未列出")
        doc.warnings.extend(consistency_warnings(doc))
        doc.explain.extend(self.explain)
        doc.tables.extend(self.tables)
        if override:
            doc.explain.append(f"按更正读取：{override.describe()}")
        if self.notes_dropped:
            doc.explain.append(f"另有 {self.notes_dropped} 条读取说明未列出")
        doc.explain.append(
            f"结果：{'自评表' if self.kind == 'self_evaluation' else '目标表'}，"
            f"{len(projects)} 个项目，金额单位 {money_unit}，年度 {doc.year}"
        )
        return doc


#: ``3岁以下婴幼儿照护服务项目项目绩效目标``: a heading naming one project's goals.
_PROJECT_HEADING = re.compile(r"^(?P<name>[^，。；：:,;]{2,60}?)(?:项目)?绩效目标$")
#: Headings that name no project: outline numbers, periods, the department.
_NOT_PROJECT = re.compile(
    r"^(?:[(（]?[一二三四五六七八九十\d]+[)）、.．]|(?:本|年度|中长期|中期|长期|总体|实施期|"
    r"部门|整体|单位|项目|预期|当年|全年)+$)"
)


_PERIOD_ENDS = (
    "年度",
    "中长期",
    "中期",
    "长期",
    "总体",
    "实施期",
    "本年",
    "当年",
    "全年",
    "部门",
    "单位",
    "预期",
)
_YEAR_PREFIX = re.compile(r"^(?:19|20)\d\d\s*年度?")


def _heading_project(text: str) -> str | None:
    """The project a ``XXX项目绩效目标`` heading line names, if it is one."""
    t = "".join(unicodedata.normalize("NFKC", text).split())
    m = _PROJECT_HEADING.match(t)
    if m is None:
        return None
    name = m.group("name")
    rest = _YEAR_PREFIX.sub("", name)
    if not rest or _NOT_PROJECT.match(rest) or "整体" in name or name.endswith(_PERIOD_ENDS):
        return None  # ``确保实现年度绩效目标`` ends a sentence, it names no project
    if t.endswith("项目绩效目标") and not name.endswith("项目"):
        name += "项目"
    return name


_MIDTERM_GOAL = ("中期", "长期", "实施期")
_OUTLINE = re.compile(r"^\s*(?:[一二三四五六七八九十]+|\d+)\s*[、.．]\s*")


def _goal_sublabel(text: str) -> bool:
    """``六、项目总体绩效目标``: a goals label (an outline number before it) under a block
    label, not a goal."""
    label = normalize(_OUTLINE.sub("", text, count=1))[0]
    return len(label) <= 12 and project_field(label) == "goals"


def _names_project_field(text: str) -> bool:
    """``项目名称：社区保洁`` as a paragraph of its own."""
    head, colon, _ = unicodedata.normalize("NFKC", text).partition(":")
    return bool(colon) and project_field(normalize(head)[0]) in ("code", "name")


def _unit_from_name(target: str | None, name: str | None) -> str | None:
    """``开展修复工程（个） | ≥1`` → ``≥1个``: a number without a unit takes the unit the
    name states in brackets."""
    unit = name_unit(name)
    hint_cmp, hint_unit = name_hint(name)
    if target is None or (unit is None and hint_cmp is None and hint_unit is None):
        return target
    t = parse_target(target)
    if t.value is None or t.unit:
        return target
    if unit is not None and not target.endswith(unit):
        return target + unit
    if unit is None and (hint_cmp or hint_unit) and _NUMBER_ONLY.fullmatch(target.strip()):
        # ``苗木成活率（≥**%） | 85``: the template's hint states what the bare number means.
        return f"{hint_cmp or ''}{target.strip()}{hint_unit or ''}"
    return target


_NUMBER_ONLY = re.compile(r"[\d,.，．\s]+")


def _explicit_comparator(first: str | None, second: str | None) -> str | None:
    """Of a 指标性质 and a 指标方向 cell, the one writing a symbol (``=``, ``≥``) rather than a
    direction word (``正向``/``反向``, which only implies ≥/≤); the first when both or neither."""
    if second is None or parse_comparator(second) is None:
        return first
    if first is None or parse_comparator(first) is None:
        return second
    if first.strip() in COMPARATOR_WORDS and second.strip() not in COMPARATOR_WORDS:
        return second
    return first


#: Ways of writing a percentage in a 计量单位 column.
_PERCENT_WORDS = frozenset({"%", "百分比", "百分率", "百分数"})


def _unit_clash(value: str | None, unit: str | None) -> str | None:
    """The unit written in ``value`` when the 计量单位 column names another (``90%`` with
    ``人``); None when they agree, either is missing, or the column holds a placeholder."""
    if not value or not unit:
        return None
    column = unicodedata.normalize("NFKC", unit).strip()
    if column in ("/", "-", "—", "无", ""):
        return None
    written = parse_target(value).unit
    if not written:
        return None
    written = unicodedata.normalize("NFKC", written).strip()
    if column in _PERCENT_WORDS:
        column = "%"
    if written.startswith(column) or column.startswith(written):
        return None
    return written


def _compose_target(value: str | None, comparator: str | None, unit: str | None) -> str | None:
    """``指标值`` plus the ``指标性质``/``指标方向`` and ``计量单位`` columns, as one text.

    ``(90, ≥, %)`` → ``"≥90%"``; a value that already carries them is left alone.
    """
    if value is None:
        return None
    text = value
    comp = parse_comparator(comparator)
    if comp and not parse_target(text).comparator:
        text = COMPARATOR_SYMBOLS[comp] + text
    if unit and _NUMBER_ONLY.fullmatch(unit.strip()):
        unit = None  # a number in the unit column (a date typed as a serial) is no unit
    if unit and unit.strip() not in ("/", "-", "无") and not text.endswith(unit.strip()):
        t = parse_target(text)
        if t.value is not None and not t.unit:
            text = text + unit.strip()
    return text
