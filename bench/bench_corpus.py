"""Field accuracy of the reader over the real-layout corpus (tests/corpus): per file, the
fields read right out of those the hand-written model has, and the overall figure.

Not a timing: the lines print the accuracy table instead of a ratio. Goal: ≥ 98 % of the
fields and no refused file.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass
class AccuracyResult:
    text: str

    def line(self) -> str:
        return self.text


def run() -> list[AccuracyResult]:
    from tests.corpus.accuracy import read_case, table
    from tests.corpus.cases import CASES

    scores = [read_case(c) for c in CASES]
    right = sum(s.right for s in scores)
    total = sum(s.total for s in scores)
    refused = sum(1 for s in scores if s.refused)
    ok = total and right / total >= 0.98 and not refused
    goal = "goal: ≥ 98% of fields, no refused file — " + ("met" if ok else "NOT met")
    # The same office layouts drawn as ruled PDFs (build.to_pdf): one table reader for all.
    as_pdf = [read_case(dataclasses.replace(c, fmt="pdf")) for c in CASES if c.fmt != "pdf"]
    return [
        AccuracyResult(table(scores)),
        AccuracyResult(goal),
        AccuracyResult("the docx/xlsx layouts above, drawn as ruled PDFs:\n" + table(as_pdf)),
    ]
