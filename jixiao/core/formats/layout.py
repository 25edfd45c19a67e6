"""Pure pieces of the layout engine (grid.py): what a title line says, and what an
indicator header row maps each column to. No state; `grid.Builder` decides what to do."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from jixiao.core.formats.headers import (
    indicator_header,
    label_column_period,
    project_field,
)
from jixiao.core.formats.overrides import ColumnRead, TableRead

_YEAR = re.compile(r"(20\d\d)\s*年")
_YEAR_LINE = re.compile(r"^[(（]?\s*(20\d\d)\s*年度?\s*[)）]?$")
_TITLE_END = re.compile(
    r"(?:表|目标情况|整体(?:支出)?绩效目标)\s*(?:[(（]\s*20\d\d\s*年度?\s*[)）])?$"
)
_ATTACHMENT = re.compile(r"^附件?\s*[\d一二三四五六七八九十-]*\s*[：:]?")
#: A title prefix that is only a place (``秀屿区2025年…``), not a unit.
_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,12}(?:省|市|区|县|旗|州|盟)$")
#: A title naming a fund or project before the table's kind, with no year inside the name:
#: ``长吉图发展战略专项经费绩效评价表``, ``XX项目支出绩效目标表``.
_TITLE_PROJECT = re.compile(
    r"^(?P<name>[^\d()（）表]{2,40}?(?:项目|经费|资金))(?:支出)?绩效[^表]{0,8}表"
    r"(?:[(（]\s*20\d\d\s*年度?\s*[)）])?$"
)
#: Words of a title that names a kind of spending, not one fund (``部门预算项目``).
_GENERIC_PROJECT = re.compile(
    r"^(?:部门|单位|预算|财政|支出|本级|市级|县级|省级|区级|州级|中央|地方|专项|转移支付|对下|"
    r"重点|一般|公共|政府|[省市县区]直|[省市县区]本级|项目|整体)+(?:项目|经费|资金)$"
)
_YEAR_LEAD = re.compile(r"^20\d\d\s*年度?")
_UNIT_WORDS = ("局", "委", "办", "府", "院", "中心", "站", "所", "校", "馆", "会", "部", "厅", "队")


class _Cell(Protocol):
    text: str
    col: int
    cont: bool


def flat_text(text: str) -> str:
    """NFKC, no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def short(text: str, n: int = 24) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[: n - 1] + "…"


@dataclass(frozen=True)
class Title:
    """What a title or year line says."""

    text: str
    year: int | None = None
    #: Only a year: ``（2021年度）``.
    year_only: bool = False
    self_evaluation: bool = False
    department: bool = False
    #: The unit named before the year: ``XXX2023年度项目支出绩效目标表`` → ``XXX``.
    unit: str | None = None
    #: The fund or project a title names: ``长吉图发展战略专项经费绩效评价表``.
    project: str | None = None


def read_title(text: str) -> Title | None:
    """``（2021年度）``, ``XXX2023年度项目支出绩效目标表``, ``…自评表``; None for other text."""
    t = flat_text(text)
    if len(t) > 80:
        return None
    m = _YEAR_LINE.match(t)
    if m:
        return Title(t, int(m.group(1)), year_only=True)
    if "绩效" not in t or not _TITLE_END.search(t):
        return None
    ym = _YEAR.search(t)
    prefix = _ATTACHMENT.sub("", t[: ym.start()] if ym else "").strip()
    named = len(prefix) >= 3 and not any(w in prefix for w in ("表", "绩效", "(", "（"))
    if named and _PLACE.match(prefix) and not any(w in prefix for w in _UNIT_WORDS):
        named = False
    pm = _TITLE_PROJECT.match(_YEAR_LEAD.sub("", _ATTACHMENT.sub("", t)))
    return Title(
        t,
        int(ym.group(1)) if ym else None,
        self_evaluation="自评" in t or "评价表" in t,
        department="整体" in t,
        unit=prefix if named else None,
        project=(
            pm.group("name")
            if pm and not named and not _GENERIC_PROJECT.match(pm.group("name"))
            else None
        ),
    )


@dataclass
class HeaderMap:
    """An indicator header row: the column of each field (strongest synonym wins), the
    project columns of a flat export, the left-hand label columns and their period."""

    best: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    proj_cols: dict[str, int] = field(default_factory=dict)
    hints: dict[str, str] = field(default_factory=dict)
    #: ``"中期"`` when a label column says 长期/中期/实施期绩效指标.
    period: str | None = None
    label_cols: set[int] = field(default_factory=set)
    #: Columns the user's correction (`LayoutOverride`) decided.
    overridden: set[int] = field(default_factory=set)
    #: One target column per region (``区域目标值`` over 新罗区 | 永定区 …, or unnamed
    #: columns after the last known one): the target is their common value.
    value_cols: list[int] = field(default_factory=list)

    @property
    def columns(self) -> dict[str, int]:
        return {f: col for f, (_, col, _) in self.best.items()}

    @property
    def is_header(self) -> bool:
        cols = self.columns
        return "name" in cols and bool({"target", "level1", "actual"} & set(cols))

    def table(
        self,
        cells: Sequence[_Cell],
        labels: Sequence[tuple[str, str | None]],
        *,
        flat: bool,
        place: str,
    ) -> TableRead:
        """Which column was taken as what, for ``--explain`` and the import preview."""
        taken = {col: f for f, (_, col, _) in self.best.items()}
        for col in self.value_cols:
            taken.setdefault(col, "target")
        if flat:
            taken.update({col: f"p.{f}" for f, col in self.proj_cols.items()})
        columns = []
        width = 0
        for c, (lab, _) in zip(cells, labels, strict=True):
            width = max(width, c.col + getattr(c, "span", 1))
            if c.cont or not c.text.strip():
                continue
            f = taken.get(c.col)
            if c.col in self.overridden:
                how = "override"
            elif f is not None:
                how = "auto"
            else:
                how = "label" if c.col in self.label_cols else "unused"
            columns.append(ColumnRead(c.col, c.text.strip(), lab, f, how))
        return TableRead(place, flat, columns, width)

    def describe(
        self, cells: Sequence[_Cell], labels: Sequence[tuple[str, str | None]], *, flat: bool
    ) -> str:
        """``“三级指标（本年度）”→三级指标，“备注”未使用…`` for ``--explain``."""
        return self.table(cells, labels, flat=flat, place="").describe()


def map_header(
    cells: Sequence[_Cell],
    labels: Sequence[tuple[str, str | None]],
    override: Mapping[str, str | None] | None = None,
) -> HeaderMap:
    """Map a header row; ``override`` (normalised header → field or None) beats the vocabulary."""
    h = HeaderMap()
    #: Every candidate column, to choose again when two periods stand side by side.
    cands: list[tuple[str, int, int, str]] = []
    repeated: dict[str, list[int]] = {}
    for c, (lab, unit) in zip(cells, labels, strict=True):
        if not lab:
            continue
        if override and lab in override:
            h.overridden.add(c.col)
            f = override[lab]
            if f is None:
                continue
            if f.startswith("p."):
                h.proj_cols[f[2:]] = c.col
                if unit:
                    h.hints[f[2:]] = unit
            else:
                h.best[f] = (1000, c.col, c.text)
            continue
        lp = label_column_period(lab)
        if lp is not None:
            h.label_cols.add(c.col)
            h.period = lp or h.period
        hit = indicator_header(lab)
        if hit:
            f, strength = hit
            cands.append((f, strength, c.col, c.text))
            if f in ("level2", "name") and not c.cont:
                repeated.setdefault(lab, []).append(c.col)
            if f not in h.best or strength > h.best[f][0]:
                h.best[f] = (strength, c.col, c.text)
        pf = project_field(lab)
        if pf and pf not in h.proj_cols and not pf.startswith("unit."):
            h.proj_cols[pf] = c.col
            if unit:
                h.hints[pf] = unit
        elif pf in ("unit.name", "unit.impl") and lab != "单位" and "unit" not in h.proj_cols:
            # A flat export's 单位名称 column (``820001-某某镇人民政府`` on each project).
            h.proj_cols["unit"] = c.col
    _side_by_side(h, cands, repeated)
    _value_columns(h, cells, labels)
    if "comparator" in h.best:
        # ``指标性质 | 指标方向`` both present: one may hold 正向/反向 and the other the symbol
        # (``正向 | =``); the second is kept and an explicit symbol wins row by row.
        taken = h.best["comparator"][1]
        alt = [(col, text) for f, _, col, text in cands if f == "comparator" and col != taken]
        if alt and "comparator_alt" not in h.best:
            h.best["comparator_alt"] = (0, alt[0][0], alt[0][1])
    # A 绩效指标 label column beside real level columns is no 三级 column.
    if (
        "name" in h.best
        and h.best["name"][1] in h.label_cols
        and h.best["name"][1] not in h.overridden
        and {"level1", "level2"} & set(h.best)
    ):
        del h.best["name"]
    if "name" not in h.best and "description" in h.best and "target" in h.best:
        h.best["name"] = h.best.pop("description")
    if "name" not in h.best and "target" not in h.best and "level2" in h.best:
        _pair_column(h, cells)
    if "name" not in h.best and {"level1", "level2", "target"} <= set(h.best):
        # ``一级指标 | 二级指标 | 指标值`` with no 三级 column: the levels are written one step
        # up, the 二级 column holding the indicator names and the 一级 column the 二级 ones.
        h.best["name"] = h.best.pop("level2")
        h.best["level2"] = h.best.pop("level1")
    return h


def _pair_column(h: HeaderMap, cells: Sequence[_Cell]) -> None:
    """``一级指标 | 二级指标 | 绩效目标内容`` with the last header merged over two columns and
    no 三级 or 指标值 header: each row writes the indicator in the left column of that span
    and its value in the right one (``项目总实施周期 | 12个月``)."""
    last = max(v[1] for v in h.best.values())
    for c in cells:
        span = getattr(c, "span", 1)
        if c.col > last and not c.cont and span >= 2 and c.text.strip():
            h.best["name"] = (0, c.col, c.text)
            h.best["target"] = (0, c.col + 1, c.text)
            return


def _side_by_side(
    h: HeaderMap, cands: list[tuple[str, int, int, str]], repeated: dict[str, list[int]]
) -> None:
    """``二级 | 三级 | 指标值 | 二级 | 三级 | 计划指标值``: the same header twice holds the
    中期 indicators and, to their right, the 年度 ones. The right-hand group wins; its left
    twin's target is kept as the 中期 value."""
    seconds = [cols[1] for cols in repeated.values() if len(cols) >= 2]
    if not seconds:
        return
    boundary = min(seconds)
    early: dict[str, tuple[int, int, str]] = {}
    later: dict[str, tuple[int, int, str]] = {}
    for f, strength, col, text in cands:
        side = later if col >= boundary else early
        if f not in side or strength > side[f][0]:
            side[f] = (strength, col, text)
    kept = {f: v for f, v in h.best.items() if v[0] >= 1000}  # the user's corrections
    h.best = {**early, **later, **kept}
    if "target" in early and "target" in later and "midterm" not in h.best:
        h.best["midterm"] = early["target"]


#: Header words of trailing columns that hold no target (remarks, scoring notes).
_NOT_VALUES = ("备注", "说明", "评分", "标准", "依据", "方法", "口径", "来源")


def _value_columns(
    h: HeaderMap, cells: Sequence[_Cell], labels: Sequence[tuple[str, str | None]]
) -> None:
    """The region columns of a target: a ``区域目标值`` header spanning several columns, or
    (with no target header at all) two or more unnamed columns after the last known one."""
    if "name" not in h.best and "description" not in h.best:
        return
    if "target" in h.best:
        # Only a region header: a plain 指标值 merged over ``value | unit`` is one target.
        _, col, text = h.best["target"]
        cell = next((c for c in cells if c.col == col and not c.cont), None)
        span = getattr(cell, "span", 1) if cell is not None else 1
        if span > 1 and flat_text(text).startswith("区域"):
            h.value_cols = list(range(col, col + span))
        return
    last = max(v[1] for v in h.best.values())
    trailing = [
        c.col
        for c, (lab, _) in zip(cells, labels, strict=True)
        if lab and not c.cont and c.col > last and not any(w in lab for w in _NOT_VALUES)
    ]
    if len(trailing) >= 2:
        h.value_cols = trailing
