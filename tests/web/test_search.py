"""Project search (`goals.search`): the same answers as a plain ``icontains`` on name or
code, served by an index on each database (pg_trgm on PostgreSQL, FTS5 on SQLite)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q

from jixiao.web.goals.models import Project
from jixiao.web.goals.search import FTS_TABLE, PG_INDEXES, search_projects

QUERIES = [
    "防汛",
    "计生经费",
    "老党员生活",
    "经费",
    "街道办事处",
    "项目",
    "P0000",
    "p0000",
    "13021322",
    "ab",
    "AbC",
    "abc",
    "x%y",
    "50%",
    "a_b",
    '"引号"',
    "'",
    "Ｆｕｌｌ",
    "E",
    "e",
    "不存在的项目名称",
    "  ",
    "补贴资金",
]


def _expected(q: str) -> list[int]:
    return sorted(
        Project.objects.filter(Q(name__icontains=q) | Q(code__icontains=q)).values_list(
            "id", flat=True
        )
    )


def _found(q: str) -> list[int]:
    return sorted(search_projects(Project.objects.all(), q).values_list("id", flat=True))


@pytest.fixture
def projects(seeded):
    rows = list(seeded.projects.order_by("seq"))
    for row, name in zip(
        rows,
        ["ABC 设备 x%y 采购", "abcd 补贴资金", "a_b 项目", '"引号"项目', "it's 经费", "50% 配套"],
        strict=False,
    ):
        row.name = name
        row.save()
    rows[6].code = None
    rows[6].save()
    return rows


def test_it_finds_what_icontains_finds(projects):
    for q in QUERIES:
        assert _found(q) == _expected(q), q
    assert len(_found("经费")) >= 2 and _found("计生经费") and _found("abc") and _found("P0000")


def test_it_follows_renames_and_deletions(projects):
    first, second = projects[0], projects[1]
    first.name = "全新的名称"
    first.save()
    second.delete()
    assert _found("全新的名称") == [first.pk]
    assert _found("ABC 设备") == []
    assert _found("abcd") == []
    for q in QUERIES:
        assert _found(q) == _expected(q), q


@pytest.mark.django_db
def test_the_index_exists_on_this_database():
    with connection.cursor() as c:
        if connection.vendor == "sqlite":
            c.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE %s", [FTS_TABLE + "%"])
            assert c.fetchone()[0] >= 4  # the table (and its shadow tables) and 3 triggers
            c.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
            assert c.fetchone()[0] >= 3
        else:
            c.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'goals_project' "
                "AND indexdef LIKE %s",
                ["%gin_trgm_ops%"],
            )
            assert {r[0] for r in c.fetchall()} == set(PG_INDEXES)
