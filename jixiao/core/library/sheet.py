"""The library as an Excel sheet (指标库.xlsx): written for export and as the import template,
read back for import; and `fold`, which applies the admin's merges.

The sheet has one header row (`COLUMNS`) and one entry per row; CSV works too. Reading
checks every row and reports one Chinese line per bad row naming the cell
(``第 3 行 C 列（三级指标）：不能为空``);
a sheet with any bad row is refused as a whole (`LibrarySheetError`), so an import is all or
nothing. 使用次数 and 来源 are written for reading only and ignored on import.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from jixiao.core.errors import ReadError
from jixiao.core.library.entries import LEVEL1_OF, LibraryEntry, normalise

COLUMNS: tuple[str, ...] = (
    "一级指标",
    "二级指标",
    "三级指标",
    "绩效指标描述",
    "典型指标值",
    "指标值确定依据",
    "类别",
    "使用次数",
    "来源",
)
#: Largest sheet an import reads (the shipped library has a few hundred entries).
MAX_ROWS = 20_000

Key = tuple[str, str]


class LibrarySheetError(ReadError):
    """A library sheet with bad rows: ``problems`` holds one line per bad row."""

    def __init__(self, problems: list[str], file: str | None = None) -> None:
        shown = problems[:50]
        more = f"\n……另有 {len(problems) - 50} 行有误" if len(problems) > 50 else ""
        super().__init__("指标库表格有误，未导入任何条目：\n" + "\n".join(shown) + more, file=file)
        self.problems = problems


def write_sheet(entries: Iterable[LibraryEntry]) -> bytes:
    """The entries as an .xlsx (an empty list gives the import template)."""
    from openpyxl import Workbook

    from jixiao.core.formats.render_xlsx import plain_row

    wb = Workbook()
    ws = wb.active
    ws.title = "指标库"
    ws.append(list(COLUMNS))
    for k, width in enumerate((12, 16, 24, 36, 16, 24, 12, 10, 24), 1):
        ws.column_dimensions[chr(64 + k)].width = width
    for e in entries:
        ws.append(
            plain_row(
                ws,
                [
                    e.level1,
                    e.level2,
                    e.name,
                    e.description,
                    e.target,
                    e.basis,
                    e.category,
                    e.uses,
                    e.source_label,
                ],
            )  # a target such as =8人 stays text, never a formula
        )
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


#: Field → accepted headers (the export's, and a few plain variants).
_HEADERS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标", "指标名称"),
    "description": ("绩效指标描述", "指标描述", "指标解释"),
    "target": ("典型指标值", "指标值"),
    "basis": ("指标值确定依据", "确定依据"),
    "category": ("类别", "适用类别"),
}
_LABELS = {field: names[0] for field, names in _HEADERS.items()}
#: Longest text a cell of the library may hold.
MAX_CELL_CHARS = 2000


def read_sheet(data: bytes, name: str = "指标库.xlsx") -> list[LibraryEntry]:
    """The entries of an exported or template-filled sheet (.xlsx or CSV), or
    `LibrarySheetError` listing every bad row."""
    from openpyxl.utils import get_column_letter

    from jixiao.core.tabular import cell_text, read_rows

    out: list[LibraryEntry] = []
    problems: list[str] = []
    seen: dict[Key, int] = {}
    for row in read_rows(data, name, _HEADERS, ("level2", "name")):
        if len(out) + len(problems) >= MAX_ROWS:
            problems.append(f"第 {row.line} 行起超过 {MAX_ROWS} 条，请分批导入")
            break
        values = {f: cell_text(row.get(f)) for f in _HEADERS}
        letters = {f: get_column_letter(i + 1) for f, i in row.index.items()}

        def cell(field: str, letters: dict[str, str] = letters) -> str:
            return f"{letters.get(field, '?')} 列（{_LABELS[field]}）"

        problem = _row_problem(values, cell)
        if problem is None:
            key = (values["level2"], normalise(values["name"]))
            if key in seen:
                problem = f"{cell('name')}：与第 {seen[key]} 行重复"
            seen[key] = row.line
        if problem is not None:
            problems.append(f"第 {row.line} 行 {problem}")
            continue
        out.append(
            LibraryEntry(
                level1=LEVEL1_OF[values["level2"]],
                level2=values["level2"],
                name=values["name"],
                description=values["description"],
                target=values["target"],
                basis=values["basis"],
                category=values["category"],
                source="imported",
            )
        )
    if problems:
        raise LibrarySheetError(problems, file=name)
    return out


def _row_problem(row: dict[str, str], cell: Callable[[str], str]) -> str | None:
    """What is wrong with one row, naming its cell; None when it is fine."""
    for key, value in row.items():
        if len(value) > MAX_CELL_CHARS:
            return f"{cell(key)}：超过 {MAX_CELL_CHARS} 个字"
    if not row["level2"]:
        return f"{cell('level2')}：不能为空"
    if row["level2"] not in LEVEL1_OF:
        return f"{cell('level2')}：“{row['level2']}”不是二级指标（如 数量指标、社会效益指标）"
    if row["level1"] and row["level1"] != LEVEL1_OF[row["level2"]]:
        return (
            f"{cell('level1')}：“{row['level1']}”与二级指标“{row['level2']}”不符，"
            f"应为“{LEVEL1_OF[row['level2']]}”"
        )
    if not row["name"]:
        return f"{cell('name')}：不能为空"
    return None


def fold(entries: Iterable[LibraryEntry], merges: Mapping[Key, Key]) -> list[LibraryEntry]:
    """The entries with each merged-away entry's uses added to the entry it was merged
    into (followed through chains); the merged-away entries are left out. A merge into an
    entry that is not in the list leaves the merged-away entry as it is."""
    entries = list(entries)
    by_key = {e.key: e for e in entries}

    def final(key: Key) -> Key:
        start, seen = key, {key}
        while key in merges:
            key = merges[key]
            if key in seen:
                return start  # merges in a circle: none of them is applied
            seen.add(key)
        return key

    extra: dict[Key, int] = {}
    dropped: set[Key] = set()
    for e in entries:
        target = final(e.key)
        if target != e.key and target in by_key:
            extra[target] = extra.get(target, 0) + e.uses
            dropped.add(e.key)
    return [
        replace(e, uses=e.uses + extra[e.key]) if e.key in extra else e
        for e in entries
        if e.key not in dropped
    ]
