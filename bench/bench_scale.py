"""Scale: read + review of generated documents, bulk import, and pages at growing sizes.

Sizes come from the environment so that CI stays quick and a long run can go to a province:

    JIXIAO_BENCH_READ_PROJECTS=20000        read + review from files (goal at 1,000,000)
    JIXIAO_BENCH_IMPORT_SIZES=2000,8000     jixiao import DIR, growth exponent between sizes
    JIXIAO_BENCH_PAGE_SIZES=1000,10000      pages through the real WSGI server (waitress)

Documents come from `jixiao generate` (many sectors, not the seed cycled). The database is
SQLite in a temporary data directory, or PostgreSQL when DATABASE_URL is set (then each size
starts from an emptied database: `jixiao generate --to db` into a fresh schema is the
caller's job; see docs/performance.md).
"""

from __future__ import annotations

import http.cookiejar
import json
import math
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.common import Result

PASSWORD = "Bench-Passw0rd-2024!"


def _sizes(name: str, default: str) -> list[int]:
    return [int(x) for x in os.environ.get(name, default).split(",") if x.strip()]


def _env(data_dir: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    env.update(JIXIAO_DATA_DIR=data_dir, JIXIAO_SECRET_KEY="bench-only")
    return env


def _jixiao(args: list[str], env: dict[str, str], stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "jixiao", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
    )
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr[-2000:])
    return done.stdout


def _generate(out: Path, projects: int, env: dict[str, str], formats: str = "text") -> int:
    per_unit = 20
    units = max(1, projects // per_unit)
    _jixiao(
        [
            "generate",
            "--units",
            str(units),
            "--projects-per-unit",
            str(per_unit),
            "--seed",
            "1",
            "--formats",
            formats,
            "--to",
            str(out),
        ],
        env,
    )
    return units * per_unit


# -- read + review ------------------------------------------------------------------------


def _read_review(tmp: str) -> list[Result]:
    from jixiao.core.batch import collect, read_all

    n = _sizes("JIXIAO_BENCH_READ_PROJECTS", "20000")[0]
    out = Path(tmp) / "read"
    n = _generate(out, n, _env(tmp))
    files = collect([out])

    def baseline() -> None:
        for f in files:
            for line in f.read_text("utf-8").split("\n"):
                line.split("\t")

    def ours() -> None:
        for item in read_all(files, jobs=2):
            assert item.document is not None, item.error

    def reader_alone() -> None:
        for item in read_all(files, jobs=1, review=False):
            assert item.document is not None

    def wall(fn) -> float:  # type: ignore[no-untyped-def]
        best = float("inf")
        for _ in range(2):
            t0 = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t0)
        return best

    base, both, alone = wall(baseline), wall(ours), wall(reader_alone)
    return [
        Result(
            f"read + review of {n:,} generated projects from text files, 2 processes (wall)",
            both,
            base,
            "reading and splitting the same files into lines and cells, 1 process",
            goal="1,000,000 projects < 60 s",
            extra={
                "projects_per_s": f"{n / both:,.0f}",
                "projected_1M_s": f"{1_000_000 / (n / both):,.0f}",
            },
        ),
        Result(
            f"text reader alone, {n:,} generated projects (wall, 1 process)",
            alone,
            base,
            "reading and splitting the same files",
            goal="≤ 2",
        ),
    ]


# -- bulk import --------------------------------------------------------------------------


def _bare_insert(files: list[Path], db: Path) -> float:
    """Baseline: the same projects and indicators inserted into bare tables, one transaction."""
    from jixiao.core.formats import read

    docs = [read(f) for f in files]
    rows_p, rows_i = [], []
    for k, d in enumerate(docs):
        for p in d.projects:
            rows_p.append((k, p.seq, p.code, p.name, str(p.budget.total), p.purpose))
            for j, i in enumerate(p.indicators):
                rows_i.append(
                    (k, p.seq, j, i.level1, i.level2, i.name, i.description, i.target.text, i.basis)
                )
    t0 = time.perf_counter()
    with sqlite3.connect(db) as c:
        c.execute("create table p (doc, seq, code, name, total, purpose)")
        c.execute("create table i (doc, seq, pos, l1, l2, name, description, target, basis)")
        c.executemany("insert into p values (?,?,?,?,?,?)", rows_p)
        c.executemany("insert into i values (?,?,?,?,?,?,?,?,?)", rows_i)
    return time.perf_counter() - t0


def _import(tmp: str) -> list[Result]:
    from jixiao.core.batch import collect

    results, points = [], []
    for n in _sizes("JIXIAO_BENCH_IMPORT_SIZES", "2000,8000"):
        work = Path(tmp) / f"import-{n}"
        env = _env(str(work / "data"))
        n = _generate(work / "docs", n, env)
        files = collect([work / "docs"])
        _jixiao(["import", str(files[0])], env)  # create and migrate the database first
        t0 = time.perf_counter()
        _jixiao(["import", str(work / "docs"), "--jobs", "2"], env)
        ours = time.perf_counter() - t0
        base = _bare_insert(files, work / "bare.sqlite3")
        points.append((n, ours))
        results.append(
            Result(
                f"jixiao import of {n:,} projects into SQLite (wall, with reading and review)",
                ours,
                base,
                "inserting the same rows into bare tables (already parsed)",
                extra={"projects_per_s": f"{n / ours:,.0f}"},
            )
        )
    if len(points) >= 2:
        (n1, t1), (n2, t2) = points[0], points[-1]
        results[-1].extra["growth_exponent"] = f"{math.log(t2 / t1) / math.log(n2 / n1):.2f}"
    return results


# -- pages ----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, bytes]:
        with self.opener.open(self.base + path, timeout=60) as r:
            return r.status, r.read()

    def login(self, username: str) -> None:
        _, html = self.get("/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()  # type: ignore[union-attr]
        data = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        ).encode()
        req = urllib.request.Request(
            self.base + "/login/", data=data, headers={"Referer": self.base + "/login/"}
        )
        self.opener.open(req, timeout=60).read()


def _timings(browser: _Browser, path: str, repeat: int) -> tuple[float, float]:
    browser.get(path)  # warm caches
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        status, _ = browser.get(path)
        times.append(time.perf_counter() - t0)
        assert status == 200, (path, status)
    times.sort()
    return statistics.median(times), times[max(0, math.ceil(0.95 * len(times)) - 1)]


def _pages(tmp: str) -> list[Result]:
    sizes = _sizes("JIXIAO_BENCH_PAGE_SIZES", "1000,10000")
    measured: dict[int, dict[str, tuple[float, float]]] = {}
    for n in sizes:
        data = Path(tmp) / f"pages-{n}"
        env = _env(str(data))
        per_unit = 20
        _jixiao(
            [
                "generate",
                "--units",
                str(max(1, n // per_unit)),
                "--projects-per-unit",
                str(per_unit),
                "--to",
                "db",
            ],
            env,
        )
        _jixiao(
            ["createuser", "bench", "--role", "admin", "--password-stdin"],
            env,
            stdin=PASSWORD + "\n",
        )
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "jixiao", "serve", "--port", str(port), "--threads", "4"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(600):
                try:
                    urllib.request.urlopen(base + "/login/", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.1)
            b = _Browser(base)
            b.login("bench")
            _, body = b.get("/api/v1/projects?page_size=1")
            first = json.loads(body)["results"][0]["id"]
            paths = {
                "list": "/projects/",
                "filter": "/projects/?status=draft&year=2024",
                "search": "/projects/?q=" + urllib.parse.quote("防汛"),
                "queue": "/projects/?status=submitted",
                "ranking": "/evaluation/",
                "project": f"/projects/{first}/",
                "api_keyset": "/api/v1/projects?after=0&page_size=50",
            }
            measured[n] = {k: _timings(b, p, 20) for k, p in paths.items()}
        finally:
            server.terminate()
            server.wait()
    small = sizes[0]
    out = []
    for n in sizes[1:]:
        for k in measured[n]:
            med, p95 = measured[n][k]
            base_med, base_p95 = measured[small][k]
            out.append(
                Result(
                    f"page {k} at {n:,} projects, p95 over 20 requests through waitress",
                    p95,
                    base_p95,
                    f"the same page at {small:,} projects",
                    goal="p95 < 0.1 s at 1,000,000 and ≤ 2× the time at 1,000",
                    extra={"median_s": f"{med:.3f}", "median_small_s": f"{base_med:.3f}"},
                )
            )
    return out


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        return _read_review(tmp) + _import(tmp) + _pages(tmp)
