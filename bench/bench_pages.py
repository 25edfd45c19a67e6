"""The project list page on a 1,000-project document, against same-run baselines.

- warm: GET /projects/ (HTML, 50 rows, quality scores from the per-document review cache)
  vs GET /api/v1/projects?page_size=50 (JSON, same rows, no scores);
- cold: GET /projects/?sort=-score with the review cache emptied first (loads and reviews
  the whole document) vs `jixiao.core.review.review` of the same document in memory.

Runs in a child process: Django settings are process-wide and other benchmarks set up
their own data directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

from bench.common import Result, compare
from bench.corpus import big_document

PROJECTS = 1_000


def _measure() -> dict[str, float]:
    from jixiao.web.bootstrap import setup

    setup()
    from django.core.cache import cache
    from django.test import Client

    from jixiao.core.review import review
    from jixiao.web.accounts.models import ApiToken
    from jixiao.web.accounts.services import create_user
    from jixiao.web.goals.mapping import document_to_db
    from jixiao.web.orgs.services import ensure_unit

    doc = big_document(PROJECTS)
    unit = ensure_unit("314003", doc.unit.name, region_code="130213")
    document_to_db(doc, unit)
    user = create_user("bench", "unit", None, unit=unit)
    _, token = ApiToken.issue(user)
    page, api = Client(), Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    page.force_login(user)

    def html() -> None:
        assert page.get("/projects/").status_code == 200

    def json_api() -> None:
        assert api.get("/api/v1/projects", {"page_size": 50}).status_code == 200

    def cold() -> None:
        cache.clear()
        assert page.get("/projects/", {"sort": "-score"}).status_code == 200

    def in_memory() -> None:
        review(doc)

    html()  # fill the cache
    warm_ours, warm_base = compare(html, json_api, repeat=5)
    cold_ours, cold_base = compare(cold, in_memory, repeat=3)
    return {"warm": warm_ours, "api": warm_base, "cold": cold_ours, "review": cold_base}


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(
            JIXIAO_DATA_DIR=tmp,
            JIXIAO_SECRET_KEY="bench-only",
            DJANGO_SETTINGS_MODULE="jixiao.web.settings",
        )
        out = subprocess.run(
            [sys.executable, "-m", "bench.bench_pages"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    t = json.loads(out.strip().splitlines()[-1])
    return [
        Result(
            f"project list page, 50 of {PROJECTS:,} projects, scores cached",
            t["warm"],
            t["api"],
            "API list of the same 50 projects (JSON, no scores)",
            goal="ratio ≤ 3",
        ),
        Result(
            f"project list page sorted by score, cold review cache, {PROJECTS:,} projects",
            t["cold"],
            t["review"],
            "review engine on the same document in memory",
            goal="",  # a cache miss, reported for information (docs/performance.md)
        ),
    ]


if __name__ == "__main__":
    print(json.dumps(_measure()))
