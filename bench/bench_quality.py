"""Review quality: recall per planted defect kind, noise, correct indicators, on the seed and
on every real layout of tests/corpus (41 layouts from many provinces).

Plants every known defect kind (`jixiao.core.review.planting.KINDS`) one at a time into
every project of each document where the kind's rule applies to the layout, and a correct
indicator of each 二级 into every project. Prints the corpus-wide table per kind, then the
documents with the lowest recall. The goal is recall ≥ 95% overall and ≥ 90% per kind, and
no finding on a planted correct indicator. ``other`` counts new findings about other
projects; ``masked`` counts plants at a place the rule had already reported.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.common import Result
from jixiao.core.formats import read, read_bytes
from jixiao.core.model import Document
from jixiao.core.review.planting import Quality, measure

SEED = (
    Path(__file__).resolve().parent.parent
    / "tests"
    / "data"
    / "xiwanglu-2022-performance-goals.txt"
)


def documents() -> list[tuple[str, Document]]:
    from tests.corpus.cases import CASES

    docs = [("seed", read(SEED))]
    docs += [(c.id, read_bytes(c.data(), c.filename)) for c in CASES]
    return docs


def run() -> list[Result]:
    t0 = time.process_time()
    total = Quality()
    per_file: list[tuple[float, str, Quality]] = []
    for name, doc in documents():
        q = measure(doc)
        total.add(q)
        per_file.append((q.recall, name, q))
    elapsed = time.process_time() - t0
    print(total.table(), flush=True)
    for line in total.correct_flagged:
        print("  flagged correct:", line)
    print("documents with the lowest recall (planted, recall, kinds missed):")
    for recall, name, q in sorted(per_file, key=lambda r: (r[0], r[1]))[:8]:
        print(f"  {name:<48} {q.planted:>4} {recall:>7.1%}  {'、'.join(q.missed) or '—'}")
    worst = min(t.found / t.planted for t in total.kinds.values() if t.planted)
    return [
        Result(
            f"quality corpus: {total.planted} planted defects in {len(per_file)} documents, "
            f"{total.correct} correct indicators",
            elapsed,
            elapsed,
            "itself",
            goal="recall ≥ 95% overall, ≥ 90% per kind, 0 correct flagged",
            extra={
                "recall": f"{total.recall:.1%}",
                "worst kind": f"{worst:.0%}",
                "correct flagged": str(len(total.correct_flagged)),
                "other findings": str(sum(t.other for t in total.kinds.values())),
            },
        )
    ]


if __name__ == "__main__":  # pragma: no cover
    for r in run():
        print(r.line())
