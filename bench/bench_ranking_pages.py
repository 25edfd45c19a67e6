"""The ranking page and API through the real WSGI server at growing sizes, read from the
stored roll-ups (`rankings.rollups`): the first request after a bulk build, then median and
p95 over repeated requests, a deep page and the API; and `jixiao rollups` (the rebuild from
scratch) once a tenth of the projects have a self-evaluation.

    JIXIAO_BENCH_RANKING_SIZES=1000,10000   projects (20 per unit), the first is the baseline
    JIXIAO_BENCH_PAGE_REPEAT=20             requests per page
    DATABASE_URL=…                          PostgreSQL: its public schema is EMPTIED per size
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_scale import (
    _PREPARE,
    PASSWORD,
    _Browser,
    _env,
    _jixiao,
    _python,
    _served,
    _sizes,
    _timings,
)
from bench.common import Result

PER_UNIT = 20

#: The projects of a tenth of the units get a saved self-evaluation (budget figures, no
#: actual value: 未完成) without signals, as a restore would; `jixiao rollups` then repairs
#: the roll-ups (scoring those units' projects by the core, the rest set-based).
_EVALUATE = """
from jixiao.web.bootstrap import setup
setup()
from jixiao.web.goals.models import Project
from jixiao.web.monitoring.models import SelfEvaluation
SelfEvaluation.objects.bulk_create(
    SelfEvaluation(project_id=pk, budget_adjusted=total, executed=total, achieved="")
    for pk, total in Project.objects.extra(where=["mod(document_id, 10) = 1"]).values_list(
        "id", "budget_total"
    )
    if total is not None
)
"""


def _empty_postgres(env: dict[str, str]) -> None:
    if not env.get("DATABASE_URL"):
        return
    code = (
        "import os, psycopg\n"
        "with psycopg.connect(os.environ['DATABASE_URL'], autocommit=True) as c:\n"
        "    c.execute('DROP SCHEMA public CASCADE'); c.execute('CREATE SCHEMA public')\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True)


def _at(n: int, tmp: str, repeat: int) -> dict[str, tuple[float, float]]:
    data = Path(tmp) / f"ranking-{n}"
    env = _env(str(data))
    _empty_postgres(env)
    units = max(1, n // PER_UNIT)
    t0 = time.perf_counter()
    _jixiao(
        ["generate", "--units", str(units), "--projects-per-unit", str(PER_UNIT), "--to", "db"],
        env,
    )
    built = time.perf_counter() - t0
    _python(_PREPARE.format(password=PASSWORD), env)
    print(f"  built {n:,} projects in {built:.0f} s", file=sys.stderr)
    measured: dict[str, tuple[float, float]] = {}
    with _served(env, data) as base:
        admin = _Browser(base)
        admin.login("bench")
        t0 = time.perf_counter()
        status, _ = admin.get("/evaluation/")
        cold = time.perf_counter() - t0
        assert status == 200
        measured["ranking_first"] = (cold, cold)
        deep = max(1, units // 100)
        for k, path in {
            "ranking": "/evaluation/",
            "ranking_deep": f"/evaluation/?page={deep}",
            "api_ranking": "/api/v1/evaluation?page_size=100",
        }.items():
            measured[k] = _timings(admin, path, repeat)
        _python(_EVALUATE, env)
        t0 = time.perf_counter()
        _jixiao(["rollups"], env)
        rebuilt = time.perf_counter() - t0
        measured["rebuild"] = (rebuilt, rebuilt)
        measured["ranking_evaluated"] = _timings(admin, "/evaluation/", repeat)
    for k, (med, p95) in measured.items():
        print(f"  {n:,} {k}: median {med:.3f} s, p95 {p95:.3f} s", file=sys.stderr)
    return measured


def run() -> list[Result]:
    sizes = _sizes("JIXIAO_BENCH_RANKING_SIZES", "1000")
    repeat = int(os.environ.get("JIXIAO_BENCH_PAGE_REPEAT", "20"))
    with tempfile.TemporaryDirectory() as tmp:
        measured = {n: _at(n, tmp, repeat) for n in sizes}
    small = sizes[0]
    out = []
    for n in sizes:
        for k, (med, p95) in measured[n].items():
            base_med, base_p95 = measured[small][k]
            out.append(
                Result(
                    f"{k} at {n:,} projects ({n // PER_UNIT:,} units), p95 through waitress",
                    p95,
                    base_p95,
                    f"the same at {small:,} projects",
                    goal="" if k == "rebuild" else "p95 < 0.1 s at 1,000,000, ≤ 2× at 1,000",
                    extra={"median_s": f"{med:.3f}", "median_ratio": f"{med / base_med:.2f}"},
                )
            )
    return out
