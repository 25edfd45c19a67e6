"""The text layout of a goal document: a .docx exported to text (domain.md §2).

Tables come out one cell per line, each cell starting with a tab; rows end at a blank line;
a cell's further lines follow without a tab; merged cells are empty cells; ``[bookmark: …]``
markers precede headings. Outside the tables, the department part is plain paragraphs.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from typing import TextIO

from jixiao.core.amounts import parse_amount, parse_percent
from jixiao.core.errors import ReadError
from jixiao.core.model import (
    PLAN_MONTHS,
    Budget,
    Document,
    Indicator,
    PlanCell,
    Project,
    ProjectSummary,
    SpendingPlan,
    Unit,
)
from jixiao.core.numbering import add_ordinal, split_goals, strip_ordinal
from jixiao.core.targets import parse_target
from jixiao.core.warnings import consistency_warnings

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_HEADING = re.compile(r"^\s*(\d+)\s*[.．、]\s*(.+?)\s*绩效目标表\s*$")
_SECTION = re.compile(r"^\s*([一二三四五六七八九十]+)\s*、\s*(.+?)\s*$")
_SUMMARY = re.compile(r"^\s*(\d+)\s*[.．、]\s*(.+?)\s*$")
_TITLE = re.compile(r"^\s*(第[一二三四五六七八九十]+部分|[^，。；,;]{0,16}绩效目标)\s*$")
_UNIT_CELL = re.compile(r"^\s*(\d{3,})\s*(.*?)\s*$")
_MONEY_UNIT = re.compile(r"单位\s*[：:]\s*(\S+)")
_MONTH = re.compile(r"(\d{1,2})\s*月")
_WS = re.compile(r"\s+")

#: Header words of the indicator table, by field (the seed's wording first).
INDICATOR_HEADERS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标",),
    "description": ("绩效指标描述", "指标描述", "指标内容"),
    "target": ("指标值", "年度指标值", "指标值及单位"),
    "basis": ("指标值确定依据", "绩效标准", "确定依据"),
}


class _Cell:
    __slots__ = ("line", "text")

    def __init__(self, text: str, line: int) -> None:
        self.text = text
        self.line = line

    @property
    def value(self) -> str:
        """The cell's text with stray tabs and surrounding spaces removed."""
        return "\n".join(part.strip() for part in self.text.split("\n")).strip()

    @property
    def label(self) -> str:
        """The cell as a label: all whitespace removed (``其中：财政    资金``)."""
        return _WS.sub("", self.text)


Row = list[_Cell]


def read_text(text: str, name: str) -> Document:
    """Read a goal document in the text layout. Raises `ReadError` naming file and line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ReadError("文件为空，没有任何内容", file=name)
    lines = text.splitlines()
    if "[bookmark:" in text:
        lines = [_BOOKMARK.sub("", ln) if "[bookmark:" in ln else ln for ln in lines]
    headings = [
        (i, m)
        for i, ln in enumerate(lines)
        if ln and ln[0] != "\t" and "绩效目标表" in ln and (m := _HEADING.match(ln))
    ]
    if not headings:
        raise ReadError("找不到任何“××绩效目标表”，这不是绩效目标文档", file=name)
    reader = _Reader(name)
    overall, summaries, measures = reader.department(lines[: headings[0][0]])
    projects = []
    for k, (i, m) in enumerate(headings):
        end = headings[k + 1][0] if k + 1 < len(headings) else len(lines)
        projects.append(reader.project(lines, i, end, int(m.group(1)), m.group(2)))
    unit = reader.unit or Unit(code=None, name="")
    doc = Document(
        unit=unit,
        year=_year(projects, overall),
        money_unit=reader.money_unit or "万元",
        overall_goals=overall,
        project_summaries=summaries,
        measures=measures,
        projects=projects,
    )
    doc.warnings.extend(reader.warnings)
    doc.warnings.extend(consistency_warnings(doc))
    return doc


def _year(projects: list[Project], overall: list[str]) -> int | None:
    years = Counter(
        2000 + int(p.code[6:8])
        for p in projects
        if p.code and len(p.code) >= 8 and p.code[6:8].isdigit()
    )
    if years:
        return years.most_common(1)[0][0]
    for goal in overall:
        m = re.search(r"(20\d\d)\s*年", goal)
        if m:
            return int(m.group(1))
    return None


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.unit: Unit | None = None
        self.money_unit: str | None = None
        self.warnings: list[str] = []

    def error(self, message: str, line: int) -> ReadError:
        return ReadError(message, file=self.name, line=line)

    # -- department part -------------------------------------------------------------
    def department(self, lines: list[str]) -> tuple[list[str], list[ProjectSummary], list[str]]:
        overall: list[str] = []
        summaries: list[ProjectSummary] = []
        measures: list[str] = []
        section = None
        for raw in lines:
            line = raw.strip()
            if not line:
                continue
            m = _SECTION.match(line)
            if m and len(line) <= 20:
                title = m.group(2)
                section = (
                    "overall"
                    if "总体" in title
                    else "summaries"
                    if "分项" in title
                    else "measures"
                    if ("保障" in title or "措施" in title)
                    else None
                )
                continue
            if _TITLE.match(line):
                continue
            if section == "overall":
                overall.append(strip_ordinal(line))
            elif section == "measures":
                measures.append(strip_ordinal(line))
            elif section == "summaries":
                sm = _SUMMARY.match(line)
                if sm and not line[len(sm.group(1)) :].lstrip().startswith(("年", "月")):
                    summaries.append(ProjectSummary(int(sm.group(1)), sm.group(2), ""))
                elif summaries:
                    last = summaries[-1]
                    last.text = f"{last.text}\n{line}" if last.text else line
        return overall, summaries, measures

    # -- project tables --------------------------------------------------------------
    def project(self, lines: list[str], start: int, end: int, seq: int, title: str) -> Project:
        rows = _rows(lines, start + 1, end)
        heading_line = start + 1
        code = name = None
        budget: Budget | None = None
        purpose = None
        plan = SpendingPlan()
        goals_text = None
        indicators: list[Indicator] = []
        have_code = have_indicators = False
        k = 0
        while k < len(rows):
            row = rows[k]
            labels = [c.label for c in row]
            first = next((lab for lab in labels if lab), "")
            if k == 0 and (um := _UNIT_CELL.match(row[0].value)) and "项目编码" not in labels:
                self._unit_row(row, um)
            elif "项目编码" in labels:
                have_code = True
                code = _after(row, labels, "项目编码")
                name = _after(row, labels, "项目名称", "项目支出名称")
            elif "预算数" in labels:
                budget = self._budget(row, labels)
                if k + 1 < len(rows) and not rows[k + 1][0].label:
                    k += 1
                    purpose = next((c.value for c in rows[k][1:] if c.value), None)
            elif first.startswith("资金用途"):
                purpose = next((c.value for c in row[1:] if c.value), None)
            elif first.startswith("资金支出计划"):
                months = [int(mm.group(1)) for c in row[1:] if (mm := _MONTH.search(c.label))]
                if k + 1 < len(rows):
                    k += 1
                    plan = self._plan(months or list(PLAN_MONTHS), rows[k])
            elif first == "绩效目标" or first == "年度绩效目标":
                goals_text = next((c.value for c in row[1:] if c.value), None)
            elif "三级指标" in labels or "一级指标" in labels:
                have_indicators = True
                indicators = self._indicators(row, rows[k + 1 :])
                break
            k += 1
        if not have_code:
            raise self.error(f"项目表“{seq}.{title}”缺少“项目编码”行", heading_line)
        if budget is None:
            raise self.error(f"项目表“{seq}.{title}”缺少“预算数”行", heading_line)
        if not have_indicators:
            raise self.error(
                f"项目表“{seq}.{title}”不完整：缺少绩效指标表（一级指标/二级指标/三级指标…）",
                heading_line,
            )
        return Project(
            seq=seq,
            code=code or None,
            name=name or title,
            budget=budget,
            purpose=purpose,
            spending_plan=plan,
            goals=split_goals(goals_text),
            indicators=indicators,
            goals_text=goals_text,
            title=f"{seq}.{title}绩效目标表",
        )

    def _unit_row(self, row: Row, m: re.Match[str]) -> None:
        unit = Unit(code=m.group(1), name=m.group(2))
        if self.unit is None:
            self.unit = unit
        elif unit != self.unit:
            self.warnings.append(
                f"第 {row[0].line} 行：单位“{unit.code}{unit.name}”与前面的"
                f"“{self.unit.code}{self.unit.name}”不同"
            )
        for c in row[1:]:
            mu = _MONEY_UNIT.search(c.label)
            if mu:
                self.money_unit = self.money_unit or mu.group(1)

    def _budget(self, row: Row, labels: list[str]) -> Budget:
        def amount(*keys: str) -> Decimal | None:
            for i, lab in enumerate(labels):
                if lab in keys and i + 1 < len(row):
                    cell = row[i + 1]
                    try:
                        return parse_amount(cell.value)
                    except ValueError as e:
                        raise self.error(f"{lab}：{e}", cell.line) from None
            return None

        total = amount("预算数", "预算金额", "年度预算数")
        fiscal = amount("其中：财政资金", "其中:财政资金", "财政资金", "财政拨款")
        other = amount("其他资金")
        return Budget(total=total, fiscal=fiscal, other=other)

    def _plan(self, months: list[int], row: Row) -> SpendingPlan:
        cells = row[1:] if not row[0].label and len(row) > len(months) else row
        plan = []
        for month, cell in zip(months, cells, strict=False):
            text = cell.value or None
            try:
                percent = parse_percent(text)
            except ValueError as e:
                raise self.error(f"资金支出计划（{month}月底）：{e}", cell.line) from None
            plan.append(PlanCell(month=month, text=text, percent=percent))
        return SpendingPlan(plan)

    def _indicators(self, header: Row, rows: list[Row]) -> list[Indicator]:
        columns: dict[str, int] = {}
        for i, c in enumerate(header):
            for fieldname, words in INDICATOR_HEADERS.items():
                if c.label in words and fieldname not in columns:
                    columns[fieldname] = i
        missing = [f for f in ("name", "target") if f not in columns]
        if missing:
            raise self.error("绩效指标表缺少“三级指标”或“指标值”列", header[0].line)
        width = len(header)
        result: list[Indicator] = []
        level1 = level2 = None
        for row in rows:
            if not any(c.value for c in row):
                continue
            if len(row) < width:
                raise self.error(
                    f"指标行只有 {len(row)} 个单元格（表头有 {width} 列），表格不完整",
                    row[0].line,
                )

            def get(fieldname: str, row: Row = row) -> str | None:
                i = columns.get(fieldname)
                return (row[i].value or None) if i is not None else None

            name, description, target, basis = (
                get("name"),
                get("description"),
                get("target"),
                get("basis"),
            )
            l1, l2 = get("level1"), get("level2")
            if not any((name, description, target, basis)):
                continue  # an unused template line (e.g. 生态效益指标 with nothing else)
            # Merged cells come out empty: a blank 一级/二级 continues the one above.
            level1 = l1 or level1
            level2 = l2 or (level2 if not l1 else None)
            result.append(
                Indicator(
                    level1=level1,
                    level2=level2,
                    name=name,
                    description=description,
                    target=parse_target(target),
                    basis=basis,
                )
            )
        return result


def _after(row: Row, labels: list[str], *keys: str) -> str | None:
    for i, lab in enumerate(labels):
        if lab in keys and i + 1 < len(row):
            return row[i + 1].value or None
    return None


def _rows(lines: list[str], start: int, end: int) -> list[Row]:
    """Split lines into table rows of cells. Line numbers count from 1."""
    rows: list[Row] = []
    row: Row | None = None
    cell: _Cell | None = None
    for i in range(start, end):
        line = lines[i]
        if line and line[0] == "\t":
            cell = _Cell(line[1:], i + 1)
            if row is None:
                row = []
                rows.append(row)
            row.append(cell)
        elif not line or line.isspace():
            row = cell = None
        elif cell is not None:
            cell.text += "\n" + line
    return rows


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
    for index, p in enumerate(doc.projects, 1):
        w(f"{p.seq or index}.{_title_name(p)}绩效目标表\n")
        w(f"\t{unit_cell}\n\t单位：{doc.money_unit}\n\n")
        w(f"\t项目编码\n\t{p.code or ''}\n\t项目名称\n\t{p.name}\n\n")
        b = p.budget
        w("\t预算规模及资金用途\n\t预算数\n")
        w(f"\t{_amount(b.total)}\n\t其中：财政资金\n\t{_amount(b.fiscal)}\n")
        w(f"\t其他资金\n\t{_amount(b.other)}\n\n")
        w(f"\t\n\t{p.purpose or ''}\n\n")
        cells = p.spending_plan.cells or [PlanCell(m, None, None) for m in PLAN_MONTHS]
        w("\t资金支出计划（%）\n")
        w("".join(f"\t{c.month}月底\n" for c in cells) + "\n\t\n")
        w("".join(f"\t{c.text or ''}\n" for c in cells) + "\n")
        w(f"\t绩效目标\n\t{p.goals_cell()}\n\n \n")
        w("\t一级指标\n\t二级指标\n\t三级指标\n\t绩效指标描述\n\t指标值\n\t指标值确定依据\n\n")
        for ind in p.indicators:
            for value in (
                ind.level1,
                ind.level2,
                ind.name,
                ind.description,
                ind.target.text,
                ind.basis,
            ):
                w(f"\t{value or ''}\n")
            w("\n")
        w("\n \n")


def _title_name(p: Project) -> str:
    if p.title:
        m = _HEADING.match(p.title)
        if m:
            return m.group(2)
    return p.name


def _amount(value: Decimal | None) -> str:
    return "" if value is None else str(value)


def read_bytes(data: bytes, name: str) -> Document:
    """Decode (UTF-8 with or without BOM, else GB18030) and read."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise ReadError("无法识别文件编码（应为 UTF-8 或 GBK 文本）", file=name) from None
    return read_text(text, name)


def write_bytes(doc: Document) -> bytes:
    import io

    buf = io.StringIO()
    write_text(doc, buf)
    return buf.getvalue().encode("utf-8")
