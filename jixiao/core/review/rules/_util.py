"""Small helpers the rules share: taxonomy lookups and cheap text normalisation."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from jixiao.core.model import Indicator

#: 一级 → its 二级, both taxonomies (domain.md §3): the older template with 成本指标 under
#: 产出指标, and the 2021 central guide with 成本指标 as a 一级 of its own.
TAXONOMY: dict[str, tuple[str, ...]] = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}

#: Pairs outside `TAXONOMY` that published layouts write and a reviewer accepts: 满意度 as
#: its own 二级 (自评表 of many provinces), the older template's 满意度 under 效益指标.
ALSO_ACCEPTED = frozenset(
    {
        ("满意度指标", "满意度指标"),
        ("效益指标", "服务对象满意度指标"),
        # Guangdong's 预算（或投资规模）控制指标 under 预期产出指标 (an execution rate or a
        # ceiling: not read as a 成本指标).
        ("产出指标", "预算控制指标"),
        ("产出指标", "投资规模控制指标"),
    }
)

#: Other layouts' names for a level (after `level`) → the taxonomy's: Guangdong's 预期产出指标
#: / 效果指标, the evaluation framework's 项目产出 / 项目效益, the older template's
#: 社会公众或服务对象满意度指标.
ALIASES = {
    "预期产出指标": "产出指标",
    "项目产出指标": "产出指标",
    "效果指标": "效益指标",
    "项目效益指标": "效益指标",
    "项目效果指标": "效益指标",
    "社会公众或服务对象满意度指标": "服务对象满意度指标",
}

#: The evaluation framework's other 一级 (`level` form, ``项目`` dropped): 决策 and 过程 of
#: 项目支出绩效评价指标体系 (财预〔2020〕10号), 投入 of the earlier one (投入/过程/产出/效果),
#: 管理 and 预算绩效 as provinces' 自评表 and review forms name 过程. Their 二级 (项目立项,
#: 资金管理, 组织实施…) vary by province and are the template's, not the unit's choice.
FRAMEWORK_LEVEL1 = frozenset({"决策指标", "过程指标", "投入指标", "管理指标", "预算绩效指标"})

#: Every level name a layout writes (`key` form): a 三级 named so copies a level's name.
LEVEL_NAMES = frozenset(
    {*TAXONOMY, *(l2 for l2s in TAXONOMY.values() for l2 in l2s), *ALIASES, "满意度指标"}
)

_KNOWN = frozenset({*TAXONOMY, *(l2 for l2s in TAXONOMY.values() for l2 in l2s)})

#: 二级 → its one 一级, for a row whose 一级 cell is blank or whose layout has no 一级 column.
_PARENT = {l2: l1 for l1, l2s in TAXONOMY.items() for l2 in l2s}
_PAREN = re.compile(r"\([^()]*\)")
_SPACE = re.compile(r"\s+")
_TRAIL = re.compile(r"[。．.，,；;：:、\s]+$")
_TRAIL_CHARS = "。．.，,；;：:、"


def _wide_forms() -> dict[int, str]:
    """Full-width forms, ideographic and typographic spaces → their NFKD decomposition, for
    the characters whose NFKC is that decomposition (``，`` → ``,``)."""
    chars = [0xA0, 0x3000, *range(0x2000, 0x2070), *range(0xFF01, 0xFFEF)]
    out = {}
    for c in chars:
        d = unicodedata.normalize("NFKD", chr(c))
        if d != chr(c) and unicodedata.normalize("NFKC", chr(c)) == d:
            out[c] = d
    return out


_WIDE = _wide_forms()
#: The full-width characters of `_WIDE` that Chinese text uses most, with their replacement.
_COMMON_WIDE = tuple((c, _WIDE[ord(c)]) for c in "，：；（）％！？　")


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, faster on Chinese text.

    CPython normalises a string fully (slow: about 10 µs for a sentence) as soon as one
    character is not NFKC, and Chinese text nearly always has full-width punctuation.
    Replacing such characters by their decomposition first leaves NFKC's result unchanged
    (NFKC decomposes every character fully, then composes) and usually lets the quick
    check pass.
    """
    if unicodedata.is_normalized("NFKC", text):
        return text
    # ``str.translate`` with a mapping costs about 80 ns a character: the usual full-width
    # punctuation goes by ``str.replace`` first (the same partial decomposition), and often
    # the text is then NFKC already.
    for c, d in _COMMON_WIDE:
        if c in text:
            text = text.replace(c, d)
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text.translate(_WIDE))


@lru_cache(maxsize=1024)
def level(text: str | None) -> str:
    """A 一级/二级 cell normalised: NFKC, no spaces, ``指标`` suffix added (``产出`` → ``产出指标``)."""
    # str.split() cuts at exactly the characters ``\s`` matches (str.isspace).
    s = "".join(nfkc(text or "").split())
    if "(" in s:  # a note: 数量指标（或建筑规模指标）
        s = _PAREN.sub("", s) or s
    if s and not s.endswith("指标"):
        s += "指标"
    s = ALIASES.get(s, s)
    if s not in _KNOWN and s:
        # 数量目标指标, 产出数量指标 (Jilin, a city's review form): the taxonomy's name inside.
        t = s.replace("目标指标", "指标")
        if t.startswith("产出") and t[2:] in TAXONOMY["产出指标"]:
            t = t[2:]
        if t in _KNOWN:
            s = t
    return s


def implied_level1(level1: str | None, level2: str | None) -> str:
    """The 一级 of a row (`level`): as written, or, when the cell is blank, the one 一级 its
    二级 belongs to (a layout without a 一级 column, a blank merged cell)."""
    l1 = level(level1)
    return l1 or _PARENT.get(level(level2), "")


def in_taxonomy(l1: str, l2: str) -> bool:
    """Whether a normalised 一级/二级 pair is in either indicator system (or accepted): a
    framework 一级 (`FRAMEWORK_LEVEL1`) with any 二级, and a 二级 naming several of its
    一级's together (Guangdong's 社会、经济、生态效益指标)."""
    options = TAXONOMY.get(l1, ())
    return (
        l2 in options or (l1, l2) in ALSO_ACCEPTED or framework_level1(l1) or _combined(l2, options)
    )


def framework_level1(l1: str) -> bool:
    """Whether a normalised 一级 is one of the evaluation framework's (`FRAMEWORK_LEVEL1`)."""
    return (l1[2:] if l1.startswith("项目") else l1) in FRAMEWORK_LEVEL1


_JOINERS = re.compile(r"[、,，/和及与]")


def _combined(l2: str, options: tuple[str, ...]) -> bool:
    """``社会、经济、生态效益指标``: stems joined, each with the common ending an option."""
    if not _JOINERS.search(l2):
        return False
    for ending in ("效益指标", "成本指标", "指标"):
        if l2.endswith(ending):
            stems = [x for x in _JOINERS.split(l2[: -len(ending)]) if x]
            return len(stems) >= 2 and all(x + ending in options for x in stems)
    return False


@lru_cache(maxsize=65536)
def key(text: str | None) -> str:
    """A name for comparisons: NFKC, no spaces, no trailing punctuation."""
    # As ``_TRAIL.sub("", _SPACE.sub("", …))``: without spaces, the trailing run of
    # punctuation is what rstrip removes (tests/review/test_review_speedups.py).
    return "".join(nfkc(text or "").split()).rstrip(_TRAIL_CHARS)


def is_satisfaction(ind: Indicator) -> bool:
    return level(ind.level1) == "满意度指标" or level(ind.level2) == "服务对象满意度指标"


def is_cost(ind: Indicator) -> bool:
    return is_cost_levels(ind.level1, ind.level2)


def is_cost_levels(level1: str | None, level2: str | None) -> bool:
    """Whether a 一级/二级 pair is a 成本指标 (一级 in the 2021 guide, or 二级 under 产出)."""
    l1, l2 = level1 or "", level2 or ""
    if "成本" not in l1 and "成本" not in l2:  # the common case, without normalising
        return False
    return level(l1) == "成本指标" or level(l2).endswith("成本指标")


def alternation(words: list[str]) -> re.Pattern[str]:
    """One compiled regex matching any of ``words`` (longest first); never matches if empty."""
    if not words:
        return re.compile(r"(?!)")
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def quote(text: str | None) -> str:
    """``“text”`` for messages; blank shows as （空）."""
    text = (text or "").strip()
    return f"“{text}”" if text else "（空）"


def listing(items: list[str] | tuple[str, ...]) -> str:
    return "、".join(items)
