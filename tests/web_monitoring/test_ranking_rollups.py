"""The ranking's stored roll-ups (`rankings.rollups`) agree with a from-scratch computation
after a sequence of edits — self-evaluations saved (万元 and 元), an adjustment approved, a
document imported, a department evaluation saved, bulk loads — on the ranking page (every
page), the API (every page) and the unit pages; a bulk load leaves the rows in place
without scoring anything, and `jixiao rollups` repairs a damaged row."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from jixiao.core.evaluation import DEFAULT_CONFIG, RollupSums, rollup_from_sums, rollup_sums
from jixiao.core.formats.json_io import indicator_to_dict
from jixiao.core.generate import GeneratorOptions, generate_documents
from jixiao.web.adjustments.services import approve_adjustment, request_adjustment
from jixiao.web.department_evaluation.data import department_result
from jixiao.web.goals import bulk, workflow
from jixiao.web.goals.imports import import_document
from jixiao.web.goals.models import GoalDocument
from jixiao.web.monitoring import data
from jixiao.web.monitoring.api import _rollup_out
from jixiao.web.monitoring.services import LineInput, save_evaluation
from jixiao.web.orgs.models import Department, Unit
from jixiao.web.orgs.services import ensure_unit
from jixiao.web.rankings.models import DepartmentRollup, UnitRollup
from jixiao.web.rankings.rollups import sums_of

from .test_consistency import in_yuan
from .test_department_evaluation_pages import FORM, INDICATORS

D = Decimal
YEAR = 2022


def _from_scratch():
    """Every document of the year scored by the core from its stored inputs: per unit
    (roll-up, department score), per department and in total (budgets in 万元)."""
    units, departments, total = {}, {}, None
    for d in GoalDocument.objects.filter(year=YEAR).select_related("unit__department"):
        ue = data.unit_evaluation(d)
        units[d.unit.code] = (ue.report.rollup, department_result(d, ue).score, d)
        sums = rollup_sums(ue.report.projects, DEFAULT_CONFIG, money_unit=d.money_unit)
        dept = d.unit.department.code
        departments[dept] = departments[dept] + sums if dept in departments else sums
        total = sums if total is None else total + sums
    order = sorted(
        units,
        key=lambda c: (
            units[c][0].weighted_average is None,
            -(units[c][0].weighted_average or 0),
            c,
        ),
    )
    return units, order, departments, total


def _no_scoring(*args, **kwargs):
    raise AssertionError("the ranking scored projects although no roll-up was missing")


def _check(client, monkeypatch, page_size=3):
    client.get(reverse("monitoring:ranking"))  # computes the rows an edit deleted
    units, order, departments, total = _from_scratch()
    api = "/api/v1/evaluation"
    with monkeypatch.context() as m:
        m.setattr(data, "unit_evaluation", _no_scoring)
        seen, page = [], 1
        while True:
            r = client.get(api, {"year": YEAR, "page": page, "page_size": page_size}).json()
            seen += r["units"]
            if page * page_size >= r["count"]:
                break
            page += 1
        html = ""
        for page in range(1, -(-len(units) // data.RANKING_PAGE) + 1):
            html += client.get(reverse("monitoring:ranking"), {"page": page}).content.decode()
    assert [u["unit"]["code"] for u in seen] == order
    assert [u["rank"] for u in seen] == list(range(1, len(order) + 1))
    for u in seen:
        fresh, _, document = units[u["unit"]["code"]]
        assert u["rollup"] == _rollup_out(fresh, document.money_unit).dict()
    assert r["total"] == _rollup_out(rollup_from_sums(total), "万元").dict()
    shown = {}
    for page in range(1, -(-r["department_count"] // page_size) + 1):
        q = {"year": YEAR, "page_size": page_size, "department_page": page}
        shown |= {d["code"]: d["rollup"] for d in client.get(api, q).json()["departments"]}
    assert shown == {
        code: _rollup_out(rollup_from_sums(sums), "万元").dict()
        for code, sums in departments.items()
    }
    # The page: units in the same order, with the same figures and department scores.
    rows = re.findall(r"<tr>\s*<td>(\d+)</td><td><a [^>]*>(\S+) .*?</tr>", html, re.S)
    assert [code for _, code in rows] == order
    for code in order:
        fresh, department, document = units[code]
        row = re.search(rf">{code} .*?</tr>", html, re.S).group(0)  # type: ignore[union-attr]
        assert f">{fresh.coverage}<" in row
        assert f">{fresh.weighted_average if fresh.weighted_average is not None else '—'}<" in row
        assert f'data-status="{department.status}">{department.score_text}' in row
        unit_page = client.get(
            reverse("monitoring:evaluation_unit", args=[document.unit_id]), {"year": YEAR}
        ).content.decode()
        assert f'id="coverage">{fresh.projects} 个，{fresh.coverage}' in unit_page
        shown = "—" if fresh.weighted_average is None else str(fresh.weighted_average)
        assert f'id="weighted-average">{shown}<' in unit_page
    assert f"合计（全部 {len(order)} 个单位）" in html
    _check_department_rows()
    _check_scopes(units, departments)


def _check_department_rows():
    """After a read every department's stored sums are fresh and the sums of its units'."""
    for row in DepartmentRollup.objects.all():
        of_units = UnitRollup.objects.filter(department_id=row.department_id, year=row.year)
        documents = GoalDocument.objects.filter(unit__department=row.department_id, year=row.year)
        assert not row.stale
        assert row.units == of_units.count() == documents.count() > 0
        assert sums_of(row) == sum((sums_of(u) for u in of_units), RollupSums())
    assert DepartmentRollup.objects.count() == len(
        set(GoalDocument.objects.values_list("unit__department", "year").order_by())
    )


def _check_scopes(units, departments):
    """The ranking read from the sums per department (whole departments) and from the unit
    rows (single units) agree, for everyone and for one region."""
    every = Unit.objects.all()
    for region in (None, "130213"):
        by_units = data.ranking(every, YEAR, region, per_page=100)
        by_departments = data.ranking(
            every, YEAR, region, per_page=100, departments=Department.objects.all()
        )
        shown = [u for u in units.values() if region in (None, u[2].unit.department.region.code)]
        assert by_units.years == by_departments.years == ([YEAR] if shown else [])
        assert by_units.count == by_departments.count == len(shown)
        assert [(u.unit.code, u.rollup, u.rank) for u in by_units.rows] == [
            (u.unit.code, u.rollup, u.rank) for u in by_departments.rows
        ]
        assert by_units.departments == by_departments.departments
        assert by_units.total == by_departments.total
        assert by_units.department_count == by_departments.department_count
        assert {d.code: roll for d, roll in by_departments.departments} == {
            code: rollup_from_sums(sums)
            for code, sums in departments.items()
            if region is None or Department.objects.get(code=code).region.code == region
        }


def _evaluate(project, user, executed="2.00", actual="80", factor=1):
    save_evaluation(
        project,
        user,
        budget_initial=D("2.28") * factor,
        budget_adjusted=D("2.50") * factor,
        executed=D(executed) * factor,
        lines=[LineInput(1, actual), LineInput(2, "100"), LineInput(3, "达成")],
    )


def _bulk_load(seed):
    bulk.store_documents(
        [
            bulk.Pending(doc, ensure_unit(doc.unit.code or "", doc.unit.name), "bulk.txt")
            for doc in generate_documents(GeneratorOptions(3, 2, seed=seed, year=YEAR))
        ],
        None,
    )


@pytest.mark.django_db
def test_the_ranking_follows_every_edit(seeded, users, org, seed_doc, login, client, monkeypatch):
    admin = login(users.carol)
    _bulk_load(seed=5)
    # A bulk load leaves every roll-up in place: the first request scores nothing.
    assert UnitRollup.objects.count() == GoalDocument.objects.count() - 1  # the seed: on read
    _check(admin, monkeypatch)

    first, second, third = list(seeded.projects.order_by("seq")[:3])
    _evaluate(first, users.alice)
    _evaluate(second, users.alice, executed="1.00", actual="50")
    _check(admin, monkeypatch)

    in_b = import_document(in_yuan(seed_doc), users.eve, org.unit_b, source_name="元.txt")
    _evaluate(in_b.projects.get(seq=1), users.eve, factor=D(10000))
    _check(admin, monkeypatch)

    _evaluate(first, users.alice, actual="30")  # changed: a lower score
    workflow.submit(third, users.alice)
    workflow.approve(third, users.bob)
    third.refresh_from_db()
    adjustment = request_adjustment(
        third, users.alice, "追加预算", {"budget": {"total": "60.00", "fiscal": "60.00"}}
    )
    approve_adjustment(adjustment, users.bob)
    _evaluate(third, users.alice, executed="30.00")
    _check(admin, monkeypatch)

    seeded.department_indicators = [indicator_to_dict(i) for i in INDICATORS]
    seeded.save(update_fields=["department_indicators"])
    login(users.alice).post(reverse("department_evaluation:page", args=[seeded.pk]), FORM)
    admin = login(users.carol)
    _bulk_load(seed=6)
    _check(admin, monkeypatch, page_size=2)
    row = UnitRollup.objects.get(document=seeded)
    assert row.department_status == "provisional" and row.department_score  # entered
    assert row.complete == 3


@pytest.mark.django_db
def test_jixiao_rollups_repairs_a_damaged_row(seeded, users, login, monkeypatch, capsys):
    from jixiao.cli import main

    _evaluate(seeded.projects.get(seq=1), users.alice)
    admin = login(users.carol)
    _bulk_load(seed=7)
    _check(admin, monkeypatch)
    UnitRollup.objects.filter(document=seeded).update(complete=0, scores=0, rank_score=-1)
    main(["rollups", "--year", str(YEAR)])
    assert "已重算 4 个单位年度的评价汇总：3 个尚无自评" in capsys.readouterr().out
    _check(admin, monkeypatch)


@pytest.mark.django_db
def test_the_ranking_page_and_api_are_paged(seeded, users, login):
    _bulk_load(seed=8)
    admin = login(users.carol)
    r = admin.get("/api/v1/evaluation", {"page_size": 2, "page": 2}).json()
    assert (r["count"], r["page"], r["page_size"]) == (4, 2, 2)
    assert [u["rank"] for u in r["units"]] == [3, 4]
    assert r["total"]["projects"] == 36 + 3 * 2
    one = admin.get("/api/v1/evaluation", {"page_size": 1, "department_page": 2}).json()
    assert one["department_count"] == 2 and len(one["departments"]) == 1
    assert one["total"] == r["total"]  # the total covers every unit on every page
    assert admin.get("/api/v1/evaluation", {"page_size": 0}).status_code == 400
    page = admin.get(reverse("monitoring:ranking"), {"page": "99999999999"})
    assert page.status_code == 200 and page.context["ranking"].page == 1
