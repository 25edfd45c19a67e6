"""Text reader on a 10,000-project document vs reading the file and splitting lines/cells."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.common import Result, compare
from bench.corpus import big_document
from jixiao.core.formats import read, to_bytes

PROJECTS = 10_000


def baseline(path: Path) -> int:
    text = path.read_bytes().decode("utf-8")
    lines = text.splitlines()
    cells = [line[1:] for line in lines if line.startswith("\t")]
    return len(cells)


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        path.write_bytes(to_bytes(big_document(PROJECTS), "text"))
        doc = read(path)
        assert len(doc.projects) == PROJECTS
        ours, base = compare(lambda: read(path), lambda: baseline(path))
        size = path.stat().st_size
    return [
        Result(
            f"text reader, {PROJECTS:,} projects ({size / 1e6:.0f} MB)",
            ours,
            base,
            "read + split into lines and cells",
            goal="ratio ≤ 3",
        )
    ]
