"""Shared fixtures of the web tests: an organisation, one named user per role, the seed.

region R 130213 ─ department 314 ─ unit A 314003   alice (填报人)
                └ department 315 ─ unit B 315001   eve (填报人, another unit)
region S 130214 ─ department 401 ─ unit C 401001   (nobody's)
bob (审核人, region R)   grace (审核人, department 314 only)   frank (审核人, region S)
carol (系统管理员)       dave (审计员)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest

PASSWORD = "Correct-horse-battery-9"


@pytest.fixture
def org(db):
    from jixiao.web.orgs.models import Department, Region, Unit

    r = Region.objects.create(code="130213", name="唐山市曹妃甸区")
    s = Region.objects.create(code="130214", name="唐山市另一区")
    d314 = Department.objects.create(region=r, code="314", name="希望路街道办事处")
    d315 = Department.objects.create(region=r, code="315", name="教育局")
    d401 = Department.objects.create(region=s, code="401", name="另一区某局")
    return SimpleNamespace(
        region=r,
        other_region=s,
        dept_a=d314,
        dept_b=d315,
        unit_a=Unit.objects.create(
            department=d314, code="314003", name="唐山市曹妃甸区希望路街道办事处"
        ),
        unit_b=Unit.objects.create(department=d315, code="315001", name="第一中学"),
        unit_c=Unit.objects.create(department=d401, code="401001", name="另一区某单位"),
    )


@pytest.fixture
def make_user(db):
    """make_user(name, role, unit=, regions=, departments=) → a user with that profile."""
    from jixiao.web.accounts.services import create_user

    def make(name: str, role: str, **scope: Any):
        return create_user(name, role, PASSWORD, **scope)

    return make


@pytest.fixture
def users(org, make_user):
    return SimpleNamespace(
        alice=make_user("alice", "unit", unit=org.unit_a),
        eve=make_user("eve", "unit", unit=org.unit_b),
        bob=make_user("bob", "reviewer", regions=[org.region]),
        grace=make_user("grace", "reviewer", departments=[org.dept_a]),
        frank=make_user("frank", "reviewer", regions=[org.other_region]),
        carol=make_user("carol", "admin"),
        dave=make_user("dave", "auditor"),
    )


@pytest.fixture
def seeded(org, users, seed_doc):
    """The seed document imported for unit A (36 draft projects)."""
    from jixiao.web.goals.imports import import_document

    return import_document(seed_doc, users.alice, org.unit_a, source_name="seed.txt")


@pytest.fixture
def project(seeded):
    """Project 1 of the seed, as stored."""
    return seeded.projects.get(seq=1)


@dataclass
class Reply:
    status: int
    data: Any


class Api:
    """A JSON client of /api/v1/ acting as one user (Bearer token) or anonymously."""

    def __init__(self, client, token: str | None = None) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _reply(self, response) -> Reply:
        data = json.loads(response.content) if response.content else None
        return Reply(response.status_code, data)

    def get(self, path: str, **params: Any) -> Reply:
        return self._reply(self.client.get(f"/api/v1/{path}", params, headers=self.headers))

    def post(self, path: str, data: Any = None) -> Reply:
        body = json.dumps(data if data is not None else {})
        return self._reply(
            self.client.post(
                f"/api/v1/{path}", body, content_type="application/json", headers=self.headers
            )
        )

    def patch(self, path: str, data: Any) -> Reply:
        return self._reply(
            self.client.patch(
                f"/api/v1/{path}",
                json.dumps(data),
                content_type="application/json",
                headers=self.headers,
            )
        )


@pytest.fixture
def api(client):
    """api(user) → an `Api` with a fresh token for ``user``; api(None) is anonymous."""
    from jixiao.web.accounts.models import ApiToken

    def make(user=None) -> Api:
        if user is None:
            return Api(client)
        _, token = ApiToken.issue(user)
        return Api(client, token)

    return make


@pytest.fixture
def password() -> str:
    """The password of every user made by `make_user` / `users`."""
    return PASSWORD
