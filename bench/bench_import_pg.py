"""Bulk import into PostgreSQL vs COPYing the same rows into bare tables, at growing sizes.

Runs only when DATABASE_URL names a PostgreSQL database (it EMPTIES the goal tables there):

    source scripts/pg-throwaway.sh; pg_start
    DATABASE_URL="$PG_URL" JIXIAO_BENCH_PG_IMPORT_SIZES=1000,10000 .venv/bin/python -m bench import_pg
    pg_stop

Ours: `bulk.store_documents` over generated documents already in memory (reading and
review are measured by bench_scale), batch by batch inside `bulk.large_load` as
`jixiao import DIR` and `jixiao generate --to db` do: ids reserved, COPY into the indexed
tables with their foreign keys, the audit entry per document, one commit per batch (and, for
a load of `JIXIAO_BULK_REBUILD_AT` projects or more, the keys and secondary indexes dropped
and rebuilt, batches of up to `JIXIAO_BULK_LARGE_BATCH` projects stored by
`JIXIAO_BULK_SESSIONS` database sessions at once, `bulk_sessions.storing`). The documents of the whole run
are in memory (the import holds one batch): they are frozen out of the garbage collector's
scans while storing. The COPY text (`copy_text.encode`, with the bounds check) is built beforehand and
timed apart: the import builds it in its reader processes, the generator in its generator
processes; a second line adds it. Units exist beforehand.
Baseline: the rows it stored, taken back out with ``COPY … TO STDOUT`` and COPYed into
bare tables (same columns; no index, key or constraint) in one transaction. Wall times: the
work is split between this process and the server.
"""

from __future__ import annotations

import gc
import math
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from bench.common import Result

TABLES = ("goals_goaldocument", "goals_project", "goals_indicator", "goals_spendingplancell")
PER_UNIT = 10


def _sizes() -> list[int]:
    raw = os.environ.get("JIXIAO_BENCH_PG_IMPORT_SIZES", "1000,10000")
    return [int(x) for x in raw.split(",") if x.strip()]


@dataclass
class Stored:
    projects: int
    indicators: int
    encoding: float
    storing: float
    rebuilt: bool
    phases: dict[str, float] = field(default_factory=dict)


@contextmanager
def _timed(phases: dict[str, float]) -> Iterator[None]:
    """Wall time of the storing's phases into ``phases``: each COPY by table, the index
    and key builds by name (two sessions at once: their sum exceeds the wall time), the
    audit entries, the roll-ups, dropping the indexes and the whole restore."""
    from jixiao.web.goals import bulk
    from jixiao.web.rankings import rollups

    def wrap(owner: Any, name: str, label: Callable[..., str]) -> None:
        original = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                phases[label(*args)] += time.perf_counter() - t0

        saved.append((owner, name, original))
        setattr(owner, name, timed)

    saved: list[tuple[Any, str, Any]] = []
    wrap(bulk, "_copy_lines", lambda _c, model, *_: f"copy {model._meta.db_table}")
    wrap(bulk, "record_rows", lambda *_: "audit")
    wrap(rollups, "after_bulk_load", lambda *_: "roll-ups")
    wrap(bulk, "drop_and_guard", lambda *_: "drop")
    wrap(bulk, "restore", lambda *_: "restore (all)")
    wrap(bulk, "_run_task", lambda t: f"{'finish' if t.finish else 'build'} {t.items[0][0]}")
    wrap(bulk, "_admissible", lambda *_: "already-stored check")
    wrap(bulk, "reserve_many", lambda *_: "ids")
    try:
        yield
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)


def _store(n: int) -> Stored:
    from django.db import connection, transaction

    from jixiao.core.generate import GeneratorOptions, generate_documents
    from jixiao.web.goals.bulk import Pending, batches, large_load
    from jixiao.web.goals.bulk_sessions import storing
    from jixiao.web.orgs.services import ensure_unit

    with connection.cursor() as c:
        c.execute("TRUNCATE goals_goaldocument CASCADE")
    pending = []
    for doc in generate_documents(GeneratorOptions(max(1, n // PER_UNIT), PER_UNIT, seed=1)):
        with transaction.atomic():
            unit = ensure_unit(doc.unit.code or "", doc.unit.name, region_code="130213")
        pending.append(Pending(doc, unit, f"bench:{doc.unit.code}"))
    projects = sum(len(p.full().projects) for p in pending)
    indicators = sum(len(q.indicators) for p in pending for q in p.full().projects)
    t0 = time.perf_counter()
    for p in pending:
        p.encoding()
    encoding = time.perf_counter() - t0
    # The documents of the whole run are in memory here (the import holds one batch):
    # kept out of the garbage collector's scans, which would otherwise walk them all.
    gc.collect()
    gc.freeze()
    phases: dict[str, float] = defaultdict(float)
    t0 = time.perf_counter()
    with _timed(phases), large_load(projects) as rebuilt, storing() as store:
        for batch in batches(pending, lambda p: len(p.full().projects)):
            store(batch, "bench")
    elapsed = time.perf_counter() - t0
    gc.unfreeze()
    errors = [p.error for p in pending if p.error]
    assert not errors, errors[:3]
    return Stored(projects, indicators, encoding, elapsed, rebuilt, dict(phases))


def _bare_copy(phases: dict[str, float]) -> float:
    """The bare COPY's wall time; each table's into ``phases``."""
    from django.db import connection, transaction

    data: dict[str, list[bytes]] = {}
    with connection.cursor() as c:
        for table in TABLES:
            c.execute(f"DROP TABLE IF EXISTS bare_{table}")
            c.execute(f"CREATE TABLE bare_{table} (LIKE {table})")
            with c.cursor.copy(f"COPY {table} TO STDOUT") as copy:
                data[table] = [bytes(block) for block in copy]
    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as c:
        for table in TABLES:
            t1 = time.perf_counter()
            with c.cursor.copy(f"COPY bare_{table} FROM STDIN") as copy:
                for block in data[table]:
                    copy.write(block)
            phases[f"bare copy {table}"] = time.perf_counter() - t1
    elapsed = time.perf_counter() - t0
    with connection.cursor() as c:
        for table in TABLES:
            c.execute(f"DROP TABLE bare_{table}")
    return elapsed


def run() -> list[Result]:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("bench_import_pg: skipped (DATABASE_URL does not name a PostgreSQL database)")
        return []
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    from jixiao.web.bootstrap import setup

    setup()
    results, points = [], []
    for n in _sizes():
        s = _store(n)
        bare: dict[str, float] = {}
        base = _bare_copy(bare)
        print(f"  {n:,}: phases of the storing (wall s):", flush=True)
        # With two storing sessions the batches' phases overlap: their sums exceed the wall
        # time (and "other" goes negative); "batches (wall)" is the time until the restore.
        counted = ("copy ", "audit", "roll-ups", "drop", "restore (all)", "already", "ids")
        s.phases["other (commits, batching)"] = s.storing - sum(
            v for k, v in s.phases.items() if k.startswith(counted)
        )
        s.phases["batches (wall)"] = (
            s.storing - s.phases.get("drop", 0) - s.phases.get("restore (all)", 0)
        )
        for name, seconds in sorted({**s.phases, **bare}.items()):
            print(f"    {name}: {seconds:.3f}", flush=True)
        points.append((s.projects, s.storing))
        size = f"{s.projects:,} projects ({s.indicators:,} indicators)"
        indexes = "indexes dropped and rebuilt" if s.rebuilt else "indexes kept"
        results.append(
            Result(
                f"bulk import of {size} into PostgreSQL: storing ({indexes})",
                s.storing,
                base,
                "COPY of the same rows into bare tables",
                goal="≤ 1.5",
                extra={"projects_per_s": f"{s.projects / s.storing:,.0f}"},
            )
        )
        results.append(
            Result(
                f"bulk import of {size}: storing + encoding in this process "
                "(jixiao import encodes in its reader processes)",
                s.storing + s.encoding,
                base,
                "COPY of the same rows into bare tables",
                extra={"encoding_s": f"{s.encoding:.3f}"},
            )
        )
    if len(points) >= 2:
        (n1, t1), (n2, t2) = points[0], points[-1]
        results[-2].extra["growth_exponent"] = f"{math.log(t2 / t1) / math.log(n2 / n1):.2f}"
    return results
