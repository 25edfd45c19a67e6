"""Disclosure (绩效公开): publications, the public site, open data and the static site."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.web.goals import workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(seeded, users, api):
    """Projects 1 and 2 approved, project 3 only submitted; unit A's 2022 published."""
    rows = list(seeded.projects.order_by("seq")[:3])
    for p in rows:
        workflow.submit(p, users.alice)
    for p in rows[:2]:
        workflow.approve(p, users.bob)
    reply = api(users.carol).post("publications", {"unit": "314003", "year": 2022})
    assert reply.status == 201, reply.data
    return rows


def test_only_the_admin_publishes(api, users, seeded):
    assert api(users.bob).post("publications", {"unit": "314003", "year": 2022}).status == 403
    assert api(users.alice).post("publications", {"unit": "314003", "year": 2022}).status == 403
    # nothing approved yet: refused with a reason
    refused = api(users.carol).post("publications", {"unit": "314003", "year": 2022})
    assert refused.status == 400 and "没有已审核的项目" in refused.data["error"]
    assert api(users.carol).post("publications", {"unit": "nope", "year": 2022}).status == 400


def test_anonymous_sees_published_approved_projects_only(client, published, org, users, seed_doc):
    from jixiao.web.goals.imports import import_document

    other = import_document(seed_doc, users.eve, org.unit_b)  # never published
    p1, p2, p3 = published
    reply = client.get("/open/v1/projects", {"year": "2022"})
    assert reply.status_code == 200
    data = json.loads(reply.content)
    assert data["count"] == 2
    assert {r["project_code"] for r in data["results"]} == {p1.code, p2.code}
    assert client.get(f"/public/projects/{p1.pk}/").status_code == 200
    assert client.get(f"/public/projects/{p3.pk}/").status_code == 404
    other_project = other.projects.first()
    assert client.get(f"/public/projects/{other_project.pk}/").status_code == 404
    index = client.get("/public/").content.decode()
    assert p1.name in index and p3.name not in index
    searched = client.get("/public/", {"q": p2.name}).content.decode()
    assert p2.name in searched and f">{p1.name}<" not in searched
    page = client.get(f"/public/projects/{p1.pk}/").content.decode()
    assert "一级指标" in page and p1.code in page
    assert client.get("/open/v1/projects", {"year": "20x2"}).status_code == 400


def test_data_package_validates(client, published, tmp_path):
    for name in ("projects.csv", "indicators.csv", "projects.json"):
        reply = client.get(f"/open/v1/{name}", {"year": "2022"})
        assert reply.status_code == 200
        (tmp_path / name).write_bytes(reply.content)
    (tmp_path / "datapackage.json").write_bytes(
        client.get("/open/v1/datapackage.json", {"year": "2022"}).content
    )
    rows = list(csv.DictReader(io.StringIO((tmp_path / "projects.csv").read_text("utf-8"))))
    assert len(rows) == 2
    assert rows[0]["budget_total"]  # 万元, exact
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("frictionless")),
            "validate",
            "--json",
            str(tmp_path / "datapackage.json"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(done.stdout)
    assert report["valid"] is True, done.stdout[:2000]


def test_amounts_in_yuan_are_converted_exactly():
    from decimal import Decimal

    from jixiao.core.disclosure.model import to_wan

    assert to_wan(Decimal("1250000"), "元") == Decimal("125.00")
    assert to_wan(Decimal("1234.56"), "元") == Decimal("0.123456")
    assert to_wan(Decimal("52.00"), "万元") == Decimal("52.00")


def test_publish_writes_a_static_site(published, tmp_path, capsys):
    from jixiao.cli import main

    out = tmp_path / "site"
    assert main(["publish", "--year", "2022", "-o", str(out)]) == 0
    assert "2 个项目" in capsys.readouterr().out
    index = (out / "index.html").read_text("utf-8")
    assert published[0].name in index and published[2].name not in index
    assert (out / "data" / "datapackage.json").exists()
    pages = list((out / "projects").glob("*.html"))
    assert len(pages) == 2
    for html in [index, *(p.read_text("utf-8") for p in pages)]:
        assert "http://" not in html and "https://" not in html
        assert "<script>" not in html  # no inline scripts


def test_withdrawn_publication_is_no_longer_public(client, published, users):
    from jixiao.web.disclosure.models import Publication
    from jixiao.web.disclosure.services import withdraw

    withdraw(users.carol, Publication.objects.get())
    assert json.loads(client.get("/open/v1/projects").content)["count"] == 0
    assert client.get(f"/public/projects/{published[0].pk}/").status_code == 404


def test_a_formula_in_a_published_text_stays_text_in_the_csv(client, seeded, users, api):
    from jixiao.web.goals.models import Project

    p = seeded.projects.get(seq=1)
    payload = "=cmd|' /C calc'!A0"
    Project.objects.filter(pk=p.pk).update(name=payload, purpose="@SUM(1+1)*cmd")
    p.refresh_from_db()
    workflow.submit(p, users.alice)
    workflow.approve(p, users.bob)
    assert api(users.carol).post("publications", {"unit": "314003", "year": 2022}).status == 201
    reply = client.get("/open/v1/projects.csv", {"year": "2022"})
    row = next(csv.DictReader(io.StringIO(reply.content.decode("utf-8"))))
    assert row["project_name"] == "'" + payload and row["purpose"] == "'@SUM(1+1)*cmd"
    assert row["budget_total"] == "2.28"  # numbers untouched
    data = json.loads(client.get("/open/v1/projects", {"year": "2022"}).content)
    assert data["results"][0]["project_name"] == payload  # the JSON keeps the text
