"""Branch `speedr`'s shortcuts give what the plain definitions give: row kinds memoised vs
the label tests, the year from the codes vs counting every code, the limits read once per
batch vs once per file; and a project code with non-decimal digits no longer crashes the
readers."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from jixiao.core import batch
from jixiao.core.batch import collect, read_all
from jixiao.core.formats import read_bytes, text_io
from jixiao.core.formats.department import derived_year
from jixiao.core.model import Project

SEED = Path(__file__).resolve().parent.parent / "data" / "xiwanglu-2022-performance-goals.txt"

FIRST_CELLS = [
    "资金用途", "资金用途说明", "资金支出计划（%）", "资金支出计划", "资金支出计划（万元）",
    "绩效目标", "年度绩效目标", "一级指标", "三级指标", "二级指标", "项目名称", "", "其他",
    "绩效目标说明", "资金", "资金支出", "x资金用途",
]  # fmt: skip


def _reference_kind(first: str) -> int:
    """The tests `_Reader.project` made in turn before the kinds were memoised."""
    if first.startswith("资金用途"):
        return text_io._ROW_PURPOSE
    if first.startswith("资金支出计划"):
        return text_io._ROW_PLAN
    if first in ("绩效目标", "年度绩效目标"):
        return text_io._ROW_GOALS
    if first in ("一级指标", "三级指标"):
        return text_io._ROW_HEADER
    return text_io._ROW_OTHER


@pytest.mark.parametrize("first", FIRST_CELLS)
def test_a_rows_kind_is_what_the_label_tests_say(first: str) -> None:
    text_io._KINDS.clear()
    assert text_io._kind(first) == _reference_kind(first)
    assert text_io._KINDS[first] == _reference_kind(first)  # memoised: the same again


def _project(code: str | None) -> Project:
    p = object.__new__(Project)
    p.code = code
    return p


def _reference_year(projects: list[Project]) -> int | None:
    years = Counter(
        2000 + int(p.code[6:8])
        for p in projects
        if p.code and len(p.code) >= 8 and p.code[6:8].isdecimal()
    )
    return years.most_common(1)[0][0] if years else None


@pytest.mark.parametrize(
    "codes",
    [
        ["13010124P1", "13010124P2"],
        ["13010124P1", "13010123P2", "13010123P3"],
        ["13010123P1", "13010124P2"],  # a tie: the first year met
        ["13010124P1", None, "", "1301", "130101xxP"],
        ["130101٢٤P1", "13010124P2"],  # Arabic-Indic digits are the same year
        [None, "short"],
    ],
)
def test_the_year_from_the_codes_is_the_most_common_one(codes: list[str | None]) -> None:
    projects = [_project(c) for c in codes]
    assert derived_year(projects, []) == _reference_year(projects)


def test_a_code_with_superscript_digits_reads_without_a_year_from_it() -> None:
    text = SEED.read_text(encoding="utf-8")
    doc = read_bytes(text.encode(), "x.txt")
    codes = [p.code for p in doc.projects if p.code]
    for code in codes:  # every code: otherwise the others still say the year
        text = text.replace(code, code[:6] + "²³" + code[8:])
    changed = read_bytes(text.encode(), "x.txt")  # was a ValueError from int("²³")
    assert [p.code[6:8] for p in changed.projects if p.code] == ["²³"] * len(codes)
    assert changed.year == derived_year([], changed.overall_goals)


def test_the_limits_are_read_once_for_a_whole_batch(tmp_path: Path, monkeypatch) -> None:
    for k in range(3):
        (tmp_path / f"{k}.txt").write_bytes(SEED.read_bytes())
    calls = []
    real = batch.current

    def counted():  # type: ignore[no-untyped-def]
        calls.append(1)
        return real()

    monkeypatch.setattr(batch, "current", counted)
    items = list(read_all(collect([tmp_path]), jobs=1, review=False))
    assert [i.error for i in items] == [None] * 3
    assert len(calls) == 1


def test_a_bad_limit_in_the_environment_is_each_files_error(tmp_path: Path, monkeypatch) -> None:
    for k in range(2):
        (tmp_path / f"{k}.txt").write_bytes(SEED.read_bytes())
    monkeypatch.setenv("JIXIAO_MAX_FILE_MB", "many")
    items = list(read_all(collect([tmp_path]), jobs=1, review=False))
    assert [i.document for i in items] == [None, None]
    assert all("JIXIAO_MAX_FILE_MB" in (i.error or "") for i in items)


def test_a_smaller_limit_set_before_the_batch_holds_for_every_file(
    tmp_path: Path, monkeypatch
) -> None:
    for k in range(2):
        (tmp_path / f"{k}.txt").write_bytes(SEED.read_bytes())
    monkeypatch.setenv("JIXIAO_MAX_PROJECTS", "1")
    items = list(read_all(collect([tmp_path]), jobs=2, review=False))
    assert all(i.document is None and i.error for i in items)
