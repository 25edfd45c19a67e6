"""Writers during a bulk import (SQLite): how long they wait and how many fail.

``python -m bench.concurrent_import [PROJECTS] [WRITERS]`` imports a generated document
(default 2,000 projects, the import cap) while WRITERS threads PATCH a project through the
API in a loop, and prints the batches, the longest batch (the longest time the import
holds SQLite's write lock), the writers' requests by status and their longest wait.
Figures are in docs/reliability.md.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import time
from collections import Counter

from bench.bench_web import _django
from bench.corpus import big_document


def main(argv: list[str]) -> int:
    projects = int(argv[0]) if argv else 2_000
    writers = int(argv[1]) if len(argv) > 1 else 2
    with tempfile.TemporaryDirectory() as tmp:
        _django(tmp)
        from django.db import connection
        from django.test import Client

        from jixiao.web.accounts.models import ApiToken
        from jixiao.web.accounts.services import create_user
        from jixiao.web.goals import mapping
        from jixiao.web.goals.imports import import_document
        from jixiao.web.orgs.services import ensure_unit

        seed = big_document(36)
        unit = ensure_unit("314003", seed.unit.name, region_code="130213")
        other = ensure_unit("314004", "另一单位", region_code="130213")
        user = create_user("bench", "unit", None, unit=other)
        seed.year = 2021
        target = import_document(seed, user, other, "seed.txt").projects.get(seq=1)
        doc = big_document(projects)

        batches: list[float] = []
        real = mapping.projects_to_db

        def timed(document, rows):  # type: ignore[no-untyped-def]
            t = time.perf_counter()
            real(document, rows)
            batches.append(time.perf_counter() - t)

        mapping.projects_to_db = timed  # type: ignore[assignment]
        statuses: Counter[int] = Counter()
        waits: list[float] = []
        done = threading.Event()

        tokens = [ApiToken.issue(user)[1] for _ in range(writers)]
        started = threading.Barrier(writers + 1)

        def writer(k: int) -> None:
            token = tokens[k]
            started.wait()
            client = Client(raise_request_exception=False)
            headers = {"Authorization": f"Bearer {token}"}
            while not done.is_set():
                t = time.perf_counter()
                got = client.get(f"/api/v1/projects/{target.pk}", headers=headers)
                statuses[got.status_code] += 1
                if got.status_code == 200:
                    r = client.patch(
                        f"/api/v1/projects/{target.pk}",
                        json.dumps({"purpose": f"写入{k}", "version": got.json()["version"]}),
                        content_type="application/json",
                        headers=headers,
                    )
                    statuses[r.status_code] += 1
                waits.append(time.perf_counter() - t)
            connection.close()

        threads = [threading.Thread(target=writer, args=(k,)) for k in range(writers)]
        for t in threads:
            t.start()
        started.wait()
        start = time.perf_counter()
        import_document(doc, user, unit, "big.txt")
        took = time.perf_counter() - start
        done.set()
        for t in threads:
            t.join()
        print(
            f"import of {projects} projects: {took:.1f} s in {len(batches)} batches, "
            f"longest batch {max(batches):.2f} s"
        )
        print(f"{writers} writers: {sum(statuses.values())} requests {dict(statuses)}, ")
        print(f"longest writer round (GET + PATCH) {max(waits):.2f} s, 500s: {statuses[500]}")
    return 0


if __name__ == "__main__":
    os.environ.pop("DATABASE_URL", None)
    sys.exit(main(sys.argv[1:]))
