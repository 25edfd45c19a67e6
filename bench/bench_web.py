"""Web storage and API on a 1,000-project document, each against a same-run baseline.

- import: `document_to_db` (Django models, bulk inserts, SQLite WAL) vs writing and reading
  the same document as JSON (json_io), the cheapest lossless persistence there is;
- list: GET /api/v1/projects?page_size=500 through Django (auth, permission scope, JSON) vs
  the same rows fetched with sqlite3 and dumped with json.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile

from bench.common import Result, compare
from bench.corpus import big_document

PROJECTS = 1_000


def _django(tmp: str) -> None:
    os.environ.pop("DATABASE_URL", None)  # never touch a real server from a benchmark
    os.environ["JIXIAO_DATA_DIR"] = tmp
    os.environ.setdefault("JIXIAO_SECRET_KEY", "bench-only")
    os.environ["DJANGO_SETTINGS_MODULE"] = "jixiao.web.settings"
    from jixiao.web.bootstrap import setup

    setup()


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        _django(tmp)
        from django.conf import settings
        from django.db import transaction
        from django.test import Client

        from jixiao.core.formats import json_io
        from jixiao.web.accounts.models import ApiToken
        from jixiao.web.accounts.services import create_user
        from jixiao.web.goals.mapping import document_to_db
        from jixiao.web.orgs.services import ensure_unit

        doc = big_document(PROJECTS)
        unit = ensure_unit("314003", doc.unit.name, region_code="130213")

        def store() -> None:
            with transaction.atomic():
                document_to_db(doc, unit)
                transaction.set_rollback(True)

        def as_json() -> None:
            json_io.read_bytes(json_io.write_bytes(doc), "bench.json")

        ours_import, base_import = compare(store, as_json, repeat=3)

        document_to_db(doc, unit)
        user = create_user("bench", "unit", None, unit=unit)
        _, token = ApiToken.issue(user)
        client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        path = str(settings.DATABASES["default"]["NAME"])

        def listing() -> None:
            r = client.get("/api/v1/projects", {"page_size": 500})
            assert r.status_code == 200

        def raw() -> None:
            with sqlite3.connect(path) as db:
                rows = db.execute(
                    "SELECT p.id, p.seq, p.code, p.name, u.code, u.name, d.year, p.budget_total,"
                    " p.status, p.version, p.updated_at FROM goals_project p"
                    " JOIN goals_goaldocument d ON d.id = p.document_id"
                    " JOIN orgs_unit u ON u.id = d.unit_id WHERE d.unit_id = ?"
                    " ORDER BY p.seq LIMIT 500",
                    (unit.pk,),
                ).fetchall()
            json.dumps({"count": len(rows), "results": rows}, ensure_ascii=False)

        ours_list, base_list = compare(listing, raw, repeat=5)
    return [
        Result(
            f"store a {PROJECTS:,}-project document in SQLite",
            ours_import,
            base_import,
            "JSON write + read of the same document",
            goal="ratio ≤ 5",
        ),
        Result(
            "API project list, 500 of 1,000 projects",
            ours_list,
            base_list,
            "sqlite3 query + json.dumps of the same rows",
            goal="ratio ≤ 10",
        ),
    ]
