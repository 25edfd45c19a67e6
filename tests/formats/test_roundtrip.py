"""read → export → read gives back an equal Document, for the seed and generated documents."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.core.amounts import parse_percent
from jixiao.core.formats import read_bytes, to_bytes
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
from jixiao.core.numbering import split_goals
from jixiao.core.targets import parse_target

FORMATS = ("docx", "xlsx", "json")


def _diff(a: Document, b: Document) -> str:
    """The first differing field, to make a failure readable."""
    for f in dataclasses.fields(Document):
        if f.compare and getattr(a, f.name) != getattr(b, f.name) and f.name != "projects":
            return f"{f.name}: {getattr(a, f.name)!r} != {getattr(b, f.name)!r}"
    for p, q in zip(a.projects, b.projects, strict=False):
        for f in dataclasses.fields(Project):
            if getattr(p, f.name) != getattr(q, f.name):
                return f"project {p.seq} {f.name}: {getattr(p, f.name)!r} != {getattr(q, f.name)!r}"
    return f"{len(a.projects)} vs {len(b.projects)} projects"


@pytest.mark.parametrize("fmt", FORMATS)
def test_seed_round_trip_is_exact(seed_doc: Document, fmt: str) -> None:
    back = read_bytes(to_bytes(seed_doc, fmt), f"seed.{fmt}")
    assert back == seed_doc, _diff(back, seed_doc)


@pytest.mark.parametrize("fmt", ("docx", "xlsx"))
def test_seed_round_trip_keeps_blank_plan_cells_and_raw_targets(
    seed_doc: Document, fmt: str
) -> None:
    back = read_bytes(to_bytes(seed_doc, fmt), f"seed.{fmt}")
    blanks = [
        (p.seq, c.month) for p in seed_doc.projects for c in p.spending_plan.cells if c.text is None
    ]
    assert blanks, "the seed has blank plan cells"
    assert blanks == [
        (p.seq, c.month) for p in back.projects for c in p.spending_plan.cells if c.text is None
    ]
    targets = [i.target.text for p in seed_doc.projects for i in p.indicators]
    assert [i.target.text for p in back.projects for i in p.indicators] == targets
    assert str(back.project_by_seq(11).budget.total) == "1.40"  # type: ignore[union-attr]


# -- generated documents ----------------------------------------------------------------

# Words that cannot be mistaken for numbering, section titles, labels or subtotals.
_ALPHABET = "甲乙丙丁戊己庚辛壬癸天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏abcXYZ"
words = st.text(_ALPHABET, min_size=1, max_size=12)
maybe_words = st.none() | words
lines = st.lists(words, min_size=1, max_size=3).map("\n".join)

amounts = st.none() | st.builds(
    lambda n, places: Decimal(n).scaleb(-places),
    st.integers(min_value=0, max_value=10**8 - 1),  # below 1 万亿元 in 万元 (core.bounds)
    st.integers(min_value=0, max_value=2),
)
targets = st.sampled_from(
    ["≥90%", "≤5天", "=8人", "1", "≥100", "达成年度指标", "90%-95%", "不低于95%", "＞0", "", "甲乙"]
)
plan_texts = st.sampled_from([None, "25%", "50%", "100%", "12.5%", "30", "0%", "75.00%"])


@st.composite
def projects(draw: st.DrawFn, seq: int, year: int) -> Project:
    with_levels = draw(st.booleans())
    indicators = []
    for _ in range(draw(st.integers(0, 4))):
        indicators.append(
            Indicator(
                level1=draw(words) if with_levels else None,
                level2=draw(maybe_words) if with_levels else None,
                name=draw(words),
                description=draw(maybe_words),
                target=parse_target(draw(targets)),
                basis=draw(maybe_words),
                weight=draw(st.none() | st.sampled_from([Decimal(10), Decimal("2.5")])),
            )
        )
    cells = []
    if draw(st.booleans()):
        for month in PLAN_MONTHS:
            text = draw(plan_texts)
            cells.append(PlanCell(month, text, parse_percent(text)))
    goals_text = draw(
        st.none()
        | st.lists(words, min_size=1, max_size=3).map(
            lambda gs: "\n".join(f"{i}.{g}" for i, g in enumerate(gs, 1))
        )
    )
    name = draw(words)
    code = draw(st.none() | st.text("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ", min_size=12, max_size=12))
    return Project(
        seq=seq,
        code=None if code is None else f"130213{year % 100:02d}P{code}",
        name=name,
        budget=Budget(total=draw(amounts), fiscal=draw(amounts), other=draw(amounts)),
        purpose=draw(st.none() | lines),
        spending_plan=SpendingPlan(cells),
        goals=split_goals(goals_text),
        indicators=indicators,
        goals_text=goals_text,
        title=f"{seq}.{name}绩效目标表",
    )


@st.composite
def documents(draw: st.DrawFn) -> Document:
    year = draw(st.integers(2019, 2030))
    n = draw(st.integers(1, 3))
    return Document(
        unit=Unit(code=draw(st.none() | st.just("314003")), name=draw(words)),
        year=year,
        money_unit=draw(st.sampled_from(["万元", "元"])),
        overall_goals=draw(st.lists(words, max_size=3)),
        project_summaries=[
            ProjectSummary(seq=i, name=draw(words), text=draw(st.just("") | lines))
            for i in range(1, draw(st.integers(0, 3)) + 1)
        ],
        measures=draw(st.lists(words, max_size=2)),
        projects=[draw(projects(i, year)) for i in range(1, n + 1)],
    )


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents())
def test_generated_round_trip_is_exact(fmt: str, doc: Document) -> None:
    back = read_bytes(to_bytes(doc, fmt), f"generated.{fmt}")
    assert back == doc, _diff(back, doc)


def test_flat_sheet_alone_reads_as_the_same_projects_and_indicators(seed_doc: Document) -> None:
    import io

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(to_bytes(seed_doc, "xlsx")))
    for name in wb.sheetnames[:-1]:  # keep only 指标明细
        del wb[name]
    buf = io.BytesIO()
    wb.save(buf)
    back = read_bytes(buf.getvalue(), "flat-only.xlsx")

    def key(doc: Document) -> list[tuple[object, ...]]:
        return [(p.seq, p.code, p.name, p.budget.total, p.indicators) for p in doc.projects]

    assert back.money_unit == "万元"
    assert key(back) == key(seed_doc)


@pytest.mark.parametrize("fmt", (*FORMATS, "text"))
def test_a_layout_without_optional_parts_keeps_them_absent(fmt: str) -> None:
    # Corpus case c06 (Hunan): no 指标值确定依据 column, no 项目编码 or 资金用途 row.
    # The export leaves them out, so reading it back records them absent again (the text
    # layout always has the 项目编码 row, so it keeps the basis column's absence only).
    from tests.corpus.cases import CASES

    case = next(c for c in CASES if c.id.startswith("c06"))
    doc = read_bytes(case.data(), case.filename)
    assert doc.absent == {"basis", "code", "purpose"}
    back = read_bytes(to_bytes(doc, fmt), f"back.{fmt}")
    expected = {"basis"} if fmt == "text" else doc.absent
    assert back.absent == expected
    assert [i.name for p in back.projects for i in p.indicators] == [
        i.name for p in doc.projects for i in p.indicators
    ]


@pytest.mark.parametrize("fmt", (*FORMATS, "text", "pdf"))
@pytest.mark.parametrize(("prefix", "level"), [("c09", "level1"), ("c26", "level2")])
def test_a_layout_without_a_level_column_keeps_it_absent(fmt: str, prefix: str, level: str):
    # c09 (Daqing) has no 一级 column, c26 (Tianjin) no 二级 level: every writer leaves the
    # column out, so reading the export back records the level absent again.
    from tests.corpus.cases import CASES

    case = next(c for c in CASES if c.id.startswith(prefix))
    doc = read_bytes(case.data(), case.filename)
    assert level in doc.absent
    back = read_bytes(to_bytes(doc, fmt), f"back.{fmt}")
    assert level in back.absent
    assert [(i.level1, i.level2, i.name) for p in back.projects for i in p.indicators] == [
        (i.level1, i.level2, i.name) for p in doc.projects for i in p.indicators
    ]


def test_json_refuses_an_unknown_absent_part() -> None:
    from jixiao.core.errors import ReadError

    with pytest.raises(ReadError, match="absent"):
        read_bytes(b'{"projects": [], "absent": ["budget"]}', "a.json")


@pytest.mark.parametrize("fmt", (*FORMATS, "text", "pdf"))
def test_carried_over_funds_are_read_and_written(seed_doc: Document, fmt: str) -> None:
    # 上年结转资金 is a part of 预算数 in layouts that have the cell (R071 adds it up).
    doc = dataclasses.replace(seed_doc, projects=seed_doc.projects[:2])
    doc.projects[0] = dataclasses.replace(
        doc.projects[0],
        budget=Budget(total=Decimal("52.00"), fiscal=Decimal("50.00"), carryover=Decimal("2.00")),
    )
    back = read_bytes(to_bytes(doc, fmt), f"carry.{fmt}")
    assert back.projects[0].budget.carryover == Decimal("2.00")
    assert back.projects[1].budget.carryover is None
    assert back == doc, _diff(back, doc)


def test_a_flat_export_with_a_carried_over_column_adds_up() -> None:
    """Another layout: 上年结转资金 as a column of a flat export is read as a part of
    预算数, so the review finds the parts adding up (R071)."""
    import io as _io

    import openpyxl

    from jixiao.core.review import review

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2023年度项目支出绩效目标表"])
    ws.append(["项目名称", "预算数（万元）", "财政资金", "上年结转资金", "一级指标", "二级指标",
               "三级指标", "指标值", "指标值确定依据"])  # fmt: skip
    ws.append(["校舍维修", 120, 100, 20, "产出指标", "数量指标", "维修面积", "≥3000平方米",
               "计划标准"])  # fmt: skip
    buf = _io.BytesIO()
    wb.save(buf)
    doc = read_bytes(buf.getvalue(), "flat.xlsx")
    b = doc.projects[0].budget
    assert (b.total, b.fiscal, b.carryover) == (Decimal(120), Decimal(100), Decimal(20))
    assert "R071" not in {f.rule for f in review(doc).findings}


@pytest.mark.parametrize("fmt", ("text", "xlsx"))
def test_a_part_under_an_unknown_label_is_not_added_up(seed_doc: Document, fmt: str) -> None:
    """``其中：一般公共预算拨款`` is no label the readers know: the part is unread, the
    budget says so, and R071 does not report 预算数 ≠ the parts it did read (0)."""
    import io as _io

    import openpyxl

    from jixiao.core.review import review

    doc = dataclasses.replace(seed_doc, projects=seed_doc.projects[:1])
    doc.projects[0] = dataclasses.replace(
        doc.projects[0],
        budget=Budget(total=Decimal("52.00"), fiscal=Decimal("52.00"), other=Decimal("0.00")),
    )
    data = to_bytes(doc, fmt)
    if fmt == "text":
        assert "其中：财政资金".encode() in data
        data = data.replace("其中：财政资金".encode(), "其中：一般公共预算拨款".encode())
    else:
        wb = openpyxl.load_workbook(_io.BytesIO(data))
        hits = 0
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if isinstance(c.value, str) and "财政资金" in c.value:
                        c.value = "其中：一般公共预算拨款"
                        hits += 1
        assert hits
        buf = _io.BytesIO()
        wb.save(buf)
        data = buf.getvalue()
    b = read_bytes(data, f"unknown.{fmt}").projects[0].budget
    assert (b.total, b.fiscal, b.other, b.parts_unread) == (
        Decimal("52.00"), None, Decimal("0.00"), True,
    )  # fmt: skip
    assert "R071" not in {f.rule for f in review(read_bytes(data, f"u.{fmt}")).findings}
