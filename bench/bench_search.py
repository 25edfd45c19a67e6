"""Project search (`goals.search`: FTS5 on SQLite, pg_trgm on PostgreSQL) vs the plain
``icontains`` scan it replaces, on a database of generated projects.

    JIXIAO_BENCH_SEARCH_PROJECTS=10000 .venv/bin/python -m bench search           # SQLite
    DATABASE_URL=… JIXIAO_BENCH_SEARCH_PROJECTS=10000 .venv/bin/python -m bench search

SQLite: a temporary data directory. PostgreSQL: DATABASE_URL's database, EMPTIED first.
Each query: the first page of the list (count + 50 rows in name order), median of 20 runs,
wall time (the database works in another process on PostgreSQL).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time

from bench.common import Result

QUERIES = {
    "a 4-character name part": "社区服务",
    "a code fragment": "P0000012",
    "a 2-character word": "经费",
}


def _median(fn) -> float:  # type: ignore[no-untyped-def]
    fn()
    times = []
    for _ in range(20):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run() -> list[Result]:
    n = int(os.environ.get("JIXIAO_BENCH_SEARCH_PROJECTS", "10000"))
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("JIXIAO_DATA_DIR", tmp)
        os.environ.setdefault("JIXIAO_SECRET_KEY", "bench-only")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
        from jixiao.web.bootstrap import setup

        setup()
        from django.db import connection
        from django.db.models import Q

        from jixiao.core.generate import GeneratorOptions, generate_documents
        from jixiao.web.goals.bulk import Pending, batches, store_documents
        from jixiao.web.goals.models import GoalDocument, Project
        from jixiao.web.goals.search import create_pg_indexes, drop_pg_indexes, search_projects
        from jixiao.web.orgs.services import ensure_unit

        GoalDocument.all_objects.all().delete()
        docs = generate_documents(GeneratorOptions(max(1, n // 10), 10, seed=3))
        for batch in batches(docs, lambda d: len(d.projects)):
            pending = [
                Pending(d, ensure_unit(d.unit.code or "", d.unit.name, region_code="130213"))
                for d in batch
            ]
            store_documents(pending, "bench")
        if connection.vendor == "postgresql":
            with connection.cursor() as c:
                c.execute("ANALYZE goals_project")
        total = Project.objects.count()
        queries = dict(QUERIES)
        code = Project.objects.order_by("id").values_list("code", flat=True)[total // 2] or ""
        queries["a code fragment"] = code[8:16]

        def page(qs):  # type: ignore[no-untyped-def]
            return lambda: (qs.count(), list(qs.order_by("name")[:50].values_list("id")))

        ours = {
            q: _median(page(search_projects(Project.objects.all(), q))) for q in queries.values()
        }
        matches = {q: search_projects(Project.objects.all(), q).count() for q in queries.values()}
        if connection.vendor == "postgresql":
            drop_pg_indexes(connection)  # the same icontains query, without its index
        plain = {
            q: Project.objects.filter(Q(name__icontains=q) | Q(code__icontains=q))
            for q in queries.values()
        }
        base = {q: _median(page(qs)) for q, qs in plain.items()}
        assert {q: qs.count() for q, qs in plain.items()} == matches
        create_pg_indexes(connection)
        return [
            Result(
                f"search {label} ({q}) in {total:,} projects on {connection.vendor}, "
                "count + first page (median wall)",
                ours[q],
                base[q],
                "icontains scan without the index",
                extra={"matches": str(matches[q])},
            )
            for label, q in queries.items()
        ]
