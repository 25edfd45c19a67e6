"""Reading many documents at once: collect files, read and review them in worker processes.

`collect(paths)` expands directories into the document files under them (sorted, so a run is
repeatable and a resumed run walks the same order); `read_all(files, jobs)` yields one
`BatchItem` per file in that order, reading and reviewing in a process pool when ``jobs`` > 1.
A file that cannot be read becomes an item with its one-line error, never an exception.

Workers send back a plain tuple per file (`_Result`), not a `BatchItem`: the parent knows
each file's path from the order of the results and rebuilds the item. The document goes
by position (`jixiao.core.transfer`), or not at all when the caller needs only the results
(``documents=False``: the project count, review score and errors, and what ``then``
returned).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from jixiao.core import transfer
from jixiao.core.errors import JixiaoError
from jixiao.core.limits import Limits, current
from jixiao.core.model import Document

# Here rather than in `read_all`: a worker started by "spawn" imports this module too.
transfer.register()

#: File extensions a directory is searched for.
DOCUMENT_SUFFIXES = frozenset({".txt", ".docx", ".xlsx", ".json", ".pdf", ".xls", ".doc", ".wps"})


@dataclass
class BatchItem:
    path: Path
    #: None when the file could not be read (``error``) or was not sent (``documents=False``).
    document: Document | None
    error: str | None = None
    review_score: int | None = None
    review_errors: int | None = None
    #: What ``then(document)`` returned in the worker (`read_all`'s ``then``).
    extra: Any = None
    #: How many projects the document holds.
    projects: int = 0


def collect(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out.extend(
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.is_file()
                    and f.suffix.lower() in DOCUMENT_SUFFIXES
                    and not f.name.startswith(".")
                )
            )
        else:
            out.append(p)
    return out


#: What a worker sends back for one file: document (or None), error, review score, review
#: errors, ``then``'s result, project count — `BatchItem`'s fields after the path.
_Result = tuple[Document | None, str | None, int | None, int | None, Any, int]


def read_one(
    path: Path,
    review: bool = True,
    then: Callable[[Document], Any] | None = None,
    documents: bool = True,
    limits: Limits | None = None,
) -> BatchItem:
    return BatchItem(path, *_read_one(path, review, then, documents, limits))


def _read_one(
    path: Path,
    review: bool = True,
    then: Callable[[Document], Any] | None = None,
    documents: bool = True,
    limits: Limits | None = None,
) -> _Result:
    from jixiao.core.formats import read

    try:
        doc = read(path, limits=limits)
    except JixiaoError as e:
        return None, str(e), None, None, None, 0
    score = errors = None
    if review:
        from jixiao.core.review import review as run_review

        report = run_review(doc)
        score, errors = report.score, report.errors
    extra = then(doc) if then is not None else None
    return doc if documents else None, None, score, errors, extra, len(doc.projects)


def read_all(
    files: list[Path],
    jobs: int = 1,
    review: bool = True,
    then: Callable[[Document], Any] | None = None,
    documents: bool = True,
) -> Iterator[BatchItem]:
    """``then`` (a module-level function, for the worker processes) runs on each document
    read, in the worker; its result is the item's ``extra`` (the import's COPY text).
    ``documents=False``: items without their document (see the module's docstring).
    The limits in force (`jixiao.core.limits.current`) are read once, when the first file
    is read, for the whole batch: reading the environment for every file cost about as
    much as checking a document's values. A bad limit in the environment is each file's
    error, as when every file read them."""
    limits: Limits | None
    try:
        limits = current()
    except JixiaoError:
        limits = None
    if jobs <= 1 or len(files) <= 1:
        for f in files:
            yield read_one(f, review, then, documents, limits)
        return
    if review:
        _warm_up()
    n = len(files)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context()) as pool:
        size = chunk_size(n, jobs)
        results = pool.map(
            _read_one,
            files,
            [review] * n,
            [then] * n,
            [documents] * n,
            [limits] * n,
            chunksize=size,
        )
        for path, result in zip(files, results, strict=True):
            yield BatchItem(path, *result)


def _context() -> BaseContext | None:
    """Workers forked on Linux, whatever the default start method (Python 3.14 makes it
    "forkserver"): a forked worker shares the parent's warm state (`_warm_up`) instead of
    importing and loading it again. Elsewhere the platform's default (macOS: "spawn")."""
    return multiprocessing.get_context("fork") if sys.platform == "linux" else None


def chunk_size(files: int, jobs: int) -> int:
    """Files a worker takes at a time: 4 for a small batch, up to 32 for a large one, so
    that a province's 50,000 files make about 1,600 hand-overs instead of 12,500, while
    every worker still gets at least 64 of them (the last ones finish together)."""
    return max(4, min(32, files // (jobs * 64)))


def _warm_up() -> None:
    """Load the review's one-time state (rules, library index, jieba's dictionary, about a
    second) before the pool starts: forked workers inherit it instead of each loading it."""
    from jixiao.core.review.rules._library import example, segment

    segment("防汛物资")
    example("数量指标", "防汛物资\n购置防汛物资")
