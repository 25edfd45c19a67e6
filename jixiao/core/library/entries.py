"""Library entries: the shipped 共性指标 and what approved projects teach."""

from __future__ import annotations

import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from jixiao.core.model import Indicator

#: 二级 → 一级 in both taxonomies (domain.md §3).
LEVEL1_OF: dict[str, str] = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "成本指标": "产出指标",
    "经济成本指标": "成本指标",
    "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
}

SOURCES: dict[str, str] = {
    "mof2021": "财政部《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）",
    "mof2020": "财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）共性指标框架",
    "prov": "各地公开的共性指标库和项目支出绩效自评表",
    "learned": "本区域已审核项目",
    "approved": "本区域已审核项目（管理员认可）",
    "imported": "管理员导入",
}


@dataclass(frozen=True)
class LibraryEntry:
    level1: str
    level2: str
    name: str
    description: str
    target: str
    basis: str
    category: str = ""
    keywords: str = ""
    source: str = "learned"
    #: How many approved projects used it (0 for a shipped entry nobody used yet).
    uses: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return (self.level2, normalise(self.name))

    @property
    def source_label(self) -> str:
        return SOURCES.get(self.source, self.source)


def normalise(name: str) -> str:
    """Names compared without spaces and full-width/half-width differences."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", name).split())


@cache
def shipped() -> tuple[LibraryEntry, ...]:
    text = resources.files("jixiao.core.library").joinpath("common.toml").read_text("utf-8")
    out = []
    for e in tomllib.loads(text)["entry"]:
        level2 = e["level2"]
        out.append(
            LibraryEntry(
                level1=e.get("level1") or LEVEL1_OF.get(level2, ""),
                level2=level2,
                name=e["name"],
                description=e.get("description", ""),
                target=e.get("target", ""),
                basis=e.get("basis", ""),
                category=e.get("category", ""),
                keywords=e.get("keywords", ""),
                source=e.get("source", "prov"),
            )
        )
    return tuple(out)


def learn(indicators: Iterable[Indicator]) -> list[LibraryEntry]:
    """Approved indicators deduplicated by (二级, 三级 name), each with its use count and the
    most common description, target and basis (ties: the first seen)."""
    groups: dict[tuple[str, str], list[Indicator]] = defaultdict(list)
    for ind in indicators:
        if not ind.name or not ind.level2:
            continue
        groups[(ind.level2, normalise(ind.name))].append(ind)
    out = []
    for (level2, _), rows in groups.items():
        first = rows[0]

        def common(values: list[str | None]) -> str:
            counted = Counter(v for v in values if v)
            return counted.most_common(1)[0][0] if counted else ""

        out.append(
            LibraryEntry(
                level1=first.level1 or LEVEL1_OF.get(level2, ""),
                level2=level2,
                name=first.name or "",
                description=common([r.description for r in rows]),
                target=common([r.target.text for r in rows]),
                basis=common([r.basis for r in rows]),
                source="learned",
                uses=len(rows),
            )
        )
    return out


def merge(
    shipped_entries: Iterable[LibraryEntry], learned: Iterable[LibraryEntry]
) -> list[LibraryEntry]:
    """One list: a learned entry with the same (二级, 三级) as a shipped one adds its uses to
    the shipped entry (which keeps its description, target and source)."""
    by_key: dict[tuple[str, str], LibraryEntry] = {}
    for e in shipped_entries:
        by_key[e.key] = e
    for e in learned:
        if e.key in by_key:
            base = by_key[e.key]
            by_key[e.key] = replace(base, uses=base.uses + e.uses)
        else:
            by_key[e.key] = e
    return list(by_key.values())
