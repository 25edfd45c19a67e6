"""Read + review of N generated projects from text files with both cores (`jixiao.core.batch`).

    JIXIAO_BENCH_BATCH_PROJECTS=10000,100000  sizes (default 2000: quick)
    JIXIAO_BENCH_BATCH_REPEAT=1               runs of each measurement (default 2: best of two)

For each size: `jixiao generate` writes the documents (20 projects per unit, text layout) to
a temporary directory, then, in wall time, best of two runs:

- baseline: read every file, decode it and split it into lines and cells (one process);
- the text reader alone (`read_all(files, jobs=1, review=False)`): its best run is a warm
  pass (its memos hold the corpus' repeated rows, targets and amounts); its first pass
  over the files in a fresh process (``spawn``: nothing read before) is the cold figure,
  what one pass over a province costs at its start;
- read + review with both cores (`read_all(files, jobs=2)`), documents returned to the
  parent as `jixiao import` receives them;
- the same with only the results returned (`documents=False`): what the transfer costs.

Each read + review line gives the 1,000,000 projection that is linear from its own size
(wall time × 1,000,000 / n). With two or more sizes the growth exponent of read + review between the first and last
size is printed with the projection to 1,000,000 projects (not run here: the machine is
shared).
"""

from __future__ import annotations

import math
import multiprocessing
import os
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import Result
from jixiao.core.batch import collect, read_all
from jixiao.core.generate import GeneratorOptions, document_bytes, file_name, generate_documents

PER_UNIT = 20


def _sizes() -> list[int]:
    raw = os.environ.get("JIXIAO_BENCH_BATCH_PROJECTS", "2000")
    return [int(x) for x in raw.split(",") if x.strip()]


def _generate(out: Path, projects: int) -> int:
    units = max(1, projects // PER_UNIT)
    out.mkdir(parents=True)
    for doc in generate_documents(
        GeneratorOptions(units=units, projects_per_unit=PER_UNIT, seed=1)
    ):
        (out / file_name(doc, "text")).write_bytes(document_bytes(doc, "text"))
    return units * PER_UNIT


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the pool's workers)."""
    me, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def _wall(fn: Callable[[], object]) -> tuple[float, float, float]:
    """Best wall time, best CPU time (all processes) and best CPU time of this process
    alone (with a pool: the parent's share, handing files out and taking results in) of
    the runs. On a shared machine the CPU time is the steadier figure: wall time includes
    waiting for a core."""
    wall = cpu = parent = float("inf")
    for _ in range(int(os.environ.get("JIXIAO_BENCH_BATCH_REPEAT", "2"))):
        t0, c0, p0 = time.perf_counter(), _cpu(), time.process_time()
        fn()
        wall, cpu = min(wall, time.perf_counter() - t0), min(cpu, _cpu() - c0)
        parent = min(parent, time.process_time() - p0)
    return wall, cpu, parent


Timing = tuple[float, float, float]


def _cold_reader(files: list[Path]) -> float:
    """CPU seconds of one pass of the text reader in a fresh process (run by `_cold`), its
    modules imported before (what a first read would otherwise import on the way)."""
    import jixiao.core.formats.text_io
    import jixiao.core.validation  # noqa: F401

    t0 = time.process_time()
    for item in read_all(files, jobs=1, review=False):
        assert item.document is not None, item.error
    return time.process_time() - t0


def _cold(files: list[Path]) -> float:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return float(pool.apply(_cold_reader, (files,)))


def _one(tmp: str, size: int) -> tuple[int, Timing, Timing, Timing, Timing, int, float]:
    out = Path(tmp) / str(size)
    n = _generate(out, size)
    files = collect([out])
    data = sum(f.stat().st_size for f in files)

    def baseline() -> None:
        for f in files:
            for line in f.read_bytes().decode("utf-8").split("\n"):
                line.split("\t")

    def reader_alone() -> None:
        for item in read_all(files, jobs=1, review=False):
            assert item.document is not None, item.error

    def both() -> None:
        for item in read_all(files, jobs=2):
            assert item.document is not None, item.error

    def results() -> None:
        for item in read_all(files, jobs=2, documents=False):
            assert item.error is None and item.projects, item.error

    cold = _cold(files)
    return n, _wall(baseline), _wall(reader_alone), _wall(both), _wall(results), data, cold


def run() -> list[Result]:
    out: list[Result] = []
    measured: list[tuple[int, float]] = []
    compact: list[tuple[int, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in _sizes():
            n, base, alone, both, results, data, cold = _one(tmp, size)
            measured.append((n, both[1]))
            compact.append((n, results[1]))
            out.append(
                Result(
                    f"text reader alone, {n:,} generated projects ({data / 1e6:.0f} MB), "
                    "CPU, 1 process",
                    alone[1],
                    base[1],
                    "read + decode + split into lines and cells, 1 process",
                    goal="ratio ≤ 2",
                    extra={"wall": f"{alone[0]:.2f}s vs {base[0]:.2f}s"},
                )
            )
            out.append(
                Result(
                    f"text reader alone, {n:,} generated projects, first pass in a fresh "
                    "process (cold memos), CPU",
                    cold,
                    base[1],
                    "read + decode + split into lines and cells, 1 process",
                    goal="ratio ≤ 2",
                )
            )
            out.append(
                Result(
                    f"read + review of {n:,} generated projects from text files, "
                    "2 processes, CPU of all processes",
                    both[1],
                    base[1],
                    "read + decode + split, 1 process",
                    goal="1,000,000 projects < 60 s",
                    extra={
                        "wall": f"{both[0]:.2f}s",
                        "projects/s (wall)": f"{n / both[0]:,.0f}",
                        "projects/s per core (CPU)": f"{n / both[1]:,.0f}",
                        "parent CPU": f"{both[2]:.2f}s",
                        "1,000,000 linear, wall (s)": f"{both[0] * 1_000_000 / n:,.0f}",
                    },
                )
            )
            out.append(
                Result(
                    f"read + review of {n:,} generated projects from text files, "
                    "2 processes, results only (no documents sent back), CPU of all processes",
                    results[1],
                    base[1],
                    "read + decode + split, 1 process",
                    goal="1,000,000 projects < 60 s",
                    extra={
                        "wall": f"{results[0]:.2f}s",
                        "projects/s (wall)": f"{n / results[0]:,.0f}",
                        "projects/s per core (CPU)": f"{n / results[1]:,.0f}",
                        "parent CPU": f"{results[2]:.2f}s",
                        "1,000,000 linear, wall (s)": f"{results[0] * 1_000_000 / n:,.0f}",
                    },
                )
            )
    if len(measured) >= 2:
        _project(out[-2], measured)
        _project(out[-1], compact)
    return out


def _project(result: Result, measured: list[tuple[int, float]]) -> None:
    """The growth exponent between the first and last size, and 1,000,000 projected."""
    (n1, t1), (n2, t2) = measured[0], measured[-1]
    exponent = math.log(t2 / t1) / math.log(n2 / n1)
    projected = t2 * (1_000_000 / n2) ** exponent
    result.extra.update(
        {
            "growth exponent (CPU)": f"{exponent:.2f}",
            "projected 1,000,000 CPU (s)": f"{projected:,.0f}",
            "on 2 free cores (s)": f"{projected / 2:,.0f}",
        }
    )


if __name__ == "__main__":  # pragma: no cover
    for r in run():
        print(r.line())
