"""General reader and rule fixes found judging the review of the seventh round's documents
(c49, c53–c60), each on a small table."""

from __future__ import annotations

import pytest

from jixiao.core.formats import read_bytes
from jixiao.core.formats.headers import indicator_field, normalize
from jixiao.core.formats.json_io import read_bytes as read_json
from jixiao.core.formats.json_io import write_bytes as write_json
from jixiao.core.review import review
from tests.corpus.build import P, T, build

_RULE = "完成12次得15分，每少1次扣2分"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("评价标准", "scoring_rule"),
        ("评分标准", "scoring_rule"),
        ("评分办法", "scoring_rule"),
        ("指标值确定依据", "basis"),
        ("绩效标准", "basis"),
    ],
)
def test_a_scoring_rule_column_is_not_the_basis(header: str, field: str) -> None:
    assert indicator_field(normalize(header)[0]) == field


def _self_evaluation(rule_header: str) -> bytes:
    rows: list[list[str | None]] = [
        ["项目名称", "委员视察调研经费", None, None, None, None, None],
        ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", rule_header, "实际完成值"],
        ["产出指标", "数量指标", "视察调研活动次数", "15", "≥12次", _RULE, "13次"],
        ["满意度指标", "满意度指标", "群众满意度", "10", "≥90%", "每降5%扣1分", "98%"],
    ]
    return build("docx", [P("项目支出绩效自评表"), P("（2023年度）"), T(rows)])


@pytest.mark.parametrize("header", ["评价标准", "评分标准"])
def test_the_scoring_rule_is_kept_as_written_and_round_trips(header: str) -> None:
    doc = read_bytes(_self_evaluation(header), "自评表.docx")
    ind = doc.projects[0].indicators[0]
    assert (ind.scoring_rule, ind.basis) == (_RULE, None)
    back = read_json(write_json(doc), "自评表.json")
    assert back.projects[0].indicators[0].scoring_rule == _RULE


def test_r031_does_not_judge_a_scoring_rule() -> None:
    # A goal table with a 评价标准 column (a scoring rule): before, read as the basis and
    # reported by R031 as "not a standard basis" on every row (c53).
    rows: list[list[str | None]] = [
        ["项目名称", "乡村道路建设养护项目", None, None, None],
        ["预算数", "309", None, None, None],
        ["一级指标", "二级指标", "三级指标", "指标值", "评价标准"],
        ["产出指标", "数量指标", "道路养护里程", "≥300公里", "按完成比例计分"],
    ]
    doc = read_bytes(build("docx", [P("2023年项目绩效目标表"), T(rows)]), "目标.docx")
    assert doc.projects[0].indicators[0].scoring_rule == "按完成比例计分"
    assert not [f for f in review(doc).findings if f.rule == "R031"]


def _goal_table(name: str, goals: str, rows: list[list[str | None]]) -> bytes:
    head: list[list[str | None]] = [
        ["项目名称", name, None, None],
        ["预算数", "100", None, None],
        ["绩效目标", goals, None, None],
        ["一级指标", "二级指标", "三级指标", "指标值"],
    ]
    return build("docx", [P("2022年项目绩效目标表"), T(head + rows)])


_BREAKDOWN = _goal_table(
    "特色种养补贴到户项目",
    "补助种植面积29.5亩",
    [
        ["产出指标", "数量指标", "补助种植面积", "29.5亩"],
        ["产出指标", "数量指标", "其中桃树种植面积", "1.5"],
        ["产出指标", "数量指标", "其中：苹果树种植面积", "5亩"],
        ["产出指标", "质量指标", "种植作物成活率", "≥95%"],
    ],
)


def test_a_breakdown_row_is_a_part_of_the_row_above() -> None:
    doc = read_bytes(_BREAKDOWN, "目标.docx")
    inds = doc.projects[0].indicators
    assert [i.is_breakdown for i in inds] == [False, True, True, False]
    hits = {(f.rule, f.indicator) for f in review(doc).findings if f.rule in ("R021", "R022")}
    # Before: R021 on rows 2 and 3 and R022 on row 2 as well.
    assert hits == {("R021", 1)}


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "json"])
def test_a_breakdown_row_survives_a_round_trip(fmt: str) -> None:
    from jixiao.core.formats import to_bytes

    doc = read_bytes(_BREAKDOWN, "目标.docx")
    back = read_bytes(to_bytes(doc, fmt), f"目标.{fmt}")
    names = [(i.name, i.is_breakdown) for i in back.projects[0].indicators]
    assert names[1:3] == [("其中桃树种植面积", True), ("其中：苹果树种植面积", True)]


def test_forestry_indicators_belong_to_an_afforestation_project() -> None:
    # c54: 苗木成活率 (绿化) in a 水源涵养林建设 project was reported off-topic.
    doc = read_bytes(
        _goal_table(
            "南部水源涵养林建设项目",
            "实施营造林8万亩，其中新造林3万亩",
            [["产出指标", "质量指标", "苗木成活率", "≥85%"]],
        ),
        "目标.docx",
    )
    assert not [f for f in review(doc).findings if f.rule == "R110"]


def test_a_topic_word_qualified_by_the_projects_subject_is_on_topic() -> None:
    # c59: 松材线虫病疫情 in a 松材线虫病除治 project is that disease, not 疫情防控.
    doc = read_bytes(
        _goal_table(
            "接龙镇松材线虫病除治",
            "对死亡松树进行除治",
            [["效益指标", "生态效益指标", "松材线虫病疫情扩散", "有效遏制"]],
        ),
        "目标.docx",
    )
    assert not [f for f in review(doc).findings if f.rule == "R110"]


def test_an_unrelated_topic_is_still_reported() -> None:
    doc = read_bytes(
        _goal_table(
            "社区工作者薪酬",
            "按月发放社区工作者薪酬",
            [
                ["产出指标", "数量指标", "社区防汛物资储备数量", "≥500件"],
                ["效益指标", "生态效益指标", "提高森林覆盖率", "≥1%"],
            ],
        ),
        "目标.docx",
    )
    hits = [f.indicator for f in review(doc).findings if f.rule == "R110"]
    assert hits == [1, 2]


@pytest.mark.parametrize(
    ("name", "reported"),
    [
        ("接龙镇2022-2023年度松材线虫病除治", False),  # the project runs over both years
        ("接龙镇2022年度松材线虫病除治", True),
        ("接龙镇2021-2022年度松材线虫病除治", True),  # a period that ends this year
    ],
)
def test_a_deadline_within_the_projects_stated_period_is_not_late(
    name: str, reported: bool
) -> None:
    doc = read_bytes(
        _goal_table(
            name, "除治死亡松树", [["产出指标", "时效指标", "除治完成时间", "2023年4月前"]]
        ),
        "目标.docx",
    )
    assert any(f.rule == "R106" for f in review(doc).findings) is reported


@pytest.mark.parametrize(
    ("text", "goals"),
    [
        # c58: two goals in one cell, run on with ordinals
        (
            "一是采购原原种425万粒；二是建成原种基地400亩。",
            ["一是采购原原种425万粒", "二是建成原种基地400亩。"],
        ),
        ("目标：一是甲；二是乙。三是丙", ["目标：", "一是甲", "二是乙。", "三是丙"]),
        # not a run: no ；/。 before 二是, or no 一是 at the start
        ("一是甲，二是乙", ["一是甲，二是乙"]),
        ("完成一是项目，二是工程；二是乙", ["完成一是项目，二是工程；二是乙"]),
    ],
)
def test_ordinal_goals_run_on_in_one_cell_are_split(text: str, goals: list[str]) -> None:
    from jixiao.core.numbering import split_goals

    assert split_goals(text) == goals
