"""What the layout engine read per table, and the user's corrections fed back to it.

`TableRead` records, for one indicator header row, which column was taken as what (the
same mapping ``jixiao read --explain`` prints) and the notes about the rows under it
(skipped rows and why). `layout_fingerprint` names a layout independently of its content:
the normalised header texts and the width of each distinct indicator table, so that the
next file built from the same template has the same fingerprint.

`LayoutOverride` is a user's correction: a field (or nothing: ignore the column) per
normalised header text, and the unit, year and money unit of the document. The reader
applies it when given one (`jixiao.core.formats.read_bytes(..., override=...)`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from jixiao.core.amounts import STATED_UNITS
from jixiao.core.bounds import check_year
from jixiao.core.formats.headers import FIELD_NAMES
from jixiao.core.model import Unit

if TYPE_CHECKING:
    from jixiao.core.model import Document

#: Fields a column of an indicator table may be taken as (code → Chinese name).
INDICATOR_CHOICES: dict[str, str] = {
    f: FIELD_NAMES[f]
    for f in (
        "level1",
        "level2",
        "name",
        "description",
        "target",
        "comparator",
        "unit",
        "basis",
        "weight",
        "actual",
        "score",
        "deviation_reason",
        "midterm",
        "scoring_rule",
    )
}
#: Further fields of a column of a flat table (one indicator per row, project columns).
PROJECT_CHOICES: dict[str, str] = {
    f: FIELD_NAMES[f] for f in ("p.code", "p.name", "p.total", "p.fiscal", "p.other", "p.goals")
}
#: What the web form offers for "do not read this column".
IGNORE = "ignore"
IGNORE_NAME = "忽略"
MONEY_UNITS = STATED_UNITS


@dataclass
class ColumnRead:
    """One header cell: its text, normalised key, and the field it was taken as."""

    col: int
    text: str
    key: str
    #: A field of `INDICATOR_CHOICES`/`PROJECT_CHOICES`, or None (not used).
    field: str | None
    #: ``"auto"`` (by the header vocabulary), ``"override"`` (the user's correction),
    #: ``"label"`` (the left-hand 绩效指标 label column) or ``"unused"``.
    how: str

    @property
    def field_name(self) -> str:
        if self.field is not None:
            return FIELD_NAMES.get(self.field, self.field)
        return "左侧标签列（不是三级指标）" if self.how == "label" else "未使用"


@dataclass
class TableRead:
    """One indicator table as read: where its header is, its columns, notes on its rows."""

    place: str
    flat: bool
    columns: list[ColumnRead]
    width: int
    notes: list[str] = field(default_factory=list)

    @property
    def signature(self) -> str:
        keys = "|".join(f"{c.col}:{c.key}" for c in self.columns)
        return f"{'flat' if self.flat else 'table'}#{self.width}#{keys}"

    def describe(self) -> str:
        """``“三级指标（本年度）”→三级指标，“备注”未使用…`` for ``--explain``."""
        parts = []
        for c in self.columns:
            mark = "（按更正）" if c.how == "override" else ""
            if c.field is None and c.how != "label":
                parts.append(f"“{_short(c.text)}”未使用{mark}")
            else:
                parts.append(f"“{_short(c.text)}”→{c.field_name}{mark}")
        return "，".join(parts)

    def choices(self) -> dict[str, str]:
        return {**INDICATOR_CHOICES, **(PROJECT_CHOICES if self.flat else {})}


def _short(text: str, n: int = 16) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[: n - 1] + "…"


def layout_fingerprint(tables: list[TableRead]) -> str | None:
    """The layout of a document's indicator tables; None when it has none (text files)."""
    signatures = sorted({t.signature for t in tables})
    if not signatures:
        return None
    return hashlib.sha256("\n".join(signatures).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class LayoutOverride:
    """A user's correction of how a file is read. Empty fields change nothing.

    ``columns`` maps a normalised header text (`ColumnRead.key`) to a field code, or to
    None to ignore that column.
    """

    columns: Mapping[str, str | None] = field(default_factory=dict)
    money_unit: str | None = None
    year: int | None = None
    unit_code: str | None = None
    unit_name: str | None = None

    def __post_init__(self) -> None:
        allowed = {**INDICATOR_CHOICES, **PROJECT_CHOICES}
        for key, f in self.columns.items():
            if not isinstance(key, str) or (f is not None and f not in allowed):
                raise ValueError(f"列“{_short(str(key))}”的更正“{_short(str(f))}”不是可选的字段")
        if self.money_unit is not None and self.money_unit not in MONEY_UNITS:
            raise ValueError(f"金额单位“{self.money_unit}”应为 {'、'.join(MONEY_UNITS)} 之一")
        if self.year is not None:
            check_year(self.year)

    def __bool__(self) -> bool:
        return bool(
            self.columns or self.money_unit or self.year or self.unit_code or self.unit_name
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "columns": dict(self.columns),
            "money_unit": self.money_unit,
            "year": self.year,
            "unit_code": self.unit_code,
            "unit_name": self.unit_name,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> LayoutOverride:
        """From `to_dict`'s output; raises ValueError for anything else."""
        if not data:
            return cls()
        columns = data.get("columns") or {}
        if not isinstance(columns, Mapping):
            raise ValueError("列的更正应为对象")
        year = data.get("year")
        return cls(
            columns={str(k): (str(v) if v is not None else None) for k, v in columns.items()},
            money_unit=data.get("money_unit") or None,
            year=None if year is None or year == "" else int(year),
            unit_code=data.get("unit_code") or None,
            unit_name=data.get("unit_name") or None,
        )

    def check_columns(self, tables: list[TableRead]) -> None:
        """ValueError naming a corrected column that no table of the file has (a correction
        is remembered for the layout: one made for columns the file lacks is not kept)."""
        known = {c.key for t in tables for c in t.columns}
        unknown = [k for k in self.columns if k not in known]
        if unknown:
            more = f"等 {len(unknown)} 列" if len(unknown) > 1 else ""
            raise ValueError(f"文件的表头中没有列“{_short(unknown[0])}”{more}")

    def apply_fields(self, doc: Document) -> Document:
        """``doc`` with this unit, year and money unit (for readers of a fixed layout)."""
        unit = doc.unit
        if self.unit_code or self.unit_name:
            unit = Unit(code=self.unit_code or unit.code, name=self.unit_name or unit.name)
        return replace(
            doc,
            unit=unit,
            year=self.year or doc.year,
            money_unit=self.money_unit or doc.money_unit,
            warnings=list(doc.warnings),
            explain=[*doc.explain, f"按更正读取：{self.describe()}"],
        )

    def describe(self) -> str:
        parts = [
            f"“{k}”→{FIELD_NAMES.get(f, f) if f else IGNORE_NAME}" for k, f in self.columns.items()
        ]
        if self.money_unit:
            parts.append(f"金额单位 {self.money_unit}")
        if self.year:
            parts.append(f"年度 {self.year}")
        if self.unit_code or self.unit_name:
            parts.append(f"单位 {self.unit_code or ''} {self.unit_name or ''}".rstrip())
        return "，".join(parts)


_current: ContextVar[LayoutOverride | None] = ContextVar("jixiao_layout_override", default=None)


def current() -> LayoutOverride | None:
    """The override in force for readers started here (`using`)."""
    return _current.get()


@contextmanager
def using(override: LayoutOverride | None) -> Iterator[None]:
    """Read under ``override``: every reader's layout engine applies it."""
    token = _current.set(override)
    try:
        yield
    finally:
        _current.reset(token)
