"""Scale: read + review of generated documents, bulk import, and pages at growing sizes.

Sizes come from the environment so that CI stays quick and a long run can go to a province:

    JIXIAO_BENCH_READ_PROJECTS=20000        read + review from files (goal at 1,000,000)
    JIXIAO_BENCH_IMPORT_SIZES=2000,8000     jixiao import DIR, growth exponent between sizes
    JIXIAO_BENCH_PAGE_SIZES=1000,10000      pages through the real WSGI server (waitress)
    JIXIAO_BENCH_PAGE_REPEAT=20             requests per page (median and p95 over them)
    JIXIAO_BENCH_SCALE_PARTS=pages          only some parts (read, import, pages)
    JIXIAO_BENCH_PAGES_SKIP=ranking,ranking_first   pages left out
    JIXIAO_BENCH_PAGES_ONLY=api_q,queue_home        only these pages
    JIXIAO_BENCH_PAGES_REUSE=1              pages of the existing database (one size), not built

Documents come from `jixiao generate` (many sectors, not the seed cycled). The database is
SQLite in a temporary data directory, or PostgreSQL when DATABASE_URL is set (then each size
starts from an emptied database: `jixiao generate --to db` into a fresh schema is the
caller's job; see docs/performance.md).
"""

from __future__ import annotations

import contextlib
import http.cookiejar
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
from collections.abc import Iterator
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
        # Long: the ranking's first request at 100,000 projects scores every one of them.
        with self.opener.open(self.base + path, timeout=1800) as r:
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
    t0 = time.perf_counter()
    browser.get(path)  # warm caches
    if time.perf_counter() - t0 > 2:
        repeat = min(repeat, 5)  # a slow page (the ranking at scale): fewer requests
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        status, _ = browser.get(path)
        times.append(time.perf_counter() - t0)
        assert status == 200, (path, status)
    times.sort()
    return statistics.median(times), times[max(0, math.ceil(0.95 * len(times)) - 1)]


#: Run in the data directory's environment once the database is built: every tenth project
#: submitted (the reviewer's queue; generated projects are drafts) and a reviewer who sees
#: every region.
_PREPARE = """
from jixiao.web.bootstrap import setup
setup()
from jixiao.web.accounts.services import create_user
from jixiao.web.bootstrap import cli_actor
from jixiao.web.goals.models import Project
from jixiao.web.orgs.models import Region
from django.contrib.auth import get_user_model
from jixiao.web.front.keyset import encode
from jixiao.web.front.listing import DEFAULT_ORDER
if not get_user_model().objects.filter(username="reviewer").exists():  # a reused database
    Project.objects.extra(where=["mod(id, 10) = 0"]).update(status="submitted")
    by = cli_actor()
    regions = list(Region.objects.all())
    create_user("reviewer", "reviewer", {password!r}, regions=regions, by=by, check_rules=False)
    create_user("bench", "admin", {password!r}, by=by, check_rules=False)
first = Project.objects.order_by("id").values_list("id", "code", "name")[0]
last = Project.objects.order_by("-id").values_list("id", flat=True)[0]
# The list's last pages: the cursor of the 100th row from the end of the default order.
oldest = Project.objects.order_by("updated_at", "id")
deep = oldest[min(100, oldest.count() - 1)]  # a small database has fewer than 101
print(first[0], last, first[1], first[2], encode(deep, DEFAULT_ORDER), sep="\\t")
"""


def _wait_for(server: subprocess.Popen[bytes], base: str, log: Path, limit: float = 900) -> None:
    """Until the server answers (it migrates and checks first: slow on a busy machine)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited {server.returncode}: {log.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(base + "/login/", timeout=30).read()
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"server not answering after {limit:.0f} s: {log.read_text()[-2000:]}")


def _python(code: str, env: dict[str, str]) -> str:
    """Run `code` in a fresh interpreter with `env`; its stdout (its stderr on failure)."""
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    return done.stdout


@contextlib.contextmanager
def _served(env: dict[str, str], data: Path) -> Iterator[str]:
    """`jixiao serve` (waitress, 4 threads) on a free port, its log in `data`; yields the
    base URL once the server answers, and stops it afterwards."""
    port = _free_port()
    data.mkdir(parents=True, exist_ok=True)  # on PostgreSQL nothing else is written there
    log = data / "server.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "jixiao", "serve", "--port", str(port), "--threads", "4"],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_for(server, base, log)
            yield base
        finally:
            server.terminate()
            server.wait()


def _page_paths(first: int, last: int, code: str, name: str, deep: str) -> dict[str, str]:
    q = urllib.parse.quote
    return {
        "list": "/projects/",
        "list_deep": f"/projects/?after={q(deep)}",
        "filter_status": "/projects/?status=submitted",
        "search_name": "/projects/?q=" + q(name[2:5]),
        "search_code": "/projects/?q=" + q(code),
        "ranking": "/evaluation/",
        "api_ranking": "/api/v1/evaluation",
        "project": f"/projects/{first}/",
        "api_q": "/api/v1/projects?q=" + q(name[2:5]),
        "api_list": "/api/v1/projects",
        "api_keyset_deep": f"/api/v1/projects?after={max(0, last - 100)}&page_size=50",
    }


def _pages_at(n: int, tmp: str, repeat: int) -> dict[str, tuple[float, float]]:
    # JIXIAO_BENCH_PAGES_REUSE=1: the database of JIXIAO_DATA_DIR / DATABASE_URL already
    # holds the projects (a 1,000,000-project database built once): measured, not built.
    reuse = os.environ.get("JIXIAO_BENCH_PAGES_REUSE") == "1"
    data = Path(os.environ["JIXIAO_DATA_DIR"]) if reuse else Path(tmp) / f"pages-{n}"
    env = _env(str(data))
    per_unit = 20
    t0 = time.perf_counter()
    if not reuse:
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
    out = _python(_PREPARE.format(password=PASSWORD), env).strip().split("\t")
    first, last, code, name, deep = int(out[0]), int(out[1]), out[2], out[3], out[4]
    print(f"  built {n:,} projects in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    with _served(env, data) as base:
        admin, reviewer = _Browser(base), _Browser(base)
        admin.login("bench")
        reviewer.login("reviewer")
        # JIXIAO_BENCH_PAGES_SKIP=ranking,ranking_first: pages left out (by name).
        skip = set(os.environ.get("JIXIAO_BENCH_PAGES_SKIP", "").split(","))
        # JIXIAO_BENCH_PAGES_ONLY=api_q,queue_home: only these pages (by name).
        only = {k for k in os.environ.get("JIXIAO_BENCH_PAGES_ONLY", "").split(",") if k}
        if only:
            skip |= {"ranking_first", "queue_home", *_page_paths(0, 0, "", "", "")} - only
        measured = {}
        if "ranking_first" not in skip:
            t0 = time.perf_counter()
            status, _ = admin.get("/evaluation/")
            cold = time.perf_counter() - t0
            assert status == 200
            measured["ranking_first"] = (cold, cold)
        for k, path in _page_paths(first, last, code, name, deep).items():
            if k not in skip:
                measured[k] = _timings(admin, path, repeat)
        if "queue_home" not in skip:
            measured["queue_home"] = _timings(reviewer, "/", repeat)
        for k, (med, p95) in measured.items():  # as they come: a long run may die later
            print(f"  {n:,} {k}: median {med:.3f} s, p95 {p95:.3f} s", file=sys.stderr)
        return measured


def _pages(tmp: str) -> list[Result]:
    sizes = _sizes("JIXIAO_BENCH_PAGE_SIZES", "1000,10000")
    repeat = int(os.environ.get("JIXIAO_BENCH_PAGE_REPEAT", "20"))
    measured = {n: _pages_at(n, tmp, repeat) for n in sizes}
    small = sizes[0]
    out = []
    for n in sizes:
        for k in measured[n]:
            med, p95 = measured[n][k]
            base_med, base_p95 = measured[small][k]
            out.append(
                Result(
                    f"page {k} at {n:,} projects, p95 over {repeat} requests through waitress",
                    p95,
                    base_p95,
                    f"the same page at {small:,} projects",
                    goal="p95 < 0.1 s at 1,000,000 and ≤ 2× the time at 1,000",
                    extra={"median_s": f"{med:.3f}", "median_ratio": f"{med / base_med:.2f}"},
                )
            )
    return out


def run() -> list[Result]:
    parts = {"read": _read_review, "import": _import, "pages": _pages}
    wanted = os.environ.get("JIXIAO_BENCH_SCALE_PARTS", ",".join(parts)).split(",")
    with tempfile.TemporaryDirectory() as tmp:
        return [r for name in wanted if name.strip() for r in parts[name.strip()](tmp)]
