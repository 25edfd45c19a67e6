"""Rows of cells → `Document`: the layout-agnostic part shared by the docx and xlsx readers.

A reader turns its file into `Row` objects in reading order: paragraphs (docx) and table
rows, each row holding its cells once (a horizontally merged cell appears once, with its
grid column and span; a vertically merged continuation appears as ``cont`` carrying the
text of the cell it continues). Typed values are already text (an xlsx 0.25 formatted
``0%`` is ``"25%"``). From there on, one set of rules reads every layout:

- a heading ``N.名称绩效目标表`` starts a project; so does a ``项目编码``/``项目名称`` row when
  the current project already has one (stacked blocks without headings);
- label/value pairs are mapped by meaning (headers.py), not by position;
- an indicator header row (``三级指标``/``指标`` with ``指标值``…) starts indicator rows,
  mapped by grid column; if it also has project columns it is a flat export (one row per
  indicator, project fields repeated or merged down);
- before the first project, single-cell rows are the department part, read by the text
  reader's own rules so every format gives the same model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.core.amounts import convert, parse_amount_with_unit, parse_percent
from jixiao.core.errors import ReadError
from jixiao.core.formats.department import department, derived_year
from jixiao.core.formats.headers import (
    COMPARATOR_WORDS,
    SUBTOTAL_LABELS,
    indicator_field,
    normalize,
    project_field,
)
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
from jixiao.core.numbering import split_goals
from jixiao.core.targets import parse_target
from jixiao.core.warnings import consistency_warnings

HEADING = re.compile(r"^\s*(\d+)\s*[.．、]\s*(.+?)\s*绩效目标表\s*$")
_MONEY_UNIT = re.compile(r"单位\s*[：:]\s*(万元|元|千元|亿元)")
_UNIT_CELL = re.compile(r"^\s*(\d{3,})\s*(\S.*?)\s*$")
_UNIT_LABEL = re.compile(
    r"^\s*(?:预算单位|单位名称|实施单位|填报单位|编制单位)(?:及代码)?(?:[(（]盖章[)）])?"
    r"\s*[：:]\s*(.*?)\s*$"
)
_MONEY_PREFIX = re.compile(r"[（(]?\s*(?:金额)?\s*$")
_MONTH = re.compile(r"(\d{1,2})\s*月")
_YEAR = re.compile(r"(20\d\d)\s*年")
_SECTION = re.compile(r"^\s*[一二三四五六七八九十]+\s*、")
_BUDGET_BLOCK = "预算规模及资金用途"


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
    purpose: str | None = None
    plan: list[PlanCell] = field(default_factory=list)
    plan_months: list[int] | None = None
    goals_text: str | None = None
    columns: dict[str, int] | None = None
    hints: dict[str, str] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    level1: str | None = None
    level2: str | None = None
    expect: str | None = None

    @property
    def has_identity(self) -> bool:
        return self.code is not None or self.name is not None or self.columns is not None


def _blank(cell: Cell) -> bool:
    return cell.cont or not cell.text.strip()


class Builder:
    """Reads `Row` objects one at a time; `document()` gives the result."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.dept_lines: list[str] = []
        self.projects: list[Project] = []
        self.flat_projects: list[Project] = []
        self.unit: Unit | None = None
        self.money_unit: str | None = None
        self.unit_hints: list[str] = []
        self.draft: _Draft | None = None
        self.flat: dict[str, int] | None = None
        self.flat_hints: dict[str, str] = {}
        self.flat_key: tuple[str | None, str | None] = (None, None)
        self.section: str | None = None
        self.after_header = False
        self._pending: list[tuple[Project, dict[str, _Amount]]] = []

    def error(self, message: str, place: str) -> ReadError:
        return ReadError(message, file=self.name, place=place or None)

    # -- reading rows ----------------------------------------------------------------
    def feed(self, rows: Iterable[Row]) -> None:
        for row in rows:
            self.row(row)

    def row(self, row: Row) -> None:
        if row.section != self.section:
            self.finish()
            self.flat = None
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
            if self._unit_or_money(row, filled):
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

    def _unit_or_money(self, row: Row, filled: list[Cell]) -> bool:
        """A unit row (``314003唐山市…  单位：万元``, as cells or one line) or ``金额单位：元``."""
        money = None
        unit_text = None
        money_cell = None
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
            um = _UNIT_LABEL.match(c.text)
            if um:
                unit_text = um.group(1)
                if not unit_text:
                    nxt = [d for d in filled if d.col > c.col]
                    unit_text = nxt[0].text.strip() if nxt else ""
                break
        if money is None and unit_text is None:
            return False
        if money is not None and self.money_unit is None:
            self.money_unit = money
        if unit_text is None and money_cell is not None and filled[0] is not money_cell:
            unit_text = filled[0].text.strip()
        if unit_text is not None:
            um = _UNIT_LABEL.match(unit_text)
            if um:
                unit_text = um.group(1)
            m = _UNIT_CELL.match(unit_text)
            if m:
                self._set_unit(Unit(code=m.group(1), name=m.group(2)))
            else:
                self._set_unit(Unit(code=None, name=unit_text))
        return True

    def _set_unit(self, unit: Unit) -> None:
        if self.unit is None:
            self.unit = unit

    def table_row(self, row: Row, filled: list[Cell]) -> None:
        labels = [("", None) if c.cont else normalize(c.text) for c in row.cells]
        ind_cols: dict[str, int] = {}
        proj_cols: dict[str, int] = {}
        hints: dict[str, str] = {}
        for c, (lab, unit) in zip(row.cells, labels, strict=True):
            f = indicator_field(lab)
            if f and f not in ind_cols:
                ind_cols[f] = c.col
            pf = project_field(lab)
            if pf and pf not in proj_cols:
                proj_cols[pf] = c.col
                if unit:
                    hints[pf] = unit
        if self.after_header and len(ind_cols) >= 2:
            # The second row of a two-row header (``绩效指标`` over 一级/二级/三级).
            columns = (
                self.flat
                if self.flat is not None
                else (self.draft.columns if self.draft is not None else None)
            )
            if columns is not None:
                columns.update(ind_cols)
                return
        self.after_header = False
        if "name" in ind_cols and ({"target", "level1", "description"} & set(ind_cols)):
            self.after_header = True
            if "name" in proj_cols or "code" in proj_cols:
                self.finish()
                self.flat = {**{f"p.{k}": v for k, v in proj_cols.items()}, **ind_cols}
                self.flat_hints = hints
                self.flat_key = (None, None)
                return
            if self.draft is None or self.draft.columns is not None:
                self.finish()
                self.draft = _Draft(row.place)
            self.draft.columns = ind_cols
            self.draft.level1 = self.draft.level2 = None
            return
        if self.flat is not None:
            self.flat_row(row)
            return
        first = labels[0][0] if labels else ""
        if first in SUBTOTAL_LABELS:
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
            if fname == "plan":
                draft.plan_months = [
                    int(m.group(1))
                    for c in row.cells
                    if not c.cont and (m := _MONTH.search(c.text))
                ] or list(PLAN_MONTHS)
                draft.plan = [PlanCell(m, None, None) for m in draft.plan_months]
                expect = "plan"
                continue
            text = value.text.strip() if value is not None else ""
            if fname == "code":
                draft.code = text or None
            elif fname == "name":
                draft.name = text or None
            elif fname in ("total", "fiscal", "other"):
                amount = self._amount(label, text, unit, value)
                if amount is not None:
                    draft.amounts[fname] = amount
                if fname == "total":
                    expect = "purpose" if labels[0][0] == _BUDGET_BLOCK else expect
            elif fname == "purpose":
                draft.purpose = text or None
            elif fname == "goals":
                draft.goals_text = text or None
        if self.draft is not None:
            self.draft.expect = expect

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
                out.append((f, lab, None, None))
                break
            if f:
                value = cells[i + 1] if i + 1 < len(cells) else None
                out.append((f, lab, value, unit))
                i += 2
                continue
            if lab and ":" in lab:
                head = lab.partition(":")[0]
                hf = project_field(normalize(head)[0])
                if hf and hf != "plan":
                    raw = cells[i].text.replace("：", ":").split(":", 1)[1]
                    out.append((hf, head, Cell(raw, cells[i].col, place=cells[i].place), None))
            i += 1
        return out

    def _amount(self, label: str, text: str, unit: str | None, cell: Cell | None) -> _Amount | None:
        place = cell.place if cell is not None else ""
        try:
            value, written_unit = parse_amount_with_unit(text)
        except ValueError:
            raise self.error(f"{label}：金额“{text}”不是数字", place) from None
        if value is None:
            return None
        if unit:
            self.unit_hints.append(unit)
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
        if first is not None and normalize(first.text)[0] in SUBTOTAL_LABELS:
            return
        name, description, basis = get("name"), get("description"), get("basis")
        target = _compose_target(get("target"), get("comparator"), get("unit"))
        l1, l2 = get("level1"), get("level2")
        if not any((name, description, target, basis)):
            return  # an unused template line (e.g. 生态效益指标 with nothing else)
        draft.level1 = l1 or draft.level1
        draft.level2 = l2 or (draft.level2 if not l1 else None)
        weight_text = get("weight")
        try:
            weight = parse_percent(weight_text)
        except ValueError:
            cell = at.get(columns["weight"])
            raise self.error(
                f"权重“{weight_text}”不是数字", cell.place if cell else row.place
            ) from None
        draft.indicators.append(
            Indicator(
                level1=draft.level1,
                level2=draft.level2,
                name=name,
                description=description,
                target=parse_target(target or ""),
                basis=basis,
                weight=weight,
            )
        )

    def flat_row(self, row: Row) -> None:
        assert self.flat is not None
        cols = self.flat
        at: dict[int, Cell] = {c.col: c for c in row.cells}

        def get(key: str) -> Cell | None:
            col = cols.get(key)
            c = at.get(col) if col is not None else None
            return c if c is not None and c.text.strip() else None

        first = next((c for c in row.cells if not _blank(c)), None)
        if first is not None and normalize(first.text)[0] in SUBTOTAL_LABELS:
            return
        code_c, name_c = get("p.code"), get("p.name")
        code = code_c.text.strip() if code_c else None
        name = name_c.text.strip() if name_c else None
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
        for key in ("total", "fiscal", "other"):
            c = get(f"p.{key}")
            if c is not None and key not in draft.amounts:
                amount = self._amount(key, c.text.strip(), self.flat_hints.get(key), c)
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
        if name is None:
            raise self.error("指标表前找不到项目名称（项目名称/项目支出名称）", draft.place)
        target = self.flat_projects if self.flat is not None else self.projects
        target.append(
            Project(
                seq=draft.seq,
                code=draft.code,
                name=name,
                budget=Budget(total=None),
                purpose=draft.purpose,
                spending_plan=SpendingPlan(draft.plan),
                goals=split_goals(draft.goals_text),
                indicators=draft.indicators,
                goals_text=draft.goals_text,
                title=draft.title,
            )
        )
        # Amounts are converted once the document's money unit is known.
        self._pending.append((target[-1], draft.amounts))

    def document(self, where: str) -> Document:
        """The document read so far; ``where`` names what was searched, for the error."""
        self.finish()
        # A flat sheet next to per-project tables is a summary of them (our own xlsx
        # writes one): the tables win.
        projects = self.projects or self.flat_projects
        if not projects:
            raise self.error("没有找到绩效目标表（含“三级指标”“指标值”等列的表格）", where)
        money_unit = self.money_unit or (self.unit_hints[0] if self.unit_hints else "万元")
        if money_unit == "%":
            money_unit = "万元"
        for project, amounts in self._pending:
            values: dict[str, Decimal | None] = {}
            for key, a in amounts.items():
                v = a.value
                if a.unit and a.unit != money_unit and a.unit != "%":
                    v = convert(v, a.unit, money_unit)
                values[key] = v
            project.budget = Budget(
                total=values.get("total"), fiscal=values.get("fiscal"), other=values.get("other")
            )
        for i, p in enumerate(projects, 1):
            if p.seq is None:
                p.seq = i
        overall, summaries, measures = department(self.dept_lines)
        year = None
        for line in self.dept_lines:
            if _SECTION.match(line):
                break
            m = _YEAR.search(line)
            if m:
                year = int(m.group(1))
                break
        doc = Document(
            unit=self.unit or Unit(code=None, name=""),
            year=year if year is not None else derived_year(projects, overall),
            money_unit=money_unit,
            overall_goals=overall,
            project_summaries=summaries,
            measures=measures,
            projects=projects,
        )
        doc.warnings.extend(consistency_warnings(doc))
        return doc


def _names_project_field(text: str) -> bool:
    """``项目名称：社区保洁`` as a paragraph of its own."""
    head, colon, _ = text.replace("：", ":").partition(":")
    return bool(colon) and project_field(normalize(head)[0]) in ("code", "name")


def _compose_target(value: str | None, comparator: str | None, unit: str | None) -> str | None:
    """``指标值`` plus the ``指标性质`` and ``计量单位`` columns of other layouts, as one text.

    ``(90, ≥, %)`` → ``"≥90%"``; a value that already carries them is left alone.
    """
    if value is None:
        return None
    text = value
    if comparator:
        symbol = COMPARATOR_WORDS.get(normalize(comparator)[0])
        if symbol and not parse_target(text).comparator:
            text = symbol + text
    if unit and unit.strip() not in ("/", "-", "无") and not text.endswith(unit.strip()):
        t = parse_target(text)
        if t.value is not None and not t.unit:
            text = text + unit.strip()
    return text
