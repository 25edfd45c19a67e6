"""Review quality on the seed: recall per planted defect kind, noise, correct indicators.

Plants every known defect kind (`jixiao.core.review.planting.KINDS`) one at a time into
every project of the seed, and a correct indicator of each 二级 into every project. Prints
the recall table; the goal is recall ≥ 95% overall and ≥ 90% per kind, and no finding on
a planted correct indicator. ``other`` counts new findings about other projects.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.common import Result
from jixiao.core.formats import read
from jixiao.core.review.planting import measure

SEED = (
    Path(__file__).resolve().parent.parent
    / "tests"
    / "data"
    / "xiwanglu-2022-performance-goals.txt"
)


def run() -> list[Result]:
    t0 = time.process_time()
    q = measure(read(SEED))
    elapsed = time.process_time() - t0
    print(q.table(), flush=True)
    for line in q.correct_flagged:
        print("  flagged correct:", line)
    worst = min(t.found / t.planted for t in q.kinds.values())
    planted = sum(t.planted for t in q.kinds.values())
    return [
        Result(
            f"quality corpus: {planted} planted defects, {q.correct} correct indicators",
            elapsed,
            elapsed,
            "itself",
            goal="recall ≥ 95% overall, ≥ 90% per kind, 0 correct flagged",
            extra={
                "recall": f"{q.recall:.1%}",
                "worst kind": f"{worst:.0%}",
                "correct flagged": str(len(q.correct_flagged)),
                "other findings": str(sum(t.other for t in q.kinds.values())),
            },
        )
    ]


if __name__ == "__main__":  # pragma: no cover
    for r in run():
        print(r.line())
