"""R096 on department tables with and without levels (corpus c20, c55, c57)."""

from __future__ import annotations

import pytest

from jixiao.core.formats import read_bytes
from jixiao.core.review import review
from tests.corpus.cases import CASES


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        # no levels, 服务对象满意度 among the names: the table does show a result
        ("c55", None),
        # no levels and no 满意度: nothing tells an effect
        ("c20", "部门整体绩效目标表的 7 个指标没有标明一级指标，其中也没有满意度指标"),
        # levels, all 产出指标 (the stored copy ends at 质量指标)
        ("c57", "部门整体绩效目标表的 9 个指标都是产出或成本指标，没有效益指标或满意度指标"),
    ],
)
def test_r096_reads_a_level_less_table_by_its_names(prefix: str, message: str | None) -> None:
    case = next(c for c in CASES if c.id.startswith(prefix))
    found = [f.message for f in review(read_bytes(case.data(), case.filename)).findings]
    got = [m for m in found if m.startswith("部门整体绩效目标表的")]
    assert got == ([message] if message else [])
