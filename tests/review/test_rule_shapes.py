"""The engine calls an indicator rule only on rows whose shape has the bits the rule needs
(`IndicatorRule.needs`, rules/_facts.py): no rule may fire on a row it would skip.

Every indicator rule runs unfiltered over a cross product of awkward cells (blank and
whitespace levels, names, targets and bases; both taxonomies; rates, counts, costs,
qualitative targets) and over the seed and generated documents.
"""

from __future__ import annotations

import itertools
from collections import Counter

from jixiao.core.generate import GeneratorOptions, generate_documents
from jixiao.core.model import Indicator
from jixiao.core.review import Profile, load_profile, profile_from_dict
from jixiao.core.review.rules._facts import Facts
from jixiao.core.targets import parse_target

LEVELS = [
    ("产出指标", "数量指标"),
    ("产出指标", "时效指标"),
    ("产出指标", "成本指标"),
    ("产出", "质量"),
    ("成本指标", "经济成本指标"),
    ("效益指标", "社会效益指标"),
    ("效益指标", "经济效益指标"),
    ("满意度指标", "服务对象满意度指标"),
    ("满意度指标", "数量指标"),
    ("", "数量指标"),
    ("产出指标", " "),
    (None, None),
]
NAMES = [
    "",
    " ",
    "服务对象满意度",
    "完成人数",
    "防汛物资发放率",
    "各项费用支出",
    "数量指标",
    "设备运行率",
    "设备购置总成本（万元）",
    "资金拨付到位金额",
    "验收合格率达到98%",
    "工作任务完成率",
    "办理时限",
]
DESCRIPTIONS = [None, "", "完成人数", "满意"]
TARGETS = ["", " ", "≥90%", "=100%", "≤95%", "≤5天", "1", "≥100", "≥3个", "≥120%", "≤50万元"]
TARGETS += [
    "≥50万元",
    "达成年度指标",
    "有所提高",
    "较好",
    "按时",
    "95%-80%",
    "≥0人",
    "≤100人",
    "≥5天",
]
BASES = [None, "", " ", "计划标准", "预算支出标准", "年底实际情况"]


def _rows() -> list[Indicator]:
    rows = [
        Indicator(l1, l2, name, desc, parse_target(target), basis)
        for (l1, l2), name, desc, target, basis in itertools.product(
            LEVELS, NAMES, DESCRIPTIONS, TARGETS, BASES
        )
    ]
    for doc in generate_documents(GeneratorOptions(units=4, projects_per_unit=20, seed=9)):
        for p in doc.projects:
            rows += p.indicators
    return rows


def _assert_no_rule_fires_where_skipped(
    rows: list[Indicator], profile: Profile | None = None
) -> Counter[str]:
    rules = (profile or load_profile()).scopes[0]
    fired: Counter[str] = Counter()
    for ind in rows:
        facts = Facts(ind)
        for rule in rules:
            if rule.check(facts) is None:
                continue
            fired[rule.code] += 1
            assert rule.needs & facts.shape == rule.needs, (rule.code, ind)
    return fired


def test_no_rule_fires_on_a_row_of_a_shape_it_skips() -> None:
    fired = _assert_no_rule_fires_where_skipped(_rows())
    assert fired.total() > 10_000
    # Round 7's gated rules fire on rows here, so a wrong bit would fail above.
    for code in ("R046", "R048", "R105", "R109", "R114", "R115", "R116", "R118"):
        assert fired[code], code


def test_no_rule_fires_where_skipped_on_the_seed(seed_doc) -> None:
    rows = [i for p in seed_doc.projects for i in p.indicators]
    assert _assert_no_rule_fires_where_skipped(rows).total() > 100


def test_bits_read_with_the_default_words_are_not_needed_under_other_words() -> None:
    # Some bits are read with the default profile's word lists (count names, vague names,
    # count units, rate names, bases): a profile with other words runs those rules on
    # every row of the other bits, so rows the default words would skip still fire.
    profile = profile_from_dict(
        {
            "thresholds": {
                "count_words": ["场地"],
                "rate_words": ["比例"],
                "vague_words": ["保障"],
                "measure_words": ["率"],
                "count_units": ["平方米"],
                "accepted_bases": ["计划标准"],
                "cost_only_bases": ["历史标准"],
                "satisfaction_ceiling": 95,
            }
        }
    )
    rows = [
        Indicator(l1, l2, name, desc, parse_target(target), basis)
        for (l1, l2), name, desc, target, basis in itertools.product(
            [
                ("产出指标", "数量指标"),
                ("产出指标", "时效指标"),
                ("满意度指标", "服务对象满意度指标"),
                ("成本指标", "经济成本指标"),
            ],
            ["场地比例", "场地面积", "保障有力", "设施比例", "服务人数", "群众满意度", "场地费用"],
            ["", "比例"],
            ["≥50%", "≥3平方米", "≥3人", "≥96%"],
            ["历史标准", "行业标准", "计划标准"],
        )
    ]
    fired = _assert_no_rule_fires_where_skipped(rows, profile)
    # R105: a cost in 平方米 (a count unit here only) still fires.
    for code in ("R025", "R026", "R027", "R031", "R032", "R042", "R102", "R105"):
        assert fired[code], code


def test_the_shape_skips_rules() -> None:
    # A plain row (产出/数量, a number with its unit, a basis) meets only some of the rules.
    rules = load_profile().scopes[0]
    row = Indicator("产出指标", "数量指标", "服务人数", "", parse_target("≥100人"), "计划标准")
    shape = Facts(row).shape
    able = [r for r in rules if r.needs & shape == r.needs]
    assert len(able) < len(rules) - 5
