"""The review's small indicator library (library.toml) and Chinese word segmentation.

- `topics_in(text)`: the library topics (防汛, 工资…) a text speaks of, found by word
  (jieba segmentation), so that ``防汛`` inside a longer word or a two-character overlap
  across word boundaries does not count;
- `words(text)`: the content words of a text (jieba, common words dropped), for matching
  goals with projects;
- `example(level2, context)`: a library example of the same 二级 category, from the topic
  closest to the project when there is one;
- `TYPICAL`: typical target ranges by indicator kind and unit (plausibility).

jieba loads its dictionary (about a second) on first use only; a cheap regex over all
library words runs first, so most indicators never reach the segmenter.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

from jixiao.core.amounts import STATED_UNITS, convert
from jixiao.core.model import Project
from jixiao.core.review.rules._util import alternation, level, nfkc

#: Words too common to tell goals or projects apart.
COMMON_WORDS = frozenset(
    [
        "完成",
        "工作",
        "开展",
        "做好",
        "保障",
        "群众",
        "居民",
        "社区",
        "街道",
        "相关",
        "各项",
        "按时",
        "用于",
        "进行",
        "及时",
        "提升",
        "提高",
        "加强",
        "建设",
        "管理",
        "服务",
        "活动",
        "推进",
        "落实",
        "确保",
        "实现",
        "不断",
        "积极",
        "深入",
        "全面",
        "进一步",
        "有效",
        "明显",
        "组织",
        "持续",
        "坚持",
        "各类",
        "所需",
        "费用",
        "经费",
        "支出",
        "资金",
        "项目",
        "满意度",
        "满意",
        "工作人员",
        "年度",
        "2022",
        "水平",
        "能力",
        "体系",
        "机制",
        "作用",
        "格局",
        "发挥",
        "打造",
        "健全",
        "建立",
        "抓好",
        "做实",
        "做细",
        "做精",
        "扎实",
        "重点",
        "辖区",
        "人员",
        "物品",
        "数量",
        "采购",
        "购置",
        "宣传",
        "提供",
        "支付",
        "发放",
        "问题",
        "需要",
        "方面",
        "其他",
        "以及",
        "等",
        "和",
        "及",
        "社区服务",
        "物资",
        "达到",
        "人数",
        "覆盖",
        "确保安全",
        "保安",
        "更多",
    ]
)

_CONTENT = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{2,}")
#: `_CONTENT` over words joined by newlines: one regex pass for all the words of a text.
_CONTENT_LINES = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]{2,}$", re.MULTILINE)


@dataclass(frozen=True)
class Typical:
    kind: str
    words: tuple[str, ...]
    unit: str  # "%" for rates, "" for counts
    low: Decimal
    high: Decimal
    item_cost: Decimal | None  # 万元 per counted item and year


def _load() -> dict[str, Any]:
    text = resources.files("jixiao.core.review").joinpath("library.toml").read_text("utf-8")
    return tomllib.loads(text)


_DATA = _load()
TOPICS: dict[str, tuple[str, ...]] = {t["name"]: tuple(t["words"]) for t in _DATA["topic"]}
_WORD_TOPIC: dict[str, str] = {w: name for name, ws in TOPICS.items() for w in ws}
_ANY_TOPIC_WORD = alternation(list(_WORD_TOPIC))
#: Whether a text holds a topic word as a substring (a match, or ``None``).
any_topic_word = _ANY_TOPIC_WORD.search
EXAMPLES: dict[str, dict[str, str]] = {}
for _e in _DATA["example"]:
    EXAMPLES.setdefault(level(_e["level2"]), {})[_e["topic"]] = _e["text"]
TYPICAL: tuple[Typical, ...] = tuple(
    Typical(
        t["kind"],
        tuple(t["words"]),
        t["unit"],
        Decimal(str(t["low"])),
        Decimal(str(t["high"])),
        Decimal(str(t["item_cost"])) if "item_cost" in t else None,
    )
    for t in _DATA["typical"]
)

_jieba: Any = None
#: ``rjieba.Jieba`` (jieba-rs, the same algorithm in Rust) holding jieba's dictionary.
_fast: Any = None
#: A word no text can contain (private-use characters are outside jieba's runs): it carries
#: the difference between jieba's total frequency and the sum of its words' frequencies.
_NEVER = "\ue000\ue001"


def _segmenter() -> Any:
    global _jieba, _fast
    if _jieba is None:
        import jieba
        import rjieba

        jieba.setLogLevel(logging.WARNING)
        for word in _WORD_TOPIC:
            jieba.add_word(word, freq=2000)
        jieba.dt.check_initialized()
        fast = rjieba.Jieba.empty()
        added = 0
        for word, freq in jieba.dt.FREQ.items():
            if freq:  # 0: a prefix, not a word
                fast.add_word(word, freq, None)
                added += freq
        # jieba's total counts each dictionary line and each add_word, also for a word it
        # already had (75 topic words, a duplicated line): the path probabilities use it.
        if jieba.dt.total > added:
            fast.add_word(_NEVER, jieba.dt.total - added, None)
        _fast = fast
        _jieba = jieba
    return _jieba


_NOT_CJK = re.compile(r"[^\u4e00-\u9fd5]+")
#: Runs of letters, digits and ``%``, or a decimal: where jieba-rs cuts as jieba does. It
#: differs on other punctuation inside a run (``0.4X``, ``as_of``, ``7b-15``).
_PLAIN = re.compile(r"[a-zA-Z0-9%]+|\d+\.\d+%?")
_PUNCT = re.compile(r"[+#&._\-]")


@lru_cache(maxsize=65536)
def segment(text: str) -> tuple[str, ...]:
    """The text cut into words (jieba, precise mode): ``jieba.lcut(text)`` exactly.

    Most texts are cut whole by jieba-rs (`_fast_fits_text`). Otherwise, as jieba cuts
    each run of CJK/letters/digits on its own (``re_han_default``), the text is split the
    same way and each run is cut once (cached), by jieba-rs where the run fits.
    """
    jieba = _segmenter()
    if _fast_fits_text(text):
        return tuple(_fast.cut(text))
    out: list[str] = []
    for blk in jieba.re_han_default.split(text):
        if blk:
            out += _cut_block(blk)
    return tuple(out)


@lru_cache(maxsize=65536)
def _cut_block(blk: str) -> tuple[str, ...]:
    """One run cut as ``jieba.lcut`` cuts it: by jieba-rs (about 15 times faster) when the
    run is CJK with plain letters, digits, ``%`` and decimals between, else by jieba.

    jieba-rs holds jieba's dictionary and total, so its cuts are jieba's on such runs
    (checked on all 202,599 fitting runs of the seed, 9,000 generated units and the
    libraries, and on 918,000 random ones; whole texts and search mode on 133,468 texts
    and 266,000 / 198,000 random ones; `tests/review/test_segmenter.py` keeps a sample).
    """
    jieba = _segmenter()
    if _fast_fits(blk):
        return tuple(_fast.cut(blk))
    return tuple(jieba.lcut(blk))


#: Characters jieba-rs takes into its runs but jieba does not (rarer CJK blocks).
_RUST_ONLY = re.compile(r"[\u3400-\u4dbf\u9fd6-\u9fff\uf900-\ufaff\U00010000-\U0010ffff]")
#: A character of `_RUST_ONLY` or `_PUNCT`.
_EITHER = re.compile(r"[\u3400-\u4dbf\u9fd6-\u9fff\uf900-\ufaff\U00010000-\U0010ffff+#&._\-]")
#: Runs of jieba's run characters other than CJK.
_RUNS = re.compile(r"[a-zA-Z0-9+#&._%\-]+")


def _fast_fits_text(text: str) -> bool:
    """Whether jieba-rs cuts the whole ``text`` exactly as jieba does: each of its runs fits
    (`_fast_fits`), and it has no character that jieba-rs would take into a run."""
    if _EITHER.search(text) is None:
        return True  # the common case, in one pass
    if _RUST_ONLY.search(text) is not None:
        return False
    if _PUNCT.search(text) is None:
        return True
    return all(_PLAIN.fullmatch(r) for r in _RUNS.findall(text))


def _fast_fits(blk: str) -> bool:
    """Whether jieba-rs cuts the run ``blk`` exactly as jieba does."""
    if _segmenter().re_han_default.fullmatch(blk) is None:
        return False  # punctuation and spaces: jieba yields them one by one
    if _PUNCT.search(blk) is None:
        return True  # CJK, letters, digits and % only
    return all(_PLAIN.fullmatch(m.group()) for m in _NOT_CJK.finditer(blk))


@lru_cache(maxsize=65536)
def _search_words(text: str) -> tuple[str, ...]:
    """``jieba.lcut_for_search(text)`` derived from the precise cut, as jieba does it:
    search mode adds the dictionary's shorter words inside long ones (人居环境 → 人居, 环境)."""
    out: list[str] = []
    for w in segment(text):
        out += _search_parts(w)
    return tuple(out)


@lru_cache(maxsize=65536)
def _search_parts(w: str) -> tuple[str, ...]:
    """One precise-cut word in search mode: its dictionary 2- and 3-grams, then itself."""
    n = len(w)
    if n <= 2:
        return (w,)
    freq = _segmenter().dt.FREQ
    out = [g for g in (w[i : i + 2] for i in range(n - 1)) if freq.get(g)]
    if n > 3:
        out += [g for g in (w[i : i + 3] for i in range(n - 2)) if freq.get(g)]
    out.append(w)
    return tuple(out)


@lru_cache(maxsize=65536)
def _content_parts(w: str) -> tuple[str, ...]:
    """The content words (`words`) among one precise-cut word's search-mode parts."""
    return tuple(g for g in _search_parts(w) if _CONTENT.fullmatch(g) and g not in COMMON_WORDS)


def candidate_topics(text: str | None) -> frozenset[str]:
    """Topics whose words occur in ``text`` as substrings (a superset of `topics_in`)."""
    if not text:
        return frozenset()
    found = _ANY_TOPIC_WORD.findall(text)
    return frozenset([_WORD_TOPIC[w] for w in found]) if found else frozenset()


#: `candidate_topics` once per distinct text, for the short texts that recur across
#: projects and documents (names, descriptions, purposes, goals, summaries); a project's
#: joined texts, which do not recur, go to `candidate_topics` itself.
candidate_topics_of = lru_cache(maxsize=65536)(candidate_topics)


@lru_cache(maxsize=65536)
def topics_in(text: str | None) -> frozenset[str]:
    """Library topics the text names as whole words (``防汛物资`` → {防汛})."""
    if not text or _ANY_TOPIC_WORD.search(text) is None:
        return frozenset()
    found = set()
    for w in segment(text):
        topic = _WORD_TOPIC.get(w)
        if topic is not None:
            found.add(topic)
        else:
            # A longer word made of a topic word (jieba may keep 防汛物资 whole).
            for m in _ANY_TOPIC_WORD.finditer(w):
                found.add(_WORD_TOPIC[m.group()])
    return frozenset(found)


@lru_cache(maxsize=65536)
def words(text: str | None) -> frozenset[str]:
    """Content words of ``text``: jieba words of two or more characters, common ones dropped."""
    if not text:
        return frozenset()
    _segmenter()
    if _fast_fits_text(text):
        # jieba-rs's search mode is jieba's on such texts (tests/review/test_segmenter.py).
        found = set(_fast.cut_for_search(text))
        found -= COMMON_WORDS
        # Words never hold a newline (jieba yields it alone, and it is not content).
        return frozenset(_CONTENT_LINES.findall("\n".join(found)))
    # The same set as filtering `_search_words(text)`, one cached look per precise word.
    out: list[str] = []
    for w in segment(text):
        out += _content_parts(w)
    return frozenset(out)


@lru_cache(maxsize=16384)
def example(level2: str | None, context: str = "") -> str | None:
    """An example indicator of the 二级 category ``level2``, closest to the project.

    ``context`` is the project's name, then its purpose, one per line. First choice: the
    indicator library's (`jixiao.core.library`) entry of that 二级 ranked best for the
    project, if it fits at all; else this vocabulary's example for the project's topic (a
    topic of an earlier line wins: a 防汛 project renting a digger is still about 防汛),
    else its general example of the category.
    """
    found = _closest_entry(level(level2), context)
    if found is not None:
        return found
    table = EXAMPLES.get(level(level2))
    if not table:
        return None
    for line in context.split("\n"):
        topics = topics_in(line)
        for topic in sorted(topics):
            if topic in table:
                return table[topic]
        if topics:
            break
    return table.get("通用") or next(iter(table.values()))


# Not frozen: a frozen dataclass's __init__ is several times slower, and the review makes
# one per project and 二级 with findings. Read-only all the same.
@dataclass(slots=True)
class Example:
    """The end of a suggestion that names library examples, derived when it is read.

    A finding carries this instead of the text (`Finding.example`): `example` is a pure
    function of the 二级 and the project's context, so the text is the same whenever it
    is derived, and the review does not pay for examples nobody reads. ``style``:

    - ``row``: an indicator's ``；同类（二级）指标示例：“…”`` (nothing if the library has none);
    - ``list``: ``二级“…”`` per 二级, joined with ``、`` (a project missing categories);
    - ``goal``: the 数量指标 example worded as a goal, with the closing ``”``.
    """

    style: str
    levels2: tuple[str | None, ...]
    #: The project's name, then its purpose, one per line.
    context: str
    #: The document's money unit: the library's amounts (in 万元) are shown in it.
    money_unit: str = "万元"

    def __call__(self) -> str:
        text = _example_text(self.style, self.levels2, self.context)
        return text if self.money_unit == "万元" else in_money_unit(text, self.money_unit)


#: An amount in 万元 as the library writes it (``≤4.8万元``, ``预算数（万元）``).
_WAN = re.compile(r"(\d+(?:\.\d+)?)万元|（万元）")


def in_money_unit(text: str, money_unit: str) -> str:
    """``text`` (a library example) with its 万元 amounts in ``money_unit`` (a document in
    元 reads ``≤48000元``, not ``≤4.8万元``)."""
    if money_unit not in STATED_UNITS or "万元" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        if m.group(1) is None:
            return f"（{money_unit}）"
        value = convert(Decimal(m.group(1)), "万元", money_unit).normalize()
        return f"{format(value, 'f')}{money_unit}"

    return _WAN.sub(one, text)


def context_of(project: Project) -> str:
    """The context `example` ranks library entries by: the project's name and purpose."""
    return f"{project.name}\n{project.purpose or ''}"


@lru_cache(maxsize=16384)
def _example_text(style: str, levels2: tuple[str | None, ...], context: str) -> str:
    if style == "row":
        found = example(levels2[0], context)
        return f"；同类（{level(levels2[0])}）指标示例：“{found}”" if found else ""
    if style == "goal":
        return (example("数量指标", context) or "") + "”"
    each = [example(l2, context) for l2 in levels2]
    return "、".join(f"{level(l2)}“{e}”" for l2, e in zip(levels2, each, strict=True) if e)


def _closest_entry(level2: str, context: str) -> str | None:
    """The library entry of ``level2`` that `jixiao.core.library.suggest` ranks first for the
    project (of its top five, the first that fits and names no other topic), computed on
    an index built once (`_pools`) instead of re-segmenting the library on every call.

    ``suggest`` scores an entry by the idf of its words found in the project's context (as
    a segmented word or, from two characters, as a substring); segmented words are
    substrings, so a substring test over the entry's own words gives the same sum, in the
    same order, without segmenting the project.
    """
    pool = _pools().get(level2)
    if not pool:
        return None
    text, present = _context_words(context)
    if not text:
        return _closest_blank(level2)
    # Only entries with a word in the text score above 0, and with every score 0 nothing
    # fits. Theirs are summed in the entry's own word order, so the floats are the same.
    index = _pool_index()[level2]
    found: set[int] = set()
    for w in present:
        ids = index.get(w)
        if ids is not None:
            found.update(ids)
    if not found:
        return None  # nothing in the library speaks of the project: every score is 0
    hit = sorted(found)
    sums = []
    for i in hit:
        sums.append(sum([idf for w, idf in pool[i][1] if w in present]))
    best = max(sums)
    scored = []
    for i, ctx in zip(hit, sums, strict=True):
        entry, _, pop, topics = pool[i]
        relevance = ctx / best
        score = 3 * 0.0 + 2 * relevance + pop * relevance
        scored.append((-round(score, 4), entry.level2, entry.name, entry, topics))
    # The entries of a pool in pool order, as `suggest` sorts them (stable, by score).
    if len(scored) > 1:
        scored.sort(key=_rank)
    return _first_fitting(scored, context)


def _rank(s: tuple[Any, ...]) -> tuple[Any, ...]:
    return s[:3]


def _first_fitting(scored: list[tuple[Any, ...]], context: str) -> str | None:
    """Of the top five, the first that fits the project and names no other topic."""
    mine: frozenset[str] | None = None
    for negative, _, _, entry, topics in scored[:5]:
        if -negative <= 0:  # fits nothing about the project
            break
        # Never an example of another topic (a 党建 entry for a 人大 project); an entry
        # of no topic fits any project, without segmenting it.
        if topics:
            if mine is None:
                name, _, purpose = context.partition("\n")
                mine = topics_in(name) | topics_in(purpose)
            if not topics <= mine:
                continue
        return f"{entry.name}{entry.target}"
    return None


@lru_cache(maxsize=64)
def _closest_blank(level2: str) -> str | None:
    """`_closest_entry` for a project whose name and purpose are blank: by popularity."""
    pool = _pools()[level2]
    scored = [(-round(pop, 4), e.level2, e.name, e, topics) for e, _, pop, topics in pool]
    scored.sort(key=_rank)
    return _first_fitting(scored, "")


#: (entry, its words of two characters or more with their idf, popularity weight, topics).
_Pooled = tuple[Any, tuple[tuple[str, float], ...], float, frozenset[str]]


@lru_cache(maxsize=1)
def _pools() -> dict[str, list[_Pooled]]:
    """Per 二级: (entry, its words of two characters or more with their idf in the pool, in
    `suggest`'s order, popularity weight, the topics its name speaks of) for the measurable
    shipped entries."""
    import math

    from jixiao.core.library import shipped
    from jixiao.core.library.ranking import _entry_words, _idf

    out: dict[str, list[_Pooled]] = {}
    for level2, entries in _entries_by_level2(shipped()).items():
        idf = _idf(entries)
        out[level2] = [
            (
                e,
                tuple((w, idf.get(w, 1.0)) for w in _entry_words(e) if len(w) >= 2),
                0.3 * math.log1p(e.uses),
                topics_in(e.name),
            )
            for e in entries
        ]
    return out


@lru_cache(maxsize=1)
def _pool_index() -> dict[str, dict[str, tuple[int, ...]]]:
    """Per 二级: pool word → the positions of the pool's entries that have it."""
    out: dict[str, dict[str, tuple[int, ...]]] = {}
    for level2, pool in _pools().items():
        index: dict[str, list[int]] = {}
        for i, (_, weighted, _, _) in enumerate(pool):
            for w, _ in weighted:
                if i not in index.setdefault(w, []):
                    index[w].append(i)
        out[level2] = {w: tuple(ids) for w, ids in index.items()}
    return out


@lru_cache(maxsize=1)
def _pool_words() -> Any:
    """Every pool word (all 二级) in one Aho-Corasick automaton: all of them found in a text,
    overlapping ones included, in one pass in C."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for index in _pool_index().values():
        for w in index:
            automaton.add_word(w, w)
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=16384)
def _context_words(context: str) -> tuple[str, frozenset[str]]:
    """The project's name and purpose as `suggest` normalises them, and the pool words
    that occur in it as substrings."""
    name, _, purpose = context.partition("\n")
    # `jixiao.core.library.entries.normalise`, with the faster NFKC.
    text = "".join(nfkc(f"{name} {purpose}").split())
    return text, frozenset([w for _, w in _pool_words().iter(text)])


@lru_cache(maxsize=1)
def _entries_by_level2(entries: tuple[Any, ...]) -> dict[str, list[Any]]:
    """Entries with a measurable target (comparator, number), by 二级: an example must pass
    the review itself, so graded wording like 明显提升 is left out."""
    from jixiao.core.targets import parse_target

    out: dict[str, list[Any]] = {}
    for e in entries:
        t = parse_target(e.target)
        if t.value is not None and t.comparator is not None and t.unit is not None:
            out.setdefault(e.level2, []).append(e)
    return out


_ANY_TYPICAL_WORD = alternation([w for t in TYPICAL for w in t.words])
_WORD_TYPICAL: dict[str, list[Typical]] = {}
for _t in TYPICAL:
    for _w in _t.words:
        _WORD_TYPICAL.setdefault(_w, []).append(_t)


@lru_cache(maxsize=65536)
@lru_cache(maxsize=16384)
def typical_for(name: str | None, unit: str | None) -> Typical | None:
    """The typical range for an indicator of this name and unit (rates: ``%`` or none);
    cached: R100 asks it for every row with a lower bound, and names recur."""
    if not name:
        return None
    found = _ANY_TYPICAL_WORD.findall(name)
    if not found:
        return None
    kinds = {id(t) for w in found for t in _WORD_TYPICAL[w]}
    for t in TYPICAL:
        if id(t) not in kinds:
            continue
        if t.unit == "%" and unit not in (None, "%"):
            continue
        if t.unit == "" and unit is not None and unit.startswith("%"):
            continue
        return t
    return None
