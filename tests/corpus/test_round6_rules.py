"""The general rules the sixth corpus round added (c47–c50), each on a small table."""

from __future__ import annotations

import pytest

from jixiao.core.formats import read_bytes
from jixiao.core.formats.headers import indicator_name
from jixiao.core.numbering import split_goals
from jixiao.core.targets import parse_target
from tests.corpus.build import T, build


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("贫困地区旅游景点开发数量（ ≥**个 ）", "贫困地区旅游景点开发数量"),
        ("受益建档立卡贫困人口数≥**人", "受益建档立卡贫困人口数"),
        ("黄金蜜（葡萄）补助成本（≤**元/株）", "黄金蜜（葡萄）补助成本"),
        ("★★★受益脱贫户、监测户人口数（≥**户）", "受益脱贫户、监测户人口数"),
        ("*贫困地区旅游基础设施建设质量达标率100%", "贫困地区旅游基础设施建设质量达标率100%"),
        ("★补助鱼塘面积", "补助鱼塘面积"),
        # not a hint: no comparator and no bracket around the stars; a unit in brackets stays
        ("编号a**b", "编号a**b"),
        ("开展修复工程（个）", "开展修复工程（个）"),
        ("★", None),
    ],
)
def test_a_core_mark_and_a_template_hint_are_not_part_of_the_name(
    written: str, name: str | None
) -> None:
    assert indicator_name(written) == name


@pytest.mark.parametrize(
    ("text", "goals"),
    [
        (
            "1、修路2公里、建桥1座 2、硬化路面 3、改善出行",
            ["修路2公里、建桥1座", "硬化路面", "改善出行"],
        ),
        ("1.甲；2.乙；3.丙", ["甲", "乙", "丙"]),
        ("1.甲\n2.乙", ["甲", "乙"]),
        ("共建设2、3号楼 2、另外", ["共建设2、3号楼 2、另外"]),
        (
            "达成以下目标： 目标1：聘用1人 目标2：在岗率100%",
            ["达成以下目标：", "聘用1人", "在岗率100%"],
        ),
        ("目标1：甲\n目标2：乙", ["甲", "乙"]),
        ("实现目标1：只有一个", ["实现目标1：只有一个"]),
    ],
)
def test_numbered_goals_run_on_in_one_line_are_split(text: str, goals: list[str]) -> None:
    assert split_goals(text) == goals


@pytest.mark.parametrize(
    "goal_row",
    [
        ["总体目标", "年度目标", None, "年度总体目标完成情况"],
        ["总", "年度目标", None, None],
        ["年度总体目标", "年初设定目标", None, "年度总体目标完成情况综述"],
    ],
)
def test_a_goal_column_label_is_no_goal_the_text_below_it_is(goal_row: list[str | None]) -> None:
    rows: list[list[str | None]] = [
        ["项目名称", "社区保洁", None, None],
        goal_row,
        [None, "保洁面积达到5万平方米", None, None],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "保洁面积", "≥5万平方米"],
    ]
    doc = read_bytes(build("xlsx", [T(rows, ["B3:C3"])]), "保洁.xlsx")
    assert doc.projects[0].goals == ["保洁面积达到5万平方米"]


def _direction_table(sense: str, symbol: str, unit: object) -> list[list[object]]:
    return [
        ["项目名称", "社区保洁", None, None, None, None, None],
        ["资金总额", "3", None, None, None, None, None],
        ["其中：财政拨款数", "3", None, None, None, None, None],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标方向", "目标值", "计量单位"],
        ["产出指标", "数量指标", "出差人次", sense, symbol, "24", unit],
    ]


@pytest.mark.parametrize(
    ("sense", "symbol", "unit", "target"),
    [
        ("正向", "=", "人次", "=24人次"),  # the symbol beats the direction word
        ("反向", "=", "人次", "=24人次"),
        ("≥", "正向", "人次", "≥24人次"),
        ("正向", None, "人次", "≥24人次"),  # the word alone still implies ≥
        ("正向", "=", "44561", "=24"),  # a number in the unit column is no unit
    ],
)
def test_a_comparator_symbol_beats_a_direction_word_in_the_other_column(
    sense: str, symbol: str | None, unit: str, target: str
) -> None:
    rows = _direction_table(sense, symbol, unit)
    doc = read_bytes(build("xlsx", [T(rows)]), "方向.xlsx")  # type: ignore[arg-type]
    p = doc.projects[0]
    got, want = p.indicators[0].target, parse_target(target)
    assert (got.comparator, got.value, got.unit) == (want.comparator, want.value, want.unit)
    assert p.budget.fiscal == 3  # 财政拨款数 is the fiscal funds
