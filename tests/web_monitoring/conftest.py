"""Fixtures of the monitoring and self-evaluation page tests.

region 130213 ─ dept 314 ─ unit A 314003 (the seed imported)   alice 填报人
             └ dept 315 ─ unit B 315001                        eve 填报人 (another unit)
region 130214 ─ dept 401 ─ unit C                              frank 审核人 (other region)
bob 审核人 (region 130213)   carol 系统管理员   dave 审计员
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

PASSWORD = "Monitoring-test-passw0rd"


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
        unit_a=Unit.objects.create(
            department=d314, code="314003", name="唐山市曹妃甸区希望路街道办事处"
        ),
        unit_b=Unit.objects.create(department=d315, code="315001", name="第一中学"),
        unit_c=Unit.objects.create(department=d401, code="401001", name="另一区某单位"),
    )


@pytest.fixture
def users(org):
    from jixiao.web.accounts.services import create_user

    return SimpleNamespace(
        alice=create_user("alice", "unit", PASSWORD, unit=org.unit_a),
        eve=create_user("eve", "unit", PASSWORD, unit=org.unit_b),
        bob=create_user("bob", "reviewer", PASSWORD, regions=[org.region]),
        frank=create_user("frank", "reviewer", PASSWORD, regions=[org.other_region]),
        carol=create_user("carol", "admin", PASSWORD),
        dave=create_user("dave", "auditor", PASSWORD),
    )


@pytest.fixture
def seeded(org, users, seed_doc):
    """The seed document (2022, 36 projects, 万元) imported for unit A."""
    from jixiao.web.goals.imports import import_document

    return import_document(seed_doc, users.alice, org.unit_a, source_name="seed.txt")


@pytest.fixture
def monitored(seeded):
    """The seed document with its projects approved (已审核): monitoring follows approved
    projects only (`monitoring.data.is_monitored`)."""
    from jixiao.web.goals.models import APPROVED

    seeded.projects.update(status=APPROVED)
    return seeded


@pytest.fixture
def monitored_project(monitored):
    """Project 1 of the approved seed (`project`, monitored)."""
    return monitored.projects.get(seq=1)


@pytest.fixture
def project(seeded):
    """Project 1: 残疾人专职委员队伍建设, budget 2.28 万元, three ≥100 indicators."""
    return seeded.projects.get(seq=1)


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user
