"""Load test on loopback with locust: 50 users mixing reads and edits through waitress.

    JIXIAO_LOAD_SECONDS=60 JIXIAO_LOAD_USERS=50 .venv/bin/python -m bench load

(5 minutes for the issue's figure: JIXIAO_LOAD_SECONDS=300.) The database: a temporary
SQLite one, or DATABASE_URL's (its goal tables are EMPTIED). 1,000 generated projects, one
unit account per unit with an API token; each user edits its own project. Reports
throughput, p95 and errors from locust's statistics, then counts that every accepted edit
is in the database: the project holds the last value accepted for it, and the audit log
has a ``project.edit`` entry with each accepted value. Locust lets users finish their
request when time is up (``--stop-timeout``), so no edit lands unacknowledged.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.bench_scale import _free_port
from bench.common import Result

UNITS, PER_UNIT = 20, 50


def _prepare(tmp: Path, users: int) -> list[dict]:
    from jixiao.core.generate import GeneratorOptions, generate_documents
    from jixiao.web.accounts import tokens
    from jixiao.web.accounts.services import create_user
    from jixiao.web.goals.bulk import Pending, store_documents
    from jixiao.web.goals.models import GoalDocument, Project
    from jixiao.web.orgs.services import ensure_unit

    GoalDocument.all_objects.all().delete()
    pending = [
        Pending(d, ensure_unit(d.unit.code or "", d.unit.name, region_code="130213"))
        for d in generate_documents(GeneratorOptions(UNITS, PER_UNIT, seed=9))
    ]
    store_documents(pending, "bench")
    create_user("load-admin", "admin", "Load-Passw0rd-2024!")  # the server wants one
    plan = []
    for k, p in enumerate(pending[: min(UNITS, users)]):
        user = create_user(f"load{k}", "unit", "Load-Passw0rd-2024!", unit=p.unit)
        _, token = tokens.issue(user)
        ids = list(
            Project.objects.filter(document__unit=p.unit)
            .order_by("id")
            .values_list("id", flat=True)
        )
        plan.append({"token": token, "projects": ids})
    # User k edits project k // len(plan) of unit k % len(plan): never two users on one.
    return [
        {
            "token": plan[k % len(plan)]["token"],
            "project": plan[k % len(plan)]["projects"][k // len(plan)],
        }
        for k in range(users)
    ]


def run() -> list[Result]:
    import importlib.util

    if importlib.util.find_spec("locust") is None:
        print("bench_load: skipped (pip install -e '.[bench]' for locust)")
        return []
    seconds = int(os.environ.get("JIXIAO_LOAD_SECONDS", "60"))
    users = int(os.environ.get("JIXIAO_LOAD_USERS", "50"))
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ.setdefault("JIXIAO_DATA_DIR", str(tmp / "data"))
        os.environ.setdefault("JIXIAO_SECRET_KEY", "bench-only")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
        from jixiao.web.bootstrap import setup

        setup()
        plan = _prepare(tmp, users)
        (tmp / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
        log = tmp / "accepted.log"
        log.touch()
        env = {
            **os.environ,
            "JIXIAO_LOAD_PLAN": str(tmp / "plan.json"),
            "JIXIAO_LOAD_LOG": str(log),
        }
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "jixiao", "serve", "--port", str(port), "--threads", "8"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(os.environ.get("JIXIAO_LOAD_SERVER_LOG", os.devnull), "w"),  # noqa: SIM115
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(600):
                if server.poll() is not None:
                    raise RuntimeError("jixiao serve stopped; set JIXIAO_LOAD_SERVER_LOG")
                try:
                    urllib.request.urlopen(base + "/login/", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.1)
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(Path(__file__).with_name("locustfile.py")),
                    "--headless",
                    "-u",
                    str(users),
                    "-r",
                    str(max(1, users // 5)),
                    "-t",
                    f"{seconds}s",
                    "--host",
                    base,
                    "--csv",
                    str(tmp / "load"),
                    "--only-summary",
                    "--stop-timeout",
                    "30",
                    "--exit-code-on-error",
                    "0",
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=seconds + 120,
            )
        finally:
            server.terminate()
            server.wait()
        with open(tmp / "load_stats.csv", encoding="utf-8") as f:
            total = next(r for r in csv.DictReader(f) if r["Name"] == "Aggregated")
        with open(tmp / "load_failures.csv", encoding="utf-8") as f:
            failed = sorted(csv.DictReader(f), key=lambda r: -int(r["Occurrences"]))
        accepted = [line.split("\t", 1) for line in log.read_text("utf-8").splitlines()]
        last = {int(pid): value for pid, value in accepted}
        from jixiao.web.audit.models import AuditEntry
        from jixiao.web.goals.models import Project

        stored = dict(Project.objects.filter(pk__in=last).values_list("pk", "purpose"))
        present = sum(1 for pid, value in last.items() if stored.get(pid) == value)
        edits = AuditEntry.objects.filter(action="project.edit")
        audited = edits.count()
        logged = {(e.object_id, json.dumps(e.new, ensure_ascii=False)) for e in edits}
        found = sum(1 for pid, value in accepted if any(o == pid and value in n for o, n in logged))
        requests, failures = int(total["Request Count"]), int(total["Failure Count"])
        return [
            Result(
                f"load: {users} users for {seconds} s on {os.environ.get('DATABASE_URL', 'sqlite')[:10]}, "
                "reads and edits through waitress (p95 of all requests)",
                float(total["95%"]) / 1000,
                float(total["50%"]) / 1000,
                "median of all requests",
                goal="errors 0; every accepted edit stored",
                extra={
                    "requests": str(requests),
                    "per_s": f"{float(total['Requests/s']):.1f}",
                    "errors": str(failures),
                    "accepted_edits": str(len(accepted)),
                    "audited_edits": str(audited),
                    "accepted_edits_in_audit_log": str(found),
                    "projects_edited": str(len(last)),
                    "holding_last_accepted_value": str(present),
                    **({"first_error": failed[0]["Error"][:120]} if failed else {}),
                },
            )
        ]
