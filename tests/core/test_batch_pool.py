"""`jixiao.core.batch.read_all` through the pool: workers send a tuple per file and the
parent rebuilds each item with its path, in the files' order, bad files included."""

from __future__ import annotations

from pathlib import Path

from jixiao.core.batch import BatchItem, chunk_size, collect, read_all, read_one
from jixiao.core.generate import GeneratorOptions, document_bytes, file_name, generate_documents


def _item(i: BatchItem) -> tuple[object, ...]:
    return (i.path, i.error, i.review_score, i.review_errors, i.extra, i.projects)


def _first_project_count(doc: object) -> int:
    return len(doc.projects)  # type: ignore[attr-defined]


def test_pooled_items_are_the_items_read_one_by_one_in_order(tmp_path: Path) -> None:
    for doc in generate_documents(GeneratorOptions(units=5, projects_per_unit=2, seed=3)):
        (tmp_path / file_name(doc, "text")).write_bytes(document_bytes(doc, "text"))
    (tmp_path / "0-empty.txt").write_bytes(b"")
    (tmp_path / "9-not-a-goal-document.txt").write_text("只是一段文字\n", encoding="utf-8")
    files = collect([tmp_path])
    alone = [read_one(f, then=_first_project_count) for f in files]
    pooled = list(read_all(files, jobs=2, then=_first_project_count, documents=False))
    assert [_item(i) for i in pooled] == [_item(i) for i in alone]
    assert [i.path for i in pooled] == files
    assert [i.error is not None for i in pooled] == [True] + [False] * 5 + [True]
    assert all(i.document is None for i in pooled)
    assert [i.extra for i in pooled[1:-1]] == [2] * 5


def test_workers_take_more_files_at_a_time_in_a_large_batch() -> None:
    assert chunk_size(10, 2) == 4
    assert chunk_size(500, 2) == 4
    assert chunk_size(2_000, 2) == 15
    assert chunk_size(50_000, 2) == 32
    assert chunk_size(50_000, 8) == 32
    # every worker still gets at least 64 hand-overs when the batch allows it
    assert 5_000 // chunk_size(5_000, 2) >= 2 * 64
