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
