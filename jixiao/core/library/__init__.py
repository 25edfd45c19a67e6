"""The indicator library (指标库): shipped common indicators (共性指标) and indicators learned
from approved projects, ranked for a project being written.

    shipped()                     the 共性指标 in ``common.toml`` (with their sources)
    learn(indicators)             approved indicators deduplicated by (二级, 三级), counted
    suggest(entries, ...)         entries ranked by the typed text, the project's name and
                                  purpose, and how often peers used them

Pure Python; segmentation by `jieba` (loaded on first use).
"""

from jixiao.core.library.entries import LibraryEntry, learn, merge, shipped
from jixiao.core.library.ranking import suggest

__all__ = ["LibraryEntry", "learn", "merge", "shipped", "suggest"]
