"""Project search (`goals.search`): the same answers as a plain ``icontains`` on name or
code, served by an index on each database (pg_trgm on PostgreSQL, FTS5 on SQLite); a query
that looks like a code matches code prefixes first (the code's b-tree)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q

from jixiao.web.goals.models import Project
from jixiao.web.goals.search import FTS_TABLE, PG_INDEXES, looks_like_code, search_projects

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


@pytest.mark.parametrize(
    "q, code",
    [
        ("13021322P00000410179E", True),
        ("130213", True),
        ("410179e", True),
        ("P0000", False),  # too short: a fragment, matched anywhere
        ("abcdef", False),  # no digit: a word
        ("人员工资", False),
        ("１３０２１３", False),  # full-width digits: not typed as a code
        ("1302-13", False),
    ],
)
def test_what_looks_like_a_code(q, code):
    assert looks_like_code(q) is code


def test_a_whole_code_finds_its_project_in_any_case(seeded):
    first = seeded.projects.get(seq=1)
    assert first.code == "13021322P00000410179E"
    for q in (first.code, first.code.lower(), "13021322p00000410179E"):
        assert _found(q) == [first.pk], q


def test_a_code_prefix_matches_codes_that_start_with_it(seeded):
    """A region code finds the codes that start with it, not a name or a code that merely
    contains it (what a plain substring match would add)."""
    renamed = seeded.projects.get(seq=2)
    renamed.name = "130213 区级配套项目"
    renamed.code = "99013021300000000001X"
    renamed.save()
    expected = sorted(seeded.projects.exclude(pk=renamed.pk).values_list("pk", flat=True))
    assert _found("130213") == expected
    assert renamed.pk in _expected("130213")  # the substring match would have found it
    assert _found("13021322P0000041018") == sorted(
        seeded.projects.filter(code__startswith="13021322P0000041018").values_list("pk", flat=True)
    )


def test_without_a_prefix_match_a_code_is_found_anywhere(seeded):
    first = seeded.projects.get(seq=1)
    assert _found("410179E") == [first.pk] == _expected("410179E")
    assert _found("0000041017") == _expected("0000041017") != []


def test_a_code_outside_the_users_scope_is_not_found(seeded, users):
    from jixiao.web.permissions import visible_projects

    assert search_projects(visible_projects(users.frank), "13021322P00000410179E").count() == 0
    assert search_projects(visible_projects(users.bob), "13021322P00000410179E").count() == 1
