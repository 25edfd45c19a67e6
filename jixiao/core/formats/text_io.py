"""The text layout of a goal document: a .docx exported to text (domain.md §2).

Tables come out one cell per line, each cell starting with a tab; rows end at a blank line;
a cell's further lines follow without a tab; merged cells are empty cells; ``[bookmark: …]``
markers precede headings. Outside the tables, the department part is plain paragraphs.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import suppress
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter
from typing import TextIO

from jixiao.core.amounts import amount_text, parse_amount, parse_percent
from jixiao.core.bounds import TEXT_LIMITS
from jixiao.core.errors import ReadError
from jixiao.core.formats.department import department, derived_year
from jixiao.core.formats.headers import indicator_field, normalize
from jixiao.core.model import (
    PLAN_MONTHS,
    Budget,
    Document,
    Indicator,
    PlanCell,
    Project,
    SpendingPlan,
    Unit,
)
from jixiao.core.numbering import add_ordinal, split_goals
from jixiao.core.targets import parse_target
from jixiao.core.textcodec import decode_checked, drop_invisible
from jixiao.core.warnings import consistency_warnings

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_HEADING = re.compile(r"^\s*(\d+)\s*[.．、]\s*(.+?)\s*绩效目标表\s*$")
_UNIT_CELL = re.compile(r"^\s*(\d{3,})\s*(.*?)\s*$")
_MONEY_UNIT = re.compile(r"单位\s*[：:]\s*(\S+)")
_MONTH = re.compile(r"(\d{1,2})\s*月")
#: A project heading line (never a cell, which starts with a tab).
_HEADING_LINE = re.compile(
    r"(?!\t)[ \u3000]*(\d+)[ \u3000]*[.．、][ \u3000]*(.+?)[ \u3000]*绩效目标表[ \t\u3000]*$"
)
#: A line of nothing but spaces inside a chunk: it ends a row like a blank line.
_SPACE_LINE = re.compile(r"\n[ \u3000\xa0]+(?=\n|$)")

#: Labels of the budget row's amounts, by field.
_BUDGET_LABELS: dict[str, str] = {
    "预算数": "total",
    "预算金额": "total",
    "年度预算数": "total",
    "其中：财政资金": "fiscal",
    "其中:财政资金": "fiscal",
    "财政资金": "fiscal",
    "财政拨款": "fiscal",
    "其他资金": "other",
    "上年结转资金": "carryover",
}


def _value(raw: str) -> str:
    """A cell's text with stray tabs and surrounding spaces removed, line by line."""
    return "\n".join(part.strip() for part in raw.split("\n")).strip()


def _values(raw: list[str]) -> list[str]:
    return [c.strip() if "\n" not in c else _value(c) for c in raw]


#: A row's cell values.
Row = tuple[str, ...]
#: Memos of pure functions of a chunk's or a row's text, each emptied when it holds
#: `_MEMO_MAX` entries: `_chunk_rows` by chunk text, a plan's cells by months and row.
_MEMO_MAX = 32768
_CHUNK_ROWS: dict[str, tuple[Row, ...]] = {"": ()}  # a blank chunk holds no row
#: Chunks seen once (emptied when full): a chunk enters `_CHUNK_ROWS` when seen again, so
#: the chunks met once (code and budget rows) do not fill it and empty it of those that
#: repeat; what it holds then stays about the same however many documents are read.
_CHUNKS_SEEN: set[str] = set()
#: How a code row starts: a chunk that starts so is neither noted nor memoised (a
#: project's code and name come once; noting them emptied `_CHUNKS_SEEN` every 16,000
#: projects or so, and with it the chunks that do repeat).
_UNIQUE = "\t项目编码\n"
_PLAN_CELLS: dict[
    tuple[tuple[int, ...], Row], tuple[tuple[int, str | None, Decimal | None], ...]
] = {}
_GOALS: dict[str, tuple[str, ...]] = {}
#: First cells of the usual rows, which hold no space to remove (`_label`).
_USUAL_LABELS = frozenset(
    {"项目编码", "预算规模及资金用途", "资金支出计划（%）", "绩效目标", "一级指标"}
)
#: Labels of the project's name in the code row.
_NAME_LABELS = ("项目名称", "项目支出名称")
_new = object.__new__
#: `Indicator`'s fields in the order its ``__init__`` sets them, as `_Reader._indicators`
#: sets them.
_INDICATOR_FIELDS = (
    "level1", "level2", "name", "description", "target", "basis",
    "weight", "actual", "score", "deviation_reason", "midterm", "scoring_rule",
)  # fmt: skip
_BUDGET_FIELDS = ("total", "fiscal", "other", "carryover", "raw", "parts_unread")
_PLAN_FIELDS = ("cells",)
_PLAN_CELL_FIELDS = ("month", "text", "percent")
_PROJECT_FIELDS = (
    "seq", "code", "name", "budget", "purpose", "spending_plan", "goals", "indicators",
    "goals_text", "title", "execution",
)  # fmt: skip
#: The shortest text limit but the code's: a project whose chunks are no longer is plain.
_SHORT = min(v for k, v in TEXT_LIMITS.items() if k != "code")
_CODE_LIMIT = TEXT_LIMITS["code"]


def _chunk_rows(chunk: str) -> tuple[Row, ...]:
    """The rows of one chunk (a blank-line-separated block, as split: its leading blanks
    are stripped here): one row of cleaned values, or for rare shapes (a paragraph before
    the row, a line of spaces inside) the rows `_Reader._iter_rows_of` finds. Memoised in
    `_CHUNK_ROWS` by the chunk as split from its second sighting (the rows depend on the
    chunk alone, so a hit needs no strip)."""
    body = chunk.lstrip("\n \u3000\xa0")
    if not body:
        return ()  # `_CHUNK_ROWS` holds "" too, except just after another thread empties it
    if body[0] == "\t" and not ("\n " in body and _SPACE_LINE.search(body)):
        cells = body[1:].split("\n\t")
        n = len(cells)
        # Clean when every line is one cell with no stray space or tab: the common case,
        # checked with C-speed scans instead of stripping cell by cell.
        if (
            " " not in body
            and "\u3000" not in body
            and "\xa0" not in body
            and body.count("\t") == n
            and body.count("\n") == n - 1
        ):
            rows: tuple[Row, ...] = (tuple(cells),)
        else:
            rows = (tuple(_values(cells)),)
    else:
        rows = tuple(tuple(_values(raw)) for _, raw, _ in _Reader._iter_rows_of(body, 0))
    if body.startswith(_UNIQUE):
        pass  # a code row names one project: it never comes again, so it is not noted
    elif chunk in _CHUNKS_SEEN:
        if len(_CHUNK_ROWS) >= _MEMO_MAX:
            _CHUNK_ROWS.clear()
            _CHUNK_ROWS[""] = ()
        _CHUNK_ROWS[chunk] = rows
    else:
        if len(_CHUNKS_SEEN) >= _MEMO_MAX:
            _CHUNKS_SEEN.clear()
        _CHUNKS_SEEN.add(chunk)
    return rows


#: What a row's first cell (as `_Reader.project` cleans it) says the row is, once it holds
#: neither 项目编码 nor 预算数: `_kind`, memoised in `_KINDS` (bounded like the other memos).
_ROW_PURPOSE, _ROW_PLAN, _ROW_GOALS, _ROW_HEADER, _ROW_OTHER = 1, 2, 3, 4, 5
_KINDS: dict[str, int] = {}


def _kind(first: str) -> int:
    """The row kind of a first cell: a purpose (资金用途…), a plan header (资金支出计划…),
    the goals, an indicator table's header (by its first cell; a header is also any row
    holding 三级指标, which the caller checks), or another row."""
    kind = (
        _ROW_PURPOSE
        if first.startswith("资金用途")
        else _ROW_PLAN
        if first.startswith("资金支出计划")
        else _ROW_GOALS
        if first in ("绩效目标", "年度绩效目标")
        else _ROW_HEADER
        if first in ("一级指标", "三级指标")
        else _ROW_OTHER
    )
    if len(_KINDS) >= _MEMO_MAX:
        _KINDS.clear()
    _KINDS[first] = kind
    return kind


def _label(value: str) -> str:
    """A cell as a label: all whitespace removed (``其中：财政    资金``)."""
    return "".join(value.split()) if (" " in value or "\t" in value or "\u3000" in value) else value


def read_text(text: str, name: str) -> Document:
    """Read a goal document in the text layout. Raises `ReadError` naming file and line."""
    return read_text_plain(text, name)[0]


def read_text_plain(
    text: str, name: str, *, visible: bool = False
) -> tuple[Document, list[Project]]:
    """`read_text`, and the projects whose values are all plain: texts no longer than the
    shortest limit, amounts and percentages as their parsers bound them
    (`jixiao.core.validation.check_document` then checks only their amounts' size).
    ``visible``: ``text`` is known to hold no invisible character (`decode_checked`)."""
    # The model has no reference cycles; pausing the cyclic GC while building hundreds of
    # thousands of small objects saves it from scanning them again and again (~25%).
    paused = gc.isenabled()
    gc.disable()
    try:
        return _read_text(text, name, visible)
    finally:
        if paused:
            gc.enable()


def _read_text(text: str, name: str, visible: bool) -> tuple[Document, list[Project]]:
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text or text.isspace():  # what ``not text.strip()`` says, without a copy
        raise ReadError("文件为空，没有任何内容", file=name)
    # Whole-text passes run in C; none of them changes the number of lines.
    if not visible:
        text = drop_invisible(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # A one-character search first: ``"[bookmark:" in text`` scans a Chinese text five
    # times slower than ``"[" in text``, and most documents hold no "[" at all.
    if "[" in text and "[bookmark:" in text:
        text = _BOOKMARK.sub("", text)
    headings = _find_headings(text)
    if not headings:
        raise ReadError("找不到任何“××绩效目标表”，这不是绩效目标文档", file=name)
    reader = _Reader(name, text)
    overall, summaries, measures = department(text[: headings[0].start()].split("\n"))
    projects = []
    for k, m in enumerate(headings):
        end = headings[k + 1].start() if k + 1 < len(headings) else len(text)
        projects.append(reader.project(m, end))
    unit = reader.unit or Unit(code=None, name="")
    doc = Document(
        unit=unit,
        year=derived_year(projects, overall),
        money_unit=reader.money_unit or "万元",
        overall_goals=overall,
        project_summaries=summaries,
        measures=measures,
        projects=projects,
        absent=frozenset(
            ({"level1", "level2"} - reader.levels if reader.tables_read else set())
            | (set() if reader.has_basis else {"basis"})
        ),
    )
    doc.warnings.extend(reader.warnings)
    doc.warnings.extend(consistency_warnings(doc))
    return doc, reader.plain


def _find_headings(text: str) -> list[re.Match[str]]:
    """Project headings: lines (never cells) ending in 绩效目标表, found without a full scan."""
    found = []
    pos = text.find("绩效目标表")
    while pos >= 0:
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        m = _HEADING_LINE.match(text, start, end)
        if m:
            found.append(m)
        pos = text.find("绩效目标表", end)
    return found


class _Reader:
    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        self.unit: Unit | None = None
        #: The unit row's first cell as first read (`_unit_row` skips the same row again).
        self.unit_cell: str | None = None
        self.money_unit: str | None = None
        self.warnings: list[str] = []
        #: Projects whose values are all plain (see `project`).
        self.plain: list[Project] = []
        #: The longest chunk of the last project read by `_rows`.
        self.longest = 0
        #: Some indicator table has a 指标值确定依据 column (`Document.absent` otherwise).
        self.has_basis = False
        #: The indicator levels some table has a column for, and whether any table was read
        #: (`Document.absent` lists the levels no table has).
        self.levels: set[str] = set()
        self.tables_read = False

    def error(self, message: str, line: int) -> ReadError:
        return ReadError(message, file=self.name, line=line)

    # -- project tables --------------------------------------------------------------
    def _iter_rows(self, start: int, end: int) -> Iterator[tuple[int, list[str], bool]]:
        """Rows of ``text[start:end]`` as (offset, raw cells, one line per cell): blank lines
        end a row, a tab starts a cell, other lines continue the cell above."""
        pos = start
        for chunk in self.text[start:end].split("\n\n"):
            offset = pos
            pos += len(chunk) + 2
            body = chunk.lstrip("\n \u3000\xa0")
            if not body:
                continue
            offset += len(chunk) - len(body)
            if body[0] == "\t" and not ("\n " in body and _SPACE_LINE.search(body)):
                cells = body[1:].split("\n\t")
                # Clean when every line is one cell with no stray space or tab: the common
                # case, checked with C-speed scans instead of stripping cell by cell.
                clean = (
                    body.count("\n") == len(cells) - 1
                    and body.count("\t") == len(cells)
                    and " " not in body
                    and "\u3000" not in body
                    and "\xa0" not in body
                )
                yield offset, cells, clean
                continue
            yield from self._iter_rows_of(body, offset)

    @staticmethod
    def _iter_rows_of(body: str, offset: int) -> Iterator[tuple[int, list[str], bool]]:
        """Rare chunk shapes: a paragraph before the row, or a line of spaces inside."""
        for part in _SPACE_LINE.split(body):
            k = part.find("\t") if part.startswith("\t") else part.find("\n\t") + 1
            if k < 0 or (k == 0 and not part.startswith("\t")):
                continue
            yield offset + body.find(part) + k, part[k + 1 :].split("\n\t"), False

    def _rows(self, start: int, end: int) -> list[Row]:
        """The rows' cleaned cell values: `_iter_rows` without offsets, on the hot path.

        Must split exactly as `_iter_rows` does (a test checks that they agree). A chunk's
        rows depend on its text alone, and documents repeat most chunks (header rows, plan
        rows, indicator rows), so they are memoised by the chunk's text."""
        chunks = self.text[start:end].split("\n\n")
        self.longest = max(map(len, chunks))
        rows: list[Row] = []
        get = _CHUNK_ROWS.get
        for chunk in chunks:
            got = get(chunk)
            if got is None:
                got = _chunk_rows(chunk)
            rows += got
        return rows

    def _line(self, span: tuple[int, int], row: int, cell: int = 0) -> int:
        """1-based line of a cell, recomputed from the text only when an error needs it."""
        for k, (offset, raw, _) in enumerate(self._iter_rows(*span)):
            if k == row:
                first = self.text.count("\n", 0, offset) + 1
                return first + sum(c.count("\n") + 1 for c in raw[:cell])
        return self.text.count("\n", 0, span[0]) + 1

    def project(self, heading: re.Match[str], end: int) -> Project:
        seq_text, title = heading.group(1, 2)
        seq = int(seq_text)
        span = (heading.end(), end)
        rows = self._rows(*span)
        code = name = None
        budget: Budget | None = None
        purpose = None
        plan: SpendingPlan | None = None
        goals_text = None
        indicators: list[Indicator] = []
        have_code = have_indicators = False
        k = 0
        n = len(rows)
        # The first row may be the unit row of every table: skipped when read already
        # (`_unit_row` returns), else read. A first row that holds 项目编码 as well is
        # read as a code row by the loop (its first cell, the unit's, is no 项目编码, so
        # the loop reads it by `_after`).
        if n and "项目编码" not in (values := rows[0]):
            if values[0] == self.unit_cell and self.money_unit is not None:
                k = 1
            elif um := _UNIT_CELL.match(values[0]):
                self._unit_row(values, um, span)
                k = 1
        while k < n:
            values = rows[k]
            first = values[0] or next(filter(None, values), "")
            if first not in _USUAL_LABELS and (" " in first or "\t" in first or "\u3000" in first):
                first = _label(first)
            if first == "项目编码" or "项目编码" in values:
                have_code = True
                if (
                    len(values) == 4
                    and values[0] == "项目编码"
                    and values[2] == "项目名称"
                    and values[1] not in _NAME_LABELS
                ):
                    code, name = values[1] or None, values[3] or None  # what `_after` gives
                else:
                    code = _after(values, "项目编码")
                    name = _after(values, *_NAME_LABELS)
            elif "预算数" in values:
                budget = self._budget(values, span, k)
                if k + 1 < len(rows) and not rows[k + 1][0]:
                    k += 1
                    purpose = next(filter(None, rows[k][1:]), None)
            elif (kind := _KINDS.get(first) or _kind(first)) == _ROW_PURPOSE:
                purpose = next(filter(None, values[1:]), None)
            elif kind == _ROW_PLAN:
                months = _months(values)
                if k + 1 < n:
                    k += 1
                    plan = self._plan(months or PLAN_MONTHS, rows[k], span, k)
            elif kind == _ROW_GOALS:
                goals_text = next(filter(None, values[1:]), None)
            elif kind == _ROW_HEADER or "三级指标" in values:
                have_indicators = True
                indicators = self._indicators(rows, k, span)
                break
            k += 1
        if not (have_code and budget is not None and have_indicators):
            line = self.text.count("\n", 0, heading.start()) + 1
            if not have_code:
                raise self.error(f"项目表“{seq}.{title}”缺少“项目编码”行", line)
            if budget is None:
                raise self.error(f"项目表“{seq}.{title}”缺少“预算数”行", line)
            raise self.error(
                f"项目表“{seq}.{title}”不完整：缺少绩效指标表（一级指标/二级指标/三级指标…）",
                line,
            )
        heading_text = f"{seq}.{title}绩效目标表"
        # ``Project(seq, code or None, …, heading_text)`` without the class call, as for
        # indicators (`_PROJECT_FIELDS`).
        project = _new(Project)
        project.seq = seq
        project.code = code or None
        project.name = name or title
        project.budget = budget
        project.purpose = purpose
        project.spending_plan = SpendingPlan() if plan is None else plan
        project.goals = _split_goals(goals_text)
        project.indicators = indicators
        project.goals_text = goals_text
        project.title = heading_text
        project.execution = None
        # Every text of the project is a cell of its rows (or the heading), every amount and
        # percentage went through `parse_amount`/`parse_percent`, which refuse what is out
        # of their bounds: when no chunk is longer than the shortest text limit, the
        # project's values are plain (`validation.project_problems`).
        if (
            self.longest <= _SHORT
            and len(heading_text) <= _SHORT
            and (not code or len(code) <= _CODE_LIMIT)
        ):
            self.plain.append(project)
        return project

    def _unit_row(self, values: Row, m: re.Match[str], span: tuple[int, int]) -> None:
        if values[0] == self.unit_cell and self.money_unit is not None:
            return  # the unit row of every table: the same unit, the money unit already seen
        unit = Unit(m.group(1), m.group(2))
        if self.unit is None:
            self.unit = unit
            self.unit_cell = values[0]
        elif unit != self.unit:
            self.warnings.append(
                f"第 {self._line(span, 0)} 行：单位“{unit.code}{unit.name}”与前面的"
                f"“{self.unit.code}{self.unit.name}”不同"
            )
        if self.money_unit is None:
            for v in values[1:]:
                mu = _MONEY_UNIT.search(_label(v))
                if mu:
                    self.money_unit = mu.group(1)
                    break

    def _budget(self, values: Row, span: tuple[int, int], row: int) -> Budget:
        if (
            len(values) == 7
            and values[1] == "预算数"
            and values[3] == "其中：财政资金"
            and values[5] == "其他资金"
            and values[0] == "预算规模及资金用途"
            and values[2].isascii()
            and values[4].isascii()
        ):
            # The usual row: what the loop below reads from it (the labels at 1, 3 and 5
            # before the amounts they name; the ASCII cells at 2 and 4 are no labels).
            try:
                total = parse_amount(values[2])
                fiscal = parse_amount(values[4])
                other = parse_amount(values[6])
            except ValueError:
                pass  # the loop below says which cell, on which line
            else:
                # ``Budget(total, fiscal, other)`` without the class call (`_BUDGET_FIELDS`).
                budget = _new(Budget)
                budget.total = total
                budget.fiscal = fiscal
                budget.other = other
                budget.carryover = None
                budget.raw = {}
                budget.parts_unread = False
                return budget
        amounts: dict[str, Decimal | None] = {}
        unread = False
        get = _BUDGET_LABELS.get
        for i in range(len(values) - 1):
            v = values[i]
            if v.isascii():
                continue  # an amount, or blank: every label is Chinese
            # `_label(v)` is ``v`` itself unless ``v`` holds a space, tab or U+3000.
            field = get(v) or (get(_label(v)) if (" " in v or "\t" in v or "\u3000" in v) else None)
            if field and field not in amounts:
                try:
                    amounts[field] = parse_amount(values[i + 1])
                except ValueError as e:
                    line = self._line(span, row, i + 1)
                    raise self.error(f"{_label(values[i])}：{e}", line) from None
            elif not field and "其中" in v and not unread:
                # ``其中：一般公共预算拨款 | 50.00``: a part under a label not known here.
                with suppress(ValueError):  # not an amount: no part
                    unread = parse_amount(values[i + 1]) is not None
        amount = amounts.get
        budget = Budget(
            amount("total"), amount("fiscal"), amount("other"), carryover=amount("carryover")
        )
        budget.parts_unread = unread
        return budget

    def _plan(
        self, months: tuple[int, ...], values: Row, span: tuple[int, int], row: int
    ) -> SpendingPlan:
        cells = _PLAN_CELLS.get((months, values))
        if cells is None:
            cells = self._plan_cells(months, values, span, row)
        # ``[PlanCell(*c) for c in cells]`` in ``SpendingPlan(…)`` without the class calls.
        out = []
        for month, text, percent in cells:
            cell = _new(PlanCell)
            cell.month = month
            cell.text = text
            cell.percent = percent
            out.append(cell)
        plan = _new(SpendingPlan)
        plan.cells = out
        return plan

    def _plan_cells(
        self, months: tuple[int, ...], values: Row, span: tuple[int, int], row: int
    ) -> tuple[tuple[int, str | None, Decimal | None], ...]:
        """The plan's (month, text, percent) cells; memoised in `_PLAN_CELLS` (a plan row
        means the same under the same months)."""
        skip = 1 if not values[0] and len(values) > len(months) else 0
        plan = []
        for k, month in enumerate(months):
            if skip + k >= len(values):
                break
            text = values[skip + k] or None
            try:
                percent = parse_percent(text)
            except ValueError as e:
                line = self._line(span, row, skip + k)
                raise self.error(f"资金支出计划（{month}月底）：{e}", line) from None
            plan.append((month, text, percent))
        if len(_PLAN_CELLS) >= _MEMO_MAX:
            _PLAN_CELLS.clear()
        cells = _PLAN_CELLS[(months, values)] = tuple(plan)
        return cells

    def _indicators(
        self, rows: list[Row], header_at: int, span: tuple[int, int]
    ) -> list[Indicator]:
        header = rows[header_at]
        shape = _table_shape(header)
        if shape is None:
            raise self.error("绩效指标表缺少“三级指标”或“指标值”列", self._line(span, header_at))
        width, pick, pad, usual, has_basis, levels = shape
        self.has_basis = self.has_basis or has_basis
        self.levels |= levels
        self.tables_read = True
        result: list[Indicator] = []
        append = result.append
        level1 = level2 = None
        for k in range(header_at + 1, len(rows)):
            values = rows[k]
            if usual and len(values) == 6:
                l1, l2, name, description, target, basis = values
            else:
                if len(values) < width:
                    if not any(values):
                        continue
                    raise self.error(
                        f"指标行只有 {len(values)} 个单元格（表头有 {width} 列），表格不完整",
                        self._line(span, k),
                    )
                l1, l2, name, description, target, basis = pick((*values, "") if pad else values)
            if not (name or description or target or basis):
                continue  # an unused template line (e.g. 生态效益指标 with nothing else)
            # Merged cells come out empty: a blank 一级/二级 continues the one above.
            level1 = l1 or level1
            level2 = l2 or (level2 if not l1 else None)
            # ``Indicator(level1, level2, name or None, …)`` without the class call: the
            # same attributes set in the same order as the dataclass's ``__init__`` sets
            # them (`_INDICATOR_FIELDS`, checked by a test), a third cheaper.
            ind = _new(Indicator)
            ind.level1 = level1
            ind.level2 = level2
            ind.name = name or None
            ind.description = description or None
            ind.target = parse_target(target)
            ind.basis = basis or None
            ind.weight = None
            ind.actual = None
            ind.score = None
            ind.deviation_reason = None
            ind.midterm = None
            ind.scoring_rule = None
            append(ind)
        return result


@lru_cache(maxsize=256)
def _columns(header: tuple[str, ...]) -> dict[str, int]:
    """Indicator fields by column, from the header's wording (the same in every table)."""
    columns: dict[str, int] = {}
    for i, value in enumerate(header):
        fieldname = indicator_field(normalize(value)[0])
        if fieldname and fieldname not in columns:
            columns[fieldname] = i
    return columns


@lru_cache(maxsize=256)
def _table_shape(
    header: Row,
) -> tuple[int, itemgetter[Row], bool, bool, bool, frozenset[str]] | None:
    """How to read an indicator table's rows from its header: the width, a C-level picker
    of the six fields (a missing column reads the padding cell appended at index
    ``width``), whether rows need that padding, whether the table is the usual one (the
    six fields are the six columns, in order), whether it has a 指标值确定依据 column and
    the levels it has a column for (`Document.absent`). None without 三级指标 or 指标值."""
    columns = _columns(header)
    if "name" not in columns or "target" not in columns:
        return None
    width = len(header)
    where = tuple(
        columns.get(f, width)
        for f in ("level1", "level2", "name", "description", "target", "basis")
    )
    pad = any(f not in columns for f in ("level1", "level2", "description", "basis"))
    pick: itemgetter[Row] = itemgetter(*where)  # type: ignore[arg-type]
    usual = where == (0, 1, 2, 3, 4, 5) and width == 6
    levels = frozenset(f for f in ("level1", "level2") if usual or f in columns)
    return width, pick, pad, usual, usual or "basis" in columns, levels


@lru_cache(maxsize=256)
def _months(header: Row) -> tuple[int, ...]:
    """The months of a plan's header row (``3月底`` …), as written."""
    return tuple(int(mm.group(1)) for v in header[1:] if (mm := _MONTH.search(v)))


def _split_goals(text: str | None) -> list[str]:
    """`split_goals`, memoised (units repeat their goals from table to table)."""
    if not text:
        return []
    goals = _GOALS.get(text)
    if goals is None:
        if len(_GOALS) >= _MEMO_MAX:
            _GOALS.clear()
        goals = _GOALS[text] = tuple(split_goals(text))
    return list(goals)


def _after(values: Row, *keys: str) -> str | None:
    for i, v in enumerate(values):
        if v in keys and i + 1 < len(values):
            return values[i + 1] or None
    return None


# -- writer ----------------------------------------------------------------------------


def write_text(doc: Document, out: TextIO) -> None:
    """Write the document in the same text layout the reader reads."""
    w = out.write
    w(" 第一部分\n部门整体绩效目标\n \n一、总体绩效目标\n")
    for i, goal in enumerate(doc.overall_goals, 1):
        w(add_ordinal(i, goal) + "\n")
    w("二、分项绩效目标\n")
    for s in doc.project_summaries:
        w(f"{s.seq}.{s.name}\n")
        if s.text:
            w(s.text + "\n")
    w("三、工作保障措施\n")
    for i, measure in enumerate(doc.measures, 1):
        w(add_ordinal(i, measure) + "\n")
    w(" 预算项目绩效目标\n \n")
    unit_cell = f"{doc.unit.code or ''}{doc.unit.name}"
    basis_absent = "basis" in doc.absent
    level1_absent, level2_absent = "level1" in doc.absent, "level2" in doc.absent
    for index, p in enumerate(doc.projects, 1):
        w(f"{p.seq or index}.{_title_name(p)}绩效目标表\n")
        w(f"\t{unit_cell}\n\t单位：{doc.money_unit}\n\n")
        w(f"\t项目编码\n\t{p.code or ''}\n\t项目名称\n\t{p.name}\n\n")
        b = p.budget
        w("\t预算规模及资金用途\n\t预算数\n")
        w(f"\t{_amount(b.total)}\n\t其中：财政资金\n\t{_amount(b.fiscal)}\n")
        w(f"\t其他资金\n\t{_amount(b.other)}\n")
        if b.carryover is not None:  # only a layout that has the cell
            w(f"\t上年结转资金\n\t{_amount(b.carryover)}\n")
        w("\n")
        w(f"\t\n\t{p.purpose or ''}\n\n")
        cells = p.spending_plan.cells
        if cells:  # a document without a plan writes no plan rows, so none is read back
            w("\t资金支出计划（%）\n")
            w("".join(f"\t{c.month}月底\n" for c in cells) + "\n\t\n")
            w("".join(f"\t{c.text or ''}\n" for c in cells) + "\n")
        w(f"\t绩效目标\n\t{p.goals_cell()}\n\n \n")
        # A layout without a 指标值确定依据 column (`Document.absent`) is written without it.
        # Nor without a 一级/二级 column for a layout without that level.
        w("" if level1_absent else "\t一级指标\n")
        w("" if level2_absent else "\t二级指标\n")
        w("\t三级指标\n\t绩效指标描述\n\t指标值\n")
        w("\n" if basis_absent else "\t指标值确定依据\n\n")
        for ind in p.indicators:
            values = [ind.name, ind.description, ind.target.text]
            if not level2_absent:
                values.insert(0, ind.level2)
            if not level1_absent:
                values.insert(0, ind.level1)
            for value in values:
                w(f"\t{value or ''}\n")
            w("\n" if basis_absent else f"\t{ind.basis or ''}\n\n")
        w("\n \n")


def _title_name(p: Project) -> str:
    if p.title:
        m = _HEADING.match(p.title)
        if m:
            return m.group(2)
    return p.name


_amount = amount_text


def read_bytes(data: bytes, name: str) -> Document:
    """Decode (`jixiao.core.textcodec`: UTF-8, UTF-16 with BOM, else GB18030) and read."""
    return read_bytes_plain(data, name)[0]


def read_bytes_plain(data: bytes, name: str) -> tuple[Document, list[Project]]:
    """`read_bytes`, and the projects whose values are plain (`read_text_plain`)."""
    text, visible = decode_checked(data)
    if text is None:
        raise ReadError("无法识别文件编码（应为 UTF-8、UTF-16 或 GBK 文本）", file=name)
    return read_text_plain(text, name, visible=visible)


def write_bytes(doc: Document) -> bytes:
    import io

    buf = io.StringIO()
    write_text(doc, buf)
    return buf.getvalue().encode("utf-8")
