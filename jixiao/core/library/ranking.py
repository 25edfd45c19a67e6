"""Ranking library entries for a project being written.

score = 3 × match with what the user typed (prefix > substring > shared words)
      + 2 × relevance to the project's name and purpose (shared words, rarer words weigh more)
      + 0.3 × log(1 + uses by peers) × fit   (fit: the relevance, or the query match)

Words come from `jieba` (search mode) plus each shipped entry's keywords; a keyword counts when
it occurs in the project's text, so segmentation differences do not hide a match.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from jixiao.core.library.entries import LibraryEntry, normalise

#: Words too common in budget texts to say anything about relevance.
STOPWORDS = frozenset(
    [
        "用于",
        "所需",
        "费用",
        "经费",
        "工作",
        "项目",
        "开展",
        "以及",
        "各项",
        "相关",
        "等",
        "及",
        "和",
        "的",
        "与",
        "对",
        "按照",
        "根据",
        "进行",
        "完成",
        "保障",
        "提高",
        "提升",
        "加强",
        "做好",
        "有关",
        "情况",
        "反映",
        "数量",
        "资金",
        "支出",
        "专项",
        "建设",
        "日常",
    ]
)


@lru_cache(maxsize=1)
def _jieba():  # type: ignore[no-untyped-def]
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=65536)
def words(text: str) -> frozenset[str]:
    """The meaningful words of ``text`` (two characters or more, no stopwords)."""
    if not text:
        return frozenset()
    out = {w for w in _jieba().lcut_for_search(normalise(text)) if len(w) >= 2}
    return frozenset(out - STOPWORDS)


@dataclass(frozen=True)
class Suggestion:
    entry: LibraryEntry
    score: float


def _entry_words(e: LibraryEntry) -> frozenset[str]:
    return words(f"{e.name} {e.description} {e.category}") | frozenset(e.keywords.split())


def _idf(entries: Sequence[LibraryEntry]) -> dict[str, float]:
    df: dict[str, int] = {}
    for e in entries:
        for w in _entry_words(e):
            df[w] = df.get(w, 0) + 1
    n = len(entries)
    return {w: math.log((n + 1) / (c + 1)) + 1 for w, c in df.items()}


def _query_match(q: str, e: LibraryEntry, qwords: frozenset[str], ewords: frozenset[str]) -> float:
    name = normalise(e.name)
    if name.startswith(q):
        return 1.0
    if q in name:
        return 0.8
    if q in e.description or q in e.keywords:
        return 0.4
    if qwords:
        return 0.6 * len(qwords & ewords) / len(qwords)
    return 0.0


def suggest(
    entries: Iterable[LibraryEntry],
    *,
    query: str = "",
    project_name: str = "",
    purpose: str = "",
    level2: str | None = None,
    limit: int = 10,
) -> list[Suggestion]:
    pool = [e for e in entries if level2 is None or e.level2 == level2]
    if not pool:
        return []
    idf = _idf(pool)
    q = normalise(query)
    qwords = words(q)
    context = normalise(f"{project_name} {purpose}")
    cwords = words(context)
    best_ctx = 0.0
    scored: list[tuple[float, float, LibraryEntry]] = []
    for e in pool:
        ewords = _entry_words(e)
        qm = _query_match(q, e, qwords, ewords) if q else 0.0
        if q and qm == 0.0:
            continue
        ctx = sum(idf.get(w, 1.0) for w in ewords if w in cwords or (len(w) >= 2 and w in context))
        best_ctx = max(best_ctx, ctx)
        scored.append((qm, ctx, e))
    out = []
    for qm, ctx, e in scored:
        relevance = ctx / best_ctx if best_ctx else 0.0
        # Popularity counts only as far as the entry fits: a template copied by many peers
        # must not outrank what the project is about.
        fit = relevance if context.strip() else 1.0
        if q:
            fit = max(fit, qm)
        score = 3 * qm + 2 * relevance + 0.3 * math.log1p(e.uses) * fit
        out.append(Suggestion(e, round(score, 4)))
    out.sort(key=lambda s: (-s.score, s.entry.level2, s.entry.name))
    return out[:limit]
