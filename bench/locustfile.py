"""Locust users for `bench_load`: 4 reads for each edit, through the JSON API.

Each user edits its own project (no two users share one), so every accepted edit's value
must be the project's stored value afterwards; accepted edits are appended to
``JIXIAO_LOAD_LOG`` as ``project id<TAB>value`` lines for `bench_load` to check.
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

from locust import HttpUser, between, task

_PLAN = json.loads(Path(os.environ["JIXIAO_LOAD_PLAN"]).read_text(encoding="utf-8"))
_NEXT = itertools.count()
_QUERIES = ["经费", "社区服务", "教育", "P1", "补助"]


class Officer(HttpUser):
    wait_time = between(0.2, 1.0)

    def on_start(self) -> None:
        k = next(_NEXT)
        slot = _PLAN[k % len(_PLAN)]
        self.project = slot["project"]
        self.client.headers["Authorization"] = f"Bearer {slot['token']}"
        self.k, self.n = k, 0

    @task(2)
    def list_page(self) -> None:
        self.client.get("/api/v1/projects?after=0&page_size=50", name="keyset page")

    @task(1)
    def search(self) -> None:
        q = _QUERIES[self.n % len(_QUERIES)]
        self.client.get(f"/api/v1/projects?q={q}&page_size=20", name="search")

    @task(1)
    def detail(self) -> None:
        self.client.get(f"/api/v1/projects/{self.project}", name="project")

    @task(1)
    def edit(self) -> None:
        got = self.client.get(f"/api/v1/projects/{self.project}", name="project")
        if got.status_code != 200:
            return
        self.n += 1
        value = f"负载测试 用户{self.k} 第{self.n}次修改"
        with self.client.patch(
            f"/api/v1/projects/{self.project}",
            json={"version": got.json()["version"], "purpose": value},
            name="edit",
            catch_response=True,
        ) as r:
            if r.status_code == 200:
                with open(os.environ["JIXIAO_LOAD_LOG"], "a", encoding="utf-8") as log:
                    log.write(f"{self.project}\t{value}\n")
                r.success()
            else:
                r.failure(f"{r.status_code} {r.text[:200]}")
