"""The ranking's scores read from storage (`rankings.store`) vs scoring every project from
scratch (what the ranking page did on each request), on generated projects, a tenth of
them with a saved self-evaluation.

    JIXIAO_BENCH_RANKING_PROJECTS=1000 .venv/bin/python -m bench ranking   # SQLite (temporary)
    DATABASE_URL=… .venv/bin/python -m bench ranking                      # EMPTIES its goal tables
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from decimal import Decimal

from bench.common import Result


def _median(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run() -> list[Result]:
    n = int(os.environ.get("JIXIAO_BENCH_RANKING_PROJECTS", "1000"))
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("JIXIAO_DATA_DIR", tmp)
        os.environ.setdefault("JIXIAO_SECRET_KEY", "bench-only")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
        from jixiao.web.bootstrap import setup

        setup()
        from jixiao.core.generate import GeneratorOptions, generate_documents
        from jixiao.web.goals.bulk import Pending, batches, store_documents
        from jixiao.web.goals.models import GoalDocument, Project
        from jixiao.web.monitoring import data
        from jixiao.web.monitoring.models import SelfEvaluation
        from jixiao.web.orgs.services import ensure_unit
        from jixiao.web.rankings.store import document_scores

        GoalDocument.all_objects.all().delete()
        docs = generate_documents(GeneratorOptions(max(1, n // 10), 10, seed=5))
        for batch in batches(docs, lambda d: len(d.projects)):
            store_documents(
                [
                    Pending(d, ensure_unit(d.unit.code or "", d.unit.name, region_code="130213"))
                    for d in batch
                ],
                "bench",
            )
        SelfEvaluation.objects.bulk_create(
            SelfEvaluation(
                project=p, budget_adjusted=p.budget_total, executed=Decimal("1"), achieved=""
            )
            for p in Project.objects.order_by("id")[::10]
        )
        documents = list(GoalDocument.objects.select_related("unit"))
        document_scores(documents)  # the first read stores them

        def from_scratch() -> None:
            for d in documents:
                data.unit_evaluation(d)

        stored, scratch = _median(lambda: document_scores(documents)), _median(from_scratch)
        return [
            Result(
                f"ranking scores of {Project.objects.count():,} projects "
                f"({len(documents):,} units), median of 5 (wall)",
                stored,
                scratch,
                "scoring every project from scratch (the page before)",
            )
        ]
