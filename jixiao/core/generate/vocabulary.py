"""The generator's vocabulary: sectors (from ``sectors.toml``), taxonomies and place names."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

#: Both indicator taxonomies (domain.md §3): key → (一级, 二级).
OLD_TAXONOMY: dict[str, tuple[str, str]] = {
    "quantity": ("产出指标", "数量指标"),
    "quality": ("产出指标", "质量指标"),
    "timeliness": ("产出指标", "时效指标"),
    "cost": ("产出指标", "成本指标"),
    "economic": ("效益指标", "经济效益指标"),
    "social": ("效益指标", "社会效益指标"),
    "ecological": ("效益指标", "生态效益指标"),
    "sustainable": ("效益指标", "可持续影响指标"),
    "satisfaction": ("满意度指标", "服务对象满意度指标"),
}
#: The 2021 central guide moves cost to its own 一级.
NEW_TAXONOMY: dict[str, tuple[str, str]] = {
    **OLD_TAXONOMY,
    "cost": ("成本指标", "经济成本指标"),
}

#: Finance region codes: real province prefixes, synthetic city/county digits.
PROVINCES: tuple[tuple[str, str], ...] = (
    ("13", "河北省"),
    ("32", "江苏省"),
    ("33", "浙江省"),
    ("37", "山东省"),
    ("41", "河南省"),
    ("42", "湖北省"),
    ("44", "广东省"),
    ("51", "四川省"),
    ("53", "云南省"),
    ("61", "陕西省"),
)
PLACE_HEADS = "东西南北安平永长新清宁和兴泰丰德广华临金"
PLACE_TAILS = "山河城阳安宁川源丰江台原林州水塘泉桥"
UNIT_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("{place}镇人民政府", ("salary", "flood", "sanitation", "roads", "community", "agriculture")),
    ("{place}街道办事处", ("salary", "sanitation", "community", "safety", "operations", "culture")),
    ("{county}教育局", ("salary", "education", "it", "operations")),
    ("{county}第{n}中学", ("salary", "education", "operations", "it")),
    ("{county}卫生健康局", ("salary", "health", "it", "operations")),
    ("{county}农业农村局", ("salary", "agriculture", "environment", "operations")),
    ("{county}民政局", ("salary", "civil_affairs", "community", "operations")),
    ("{county}交通运输局", ("salary", "roads", "safety", "operations")),
    ("{county}文化旅游体育局", ("salary", "culture", "operations", "it")),
    ("{county}应急管理局", ("salary", "safety", "flood", "it")),
    ("{county}生态环境分局", ("salary", "environment", "it", "operations")),
)

#: A template effect indicator units copy into many projects (domain.md §4).
COPIED_INDICATOR = ("social", "节约经费，认真完成工作", "", "qualitative")


@dataclass(frozen=True)
class IndicatorTemplate:
    kind: str
    name: str
    unit: str
    comparator: str
    low: Decimal
    high: Decimal
    decimals: int
    basis: str


@dataclass(frozen=True)
class Sector:
    key: str
    names: tuple[str, ...]
    purposes: tuple[str, ...]
    goals: tuple[str, ...]
    indicators: tuple[IndicatorTemplate, ...]


@cache
def sectors() -> dict[str, Sector]:
    text = resources.files("jixiao.core.generate").joinpath("sectors.toml").read_text("utf-8")
    data = tomllib.loads(text)
    out: dict[str, Sector] = {}
    for s in data["sector"]:
        templates = tuple(
            IndicatorTemplate(
                kind=i[0],
                name=i[1],
                unit=i[2],
                comparator=i[3],
                low=Decimal(str(i[4])),
                high=Decimal(str(i[5])),
                decimals=int(i[6]),
                basis=i[7],
            )
            for i in s["indicators"]
        )
        out[s["key"]] = Sector(
            s["key"], tuple(s["names"]), tuple(s["purposes"]), tuple(s["goals"]), templates
        )
    return out
