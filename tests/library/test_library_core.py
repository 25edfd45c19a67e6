"""The indicator library's core: shipped data, learning, merging, ranking, seed hit rate."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core.library import learn, merge, shipped, suggest
from jixiao.core.library.entries import LEVEL1_OF, SOURCES
from jixiao.core.model import Indicator
from jixiao.core.targets import parse_target

# Hand-labelled: for each seed project, the kinds of indicator a reviewer would call relevant
# (library categories). A project is a hit when a top-five suggestion is of one of them.
RELEVANT: dict[int, set[str]] = {
    1: {"工资福利"},  # 残疾人专职委员工资
    2: {"工资福利", "执法"},
    3: {"信访维稳"},  # 处遗经费: 遗留问题
    4: {"社区服务", "宣传"},  # 创城
    5: {"房屋租赁"},
    6: {"防汛应急"},
    7: {"工资福利"},
    8: {"卫生健康", "补助补贴"},  # 计生
    9: {"工资福利"},
    10: {"宣传", "党建", "运行维护"},  # 纪检: 办公经费 and 宣传
    11: {"补助补贴"},
    12: {"社区服务"},  # 精神文明创建
    13: {"卫生健康"},
    14: {"补助补贴"},
    15: {"工资福利"},
    16: {"法律服务"},
    17: {"宣传", "运行维护", "执法"},  # 人大: 检查, 宣传, 运转
    18: {"信息采集"},
    19: {"环境整治"},
    20: {"党建", "培训"},
    21: {"社区服务", "文化服务"},
    22: {"工资福利"},
    23: {"工程维修"},
    24: {"工程维修"},
    25: {"政府采购", "文化服务", "宣传", "社区服务"},
    26: {"工资福利"},
    27: {"武装工作"},
    28: {"消防安全"},
    29: {"文化服务", "社区服务"},
    30: {"信访维稳"},
    31: {"执法", "政府采购"},
    32: {"政府采购", "运行维护", "社区服务"},
    33: {"疫情防控", "工资福利"},
    34: {"工程维修"},
    35: {"环境整治", "宣传"},
    36: {"文化服务", "政府采购"},
}


def test_shipped_entries_are_well_formed():
    entries = shipped()
    assert len(entries) >= 60
    assert len({e.key for e in entries}) == len(entries)
    for e in entries:
        assert e.level2 in LEVEL1_OF, e
        assert e.level1 == LEVEL1_OF[e.level2] or (e.level1, e.level2) == (
            "效益指标",
            "经济效益指标",
        ), e
        assert e.source in SOURCES and e.description and e.basis and e.keywords, e
        t = parse_target(e.target)
        assert t.is_parsed and not t.is_blank, e
    categories = {e.category for e in entries}
    for needed in ("工资福利", "补助补贴", "政府采购", "运行维护", "培训", "宣传", "满意度"):
        assert needed in categories


def test_seed_top_five_hit_rate(seed_doc):
    hits = []
    for p in seed_doc.projects:
        top = suggest(shipped(), project_name=p.name, purpose=p.purpose or "", limit=5)
        hits.append(any(s.entry.category in RELEVANT[p.seq] for s in top))
    rate = Decimal(sum(hits)) / len(hits)
    misses = [p.seq for p, h in zip(seed_doc.projects, hits, strict=True) if not h]
    assert rate == 1, misses  # measured: 36/36


def test_typing_ranks_by_prefix_then_substring():
    names = [s.entry.name for s in suggest(shipped(), query="工资", limit=5)]
    assert names[0].startswith("工资")
    assert all("工资" in n or "薪酬" in n for n in names[:3])
    assert suggest(shipped(), query="完全不相关的词语xyz") == []
    only = suggest(shipped(), query="满意度", level2="服务对象满意度指标", limit=50)
    assert only and {s.entry.level2 for s in only} == {"服务对象满意度指标"}


def test_context_beats_popularity_but_uses_break_ties():
    learned = learn(
        [
            Indicator(
                "效益指标", "社会效益指标", "节约经费，认真完成工作", None, parse_target("好"), None
            )
        ]
        * 27
    )
    pool = merge(shipped(), learned)
    top = [
        s.entry.name
        for s in suggest(pool, project_name="防汛", purpose="购置防汛沙袋雨衣", limit=3)
    ]
    assert "储备防汛物资数量" in top and "节约经费，认真完成工作" not in top


def test_learn_deduplicates_and_counts():
    rows = [
        Indicator("产出指标", "数量指标", "工资发放人数", "d1", parse_target("=8人"), "计划标准"),
        Indicator("产出指标", "数量指标", "工资发放人数 ", "d2", parse_target("=8人"), "计划标准"),
        Indicator("产出指标", "数量指标", "工资发放人数", "d2", parse_target("=9人"), None),
        Indicator("产出指标", "质量指标", "工资发放人数", "x", parse_target("=1人"), None),
        Indicator("产出指标", None, "无二级", None, parse_target(""), None),
    ]
    learned = {(e.level2, e.name): e for e in learn(rows)}
    assert set(learned) == {("数量指标", "工资发放人数"), ("质量指标", "工资发放人数")}
    e = learned[("数量指标", "工资发放人数")]
    assert (e.uses, e.description, e.target, e.basis) == (3, "d2", "=8人", "计划标准")
    merged = {x.key: x for x in merge(shipped(), learn(rows))}
    shipped_one = merged[("数量指标", "工资发放人数")]
    assert shipped_one.source == "prov" and shipped_one.uses == 3


@pytest.fixture(scope="module")
def seed_doc():
    from pathlib import Path

    from jixiao.core import read

    return read(
        Path(__file__).resolve().parents[1] / "data" / "xiwanglu-2022-performance-goals.txt"
    )
