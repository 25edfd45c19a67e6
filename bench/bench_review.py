"""Review vs the text reader on the same generated corpus, without help from repeated rows.

The corpus comes from `jixiao generate` (units of many kinds and sectors, both taxonomies,
元 and 万元, a realistic share of copied and defective rows), 20 projects per unit, until
``BENCH_REVIEW_INDICATORS`` indicators (default 100,000). Each document is reviewed, then
written in the text layout with ``text_io.write_text`` and read back with the text reader;
CPU time (one core) is summed for reviewing and for reading only.

Two measurements, both with the engine's memo of indicator rows emptied before each
document (so no row is answered from an earlier document):

- **cold**: every cache of texts (jieba cuts, topics, words, examples, bigrams, amounts) is
  emptied too before each document, as if every document spoke of things never seen —
  the strictest reading of "no repeated rows";
- **warm**: the text caches stay across documents, as in a running import, where project
  names, purposes and indicator names recur across units and years; the bench reports how
  many distinct rows the corpus has.

jieba's dictionary load (about 1 s, once per process) is reported and left out.
"""

from __future__ import annotations

import gc
import importlib
import io
import os
import pkgutil
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

from bench.common import Result
from jixiao.core.formats.text_io import read_bytes, write_text
from jixiao.core.generate import GeneratorOptions, generate_documents
from jixiao.core.model import Document
from jixiao.core.review import load_profile, review
from jixiao.core.review.rules._library import segment

INDICATORS = int(os.environ.get("BENCH_REVIEW_INDICATORS", "100000"))
#: Caches of the shipped library and the rules themselves (built once per process, not
#: per document).
_LIBRARY_CACHES = frozenset(
    {"_pools", "_pool_index", "_pool_words", "_entries_by_level2", "level", "_dimensions"}
)


def corpus(indicators: int) -> Iterator[Document]:
    """Generated documents (seed 12) until at least ``indicators`` indicators."""
    made = 0
    # Units are generated one at a time, so asking for more than needed costs nothing.
    for doc in generate_documents(
        GeneratorOptions(units=indicators, projects_per_unit=20, seed=12)
    ):
        yield doc
        made += sum(len(p.indicators) for p in doc.projects)
        if made >= indicators:
            return


def _text_caches() -> list[Callable[[], None]]:
    """``cache_clear`` of every text cache in the review package and the rules' instances."""
    package = sys.modules["jixiao.core.review"]  # the attribute is the review() function
    out: list[Callable[[], None]] = []
    for m in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        module = importlib.import_module(m.name)
        for name, obj in vars(module).items():
            if callable(getattr(obj, "cache_clear", None)) and name not in _LIBRARY_CACHES:
                out.append(obj.cache_clear)
    for scope in load_profile().scopes:
        for rule in scope:
            owner: Any = getattr(rule, "__self__", rule)
            for value in vars(owner).values() if hasattr(owner, "__dict__") else ():
                if callable(getattr(value, "cache_clear", None)):
                    out.append(value.cache_clear)
    return out


def _measure(docs: list[tuple[Document, bytes]], cold: bool) -> tuple[float, float, int]:
    memo = load_profile().memo
    clears = _text_caches() if cold else []
    review_cpu = read_cpu = 0.0
    findings = 0
    gc.collect()
    for doc, data in docs:
        memo.clear()
        for clear in clears:
            clear()
        t0 = time.process_time()
        report = review(doc)
        review_cpu += time.process_time() - t0
        findings += len(report.findings)
        t0 = time.process_time()
        back = read_bytes(data, "corpus.txt")
        read_cpu += time.process_time() - t0
        assert len(back.projects) == len(doc.projects)
    return review_cpu, read_cpu, findings


def run() -> list[Result]:
    t0 = time.process_time()
    segment("防汛物资")
    startup = time.process_time() - t0
    docs: list[tuple[Document, bytes]] = []
    rows: set[tuple[object, ...]] = set()
    indicators = size = 0
    for doc in corpus(INDICATORS):
        buf = io.StringIO()
        write_text(doc, buf)
        data = buf.getvalue().encode("utf-8")
        docs.append((doc, data))
        size += len(data)
        for p in doc.projects:
            indicators += len(p.indicators)
            rows.update(
                (p.name, i.level1, i.level2, i.name, i.description, i.target.text, i.basis)
                for i in p.indicators
            )
    review(docs[0][0])  # first use of the library index and regexes, once per process
    out = []
    for cold in (True, False):
        review_cpu, read_cpu, findings = _measure(docs, cold)
        label = "cold: text caches emptied per document" if cold else "warm: text caches kept"
        out.append(
            Result(
                f"review {indicators:,} generated indicators in {len(docs):,} documents "
                f"({size / 1e6:.0f} MB as text), {label}",
                review_cpu,
                read_cpu,
                "text reader on the same corpus",
                goal="ratio ≤ 1.5",
                extra={
                    "review ind/s": f"{indicators / review_cpu:,.0f}",
                    "read ind/s": f"{indicators / read_cpu:,.0f}",
                    "findings": f"{findings:,}",
                    "distinct rows (with project name)": f"{len(rows) / indicators:.0%}",
                    "jieba start-up (excluded)": f"{startup:.2f}s",
                },
            )
        )
    return out


if __name__ == "__main__":  # pragma: no cover
    for r in run():
        print(r.line())
