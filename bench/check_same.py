"""Check that a speed change leaves the review's findings and the text reader's documents
exactly as they were.

    python -m bench.check_same dump DIR     # before the change: write the digests' sources
    python -m bench.check_same compare DIR  # after: the same lines, or the first difference

The corpus: the seed, and ``CHECK_UNITS`` (default 150) generated units of 20 projects from
`jixiao generate` (both taxonomies, 元 and 万元, copied and defective rows). For each
document: every finding (all fields, in order), the scores, and the text reader's model of
the document written in the text layout. ``CHECK_CORPUS=1`` adds the real layouts of
tests/corpus (goal tables, self-evaluations, department tables). The dump is a few MB, so it is not a test fixture;
`tests/review/test_review_stable.py` keeps a digest of a small part of it.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from jixiao.core.errors import ReadError
from jixiao.core.formats import read
from jixiao.core.formats.text_io import read_bytes, write_text
from jixiao.core.generate import GeneratorOptions, generate_documents
from jixiao.core.model import Document
from jixiao.core.review import review
from jixiao.core.review.finding import JSON_FIELDS

SEED = (
    Path(__file__).resolve().parent.parent
    / "tests"
    / "data"
    / "xiwanglu-2022-performance-goals.txt"
)


def documents(units: int) -> Iterator[tuple[str, Document]]:
    yield "seed", read(SEED)
    for k, doc in enumerate(
        generate_documents(GeneratorOptions(units=units, projects_per_unit=20, seed=3))
    ):
        yield f"generated-{k}", doc
    if os.environ.get("CHECK_CORPUS") == "1":
        from jixiao.core.formats import read_bytes as read_file_bytes
        from tests.corpus.cases import CASES

        for case in CASES:
            yield f"corpus-{case.id}", read_file_bytes(case.data(), case.filename)


def review_lines(name: str, doc: Document) -> Iterator[str]:
    report = review(doc)
    yield json.dumps(
        [name, report.score, [dataclasses.astuple(p) for p in report.projects], report.counts],
        ensure_ascii=False,
        default=str,
    )
    for f in report.findings:
        yield json.dumps(
            [name, *(getattr(f, n) for n in _FINDING)], ensure_ascii=False, default=str
        )


#: A finding's fields as the dumps list them (before ``suggestion`` became a property).
_FINDING = (*JSON_FIELDS, "projects", "places", "habit")


def reader_line(name: str, doc: Document) -> str:
    buf = io.StringIO()
    write_text(doc, buf)
    try:
        back = repr(read_bytes(buf.getvalue().encode("utf-8"), f"{name}.txt"))
    except ReadError as e:  # a department table alone has no text layout to come back from
        back = f"ReadError: {e}"
    return json.dumps([name, back], ensure_ascii=False)


def lines(units: int) -> Iterator[tuple[str, str]]:
    for name, doc in documents(units):
        for line in review_lines(name, doc):
            yield "review", line
        yield "reader", reader_line(name, doc)


def main(argv: list[str]) -> int:
    mode, out = argv[0], Path(argv[1])
    units = int(os.environ.get("CHECK_UNITS", "150"))
    if mode == "dump":
        out.mkdir(parents=True, exist_ok=True)
        with (out / "review.jsonl").open("w") as r, (out / "reader.jsonl").open("w") as t:
            for kind, line in lines(units):
                print(line, file=r if kind == "review" else t)
        return 0
    expected = {k: (out / f"{k}.jsonl").read_text().splitlines() for k in ("review", "reader")}
    got: dict[str, list[str]] = {"review": [], "reader": []}
    for kind, line in lines(units):
        got[kind].append(line)
    status = 0
    for kind in ("review", "reader"):
        a, b = expected[kind], got[kind]
        if a == b:
            print(f"{kind}: {len(a):,} lines identical")
            continue
        status = 1
        first = next(
            (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
        )
        print(f"{kind}: DIFFERENT ({len(a):,} vs {len(b):,} lines), first at {first}:")
        print("  before:", a[first][:600] if first < len(a) else "(end)")
        print("  after: ", b[first][:600] if first < len(b) else "(end)")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
