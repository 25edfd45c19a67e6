"""One region, two units: the seed in 万元 (unit A) and the same document in 元 (unit B),
the same payments and self-evaluations. Every page, API response and export shows the same
rates, statuses and colours for both, and totals that agree once converted (×10000).

Coordination is through core functions only (`monitor`, `score_project`, `rollup`,
`execution_rate`); the test never recomputes a rule itself.
"""

from __future__ import annotations

import copy
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

D = Decimal
TEN_THOUSAND = D(10000)
AS_OF = "2022-06-30"
P1, P2 = "13021322P00000410179E", "13021322P000004101777"
PAYMENTS = (
    "日期,项目编码,金额,摘要\n"
    f"2022-03-15,{P1},3000,发放 1 季度工资\n"
    f"2022-05-10,{P2},95760,城管人员工资\n"
    f"2022-06-20,{P2},-760,退回多发工资\n"
    f"2022-08-20,{P1},4000,下半年工资\n"
).encode()


def in_yuan(doc):
    """The same document kept in 元 (every amount × 10000)."""
    out = copy.deepcopy(doc)
    out.money_unit = "元"
    for p in out.projects:
        b = p.budget
        p.budget = type(b)(
            *(None if v is None else v * TEN_THOUSAND for v in (b.total, b.fiscal, b.other))
        )
    return out


@pytest.fixture
def region(org, users, seed_doc):
    from jixiao.web.goals.imports import import_document
    from jixiao.web.goals.models import APPROVED
    from jixiao.web.monitoring import services

    wan = import_document(seed_doc, users.alice, org.unit_a, source_name="万元.txt")
    yuan = import_document(in_yuan(seed_doc), users.eve, org.unit_b, source_name="元.txt")
    for document in (wan, yuan):  # approved: monitoring follows approved projects only
        document.projects.update(status=APPROVED)
    for document, user in ((wan, users.alice), (yuan, users.eve)):
        services.import_payments(document, PAYMENTS, "支付.csv", user, "元")
        factor = D(1) if document.money_unit == "万元" else TEN_THOUSAND
        p1 = document.projects.get(seq=1)
        lines = [services.LineInput(n, "100") for n in range(1, p1.indicators.count() + 1)]
        # Project 1 complete: executed = its payments of the year (0.7 万元).
        services.save_evaluation(
            p1,
            user,
            budget_initial=p1.budget_total,
            budget_adjusted=p1.budget_total,
            executed=D("0.7") * factor,
            budget_reason="人员到岗晚",
            lines=lines,
        )
        # Project 2 partly entered (budget figures only): provisional.
        p2 = document.projects.get(seq=2)
        services.save_evaluation(
            p2,
            user,
            budget_adjusted=p2.budget_total,
            executed=D("9.5") * factor,
        )
    return wan, yuan


def factor_of(document):
    return D(1) if document.money_unit == "万元" else TEN_THOUSAND


def test_monitoring_pages_agree_for_both_money_units(login, users, org, region):
    wan, yuan = region
    bob = login(users.bob)
    pages = {}
    for document in region:
        r = bob.get(reverse("monitoring:unit", args=[document.unit_id]), {"as_of": AS_OF})
        pages[document.money_unit] = r
    a, b = pages["万元"].context, pages["元"].context
    # Rates, plan percentages and colours: identical, project by project and in total.
    assert [
        (ln["row"].seq, ln["s"].execution_rate, ln["s"].expected_percent, ln["color"])
        for ln in a["lines"]
    ] == [
        (ln["row"].seq, ln["s"].execution_rate, ln["s"].expected_percent, ln["color"])
        for ln in b["lines"]
    ]
    ta, tb = a["totals"], b["totals"]
    assert (ta.execution_rate, ta.expected_percent, ta.color, ta.colors, ta.forecast_rate) == (
        tb.execution_rate,
        tb.expected_percent,
        tb.color,
        tb.colors,
        tb.forecast_rate,
    )
    # Amounts agree once converted.
    assert ta.budget * TEN_THOUSAND == tb.budget and ta.executed * TEN_THOUSAND == tb.executed
    # The project page says what the unit page says.
    for document, page in ((wan, pages["万元"]), (yuan, pages["元"])):
        row = document.projects.get(seq=1)
        line = next(ln for ln in page.context["lines"] if ln["row"].seq == 1)
        r = bob.get(reverse("monitoring:project", args=[row.pk]), {"as_of": AS_OF})
        assert (r.context["s"].execution_rate, r.context["color"]) == (
            line["s"].execution_rate,
            line["color"],
        )
        # …and so does the core on the stored rows.
        from jixiao.web.monitoring import data

        m = data.unit_monitoring(document, datetime.date.fromisoformat(AS_OF))
        assert m.report.totals.execution_rate == page.context["totals"].execution_rate
    # Every colour shown is explained by the legend on the page.
    from jixiao.core.scales import COLOR_LABELS

    body = pages["元"].content.decode()
    for color in {ln["color"] for ln in b["lines"] if ln["color"]}:
        assert f'data-color="{color}">{COLOR_LABELS[color]}</span></dt>' in body


def test_api_budgets_agree_with_monitoring(login, users, org, region):
    from jixiao.web.monitoring import data

    bob = login(users.bob)
    totals = []
    for document in region:
        r = bob.get("/api/v1/projects", {"unit": document.unit.code, "page_size": 100})
        results = r.json()["results"]
        assert len(results) == 36
        total = sum(D(p["budget_total"]) for p in results if p["budget_total"])
        m = data.unit_monitoring(document, datetime.date.fromisoformat(AS_OF))
        assert total == m.report.totals.budget
        totals.append(total)
    assert totals[0] * TEN_THOUSAND == totals[1]


def test_evaluation_pages_ranking_and_exports_agree(login, users, org, region):
    import openpyxl

    bob = login(users.bob)
    seen = {}
    for document in region:
        r = bob.get(reverse("monitoring:evaluation_unit", args=[document.unit_id]), {"year": 2022})
        rows = [
            (s.seq, s.status, s.grade_text, s.score_text, s.execution_rate)
            for _, s in r.context["lines"]
        ]
        roll = r.context["rollup"]
        url = reverse("monitoring:evaluation_unit_export", args=[document.unit_id, "xlsx"])
        ws = openpyxl.load_workbook(io.BytesIO(bob.get(url, {"year": 2022}).content)).active
        table = {
            row[0]: row
            for row in ws.iter_rows(min_row=2, values_only=True)
            if str(row[0]).isdigit()
        }
        for seq, _status, grade_text, score_text, rate in rows:
            exported = table[str(seq)]
            assert exported[-1] == grade_text  # 自评等级
            assert str(exported[-2]) in (
                score_text,
                str(D(score_text)) if score_text != "—" else "—",
            )
            assert (exported[5] or "") == ("" if rate is None else f"{rate}%")
        seen[document.money_unit] = (
            rows,
            roll.coverage,
            roll.execution_rate,
            roll.weighted_average,
        )
        # The unit page says how many projects its figures cover.
        assert roll.coverage in r.content.decode()
    assert seen["万元"] == seen["元"]
    rows, coverage, rate, average = seen["万元"]
    statuses = {seq: status for seq, status, *_ in rows}
    assert (statuses[1], statuses[2], statuses[3]) == ("complete", "provisional", "not_started")
    assert coverage == "已评 1/36"
    # The ranking shows both units with the same figures as their pages.
    r = bob.get(reverse("monitoring:ranking"), {"year": 2022})
    ranked = {row["unit"].code: row["rollup"] for row in r.context["rows"]}
    for code in ("314003", "315001"):
        assert (
            ranked[code].coverage,
            ranked[code].execution_rate,
            ranked[code].weighted_average,
        ) == (
            coverage,
            rate,
            average,
        )


def test_one_execution_rate_for_the_same_date(login, users, org, region):
    """Project 1's 执行率 at year end: monitoring (payments) and the self-evaluation
    (全年执行数 = those payments) give the same figure, in both money units."""
    bob = login(users.bob)
    for document in region:
        row = document.projects.get(seq=1)
        r = bob.get(reverse("monitoring:project", args=[row.pk]), {"as_of": "2022-12-31"})
        monitored = r.context["s"].execution_rate
        e = bob.get(reverse("monitoring:evaluation", args=[row.pk]))
        assert e.context["score"].execution_rate == monitored == D("30.70")


def test_api_monitoring_evaluation_and_ranking_agree_with_the_pages(login, users, org, region):
    """The typed API (`jixiao.web.monitoring.api`) shows what the pages show, and its totals
    are in 万元 for both units, so they are equal."""
    bob = login(users.bob)
    totals = {}
    for document in region:
        code = document.unit.code
        api = bob.get("/api/v1/monitoring", {"unit": code, "year": 2022, "as_of": AS_OF}).json()
        page = bob.get(reverse("monitoring:unit", args=[document.unit_id]), {"as_of": AS_OF})
        assert [
            (p["project"]["seq"], p["execution_rate"], p["expected_rate"], p["color"])
            for p in api["projects"]
        ] == [
            (
                ln["row"].seq,
                None if ln["s"].execution_rate is None else format(ln["s"].execution_rate, "f"),
                format(ln["s"].expected_percent, "f"),
                ln["color"],
            )
            for ln in page.context["lines"]
        ]
        t = page.context["totals"]
        factor = factor_of(document)
        assert api["totals"]["unit"] == "万元"
        assert D(api["totals"]["budget"]) * factor == t.budget
        assert D(api["totals"]["paid"]) * factor == t.executed
        assert D(api["totals"]["execution_rate"]) == t.execution_rate
        totals[document.money_unit] = {k: v for k, v in api["totals"].items()}
        # A project's self-evaluation: the API's status, score and grade are the page's.
        for seq in (1, 2, 3):
            row = document.projects.get(seq=seq)
            e = bob.get(f"/api/v1/projects/{row.pk}/evaluation").json()
            s = bob.get(reverse("monitoring:evaluation", args=[row.pk])).context["score"]
            assert (e["status"], e["grade_text"], e["execution_rate"]) == (
                s.status,
                s.grade_text,
                None if s.execution_rate is None else format(s.execution_rate, "f"),
            )
            assert (e["score"] is None) == (s.score_text == "—")
    assert totals["万元"] == totals["元"]
    ranking = bob.get("/api/v1/evaluation", {"year": 2022}).json()
    page = bob.get(reverse("monitoring:ranking"), {"year": 2022}).context
    assert [
        (u["unit"]["code"], u["rollup"]["coverage"], u["rollup"]["weighted_average"])
        for u in ranking["units"]
    ] == [
        (r["unit"].code, r["rollup"].coverage, format(r["rollup"].weighted_average, "f"))
        for r in page["rows"]
    ]
    assert [(u["rollup"]["evaluated"], u["rollup"]["projects"]) for u in ranking["units"]] == [
        (1, 36),
        (1, 36),
    ]
    # Roll-ups over both units add their budgets in 万元 (2.28 万元 + 22,800 元).
    assert (ranking["total"]["budget_adjusted"], ranking["total"]["unit"]) == ("4.56", "万元")
    assert ranking["total"]["coverage"] == page["total"].coverage == "已评 2/72"
    assert page["total"].budget_adjusted == D("4.56")
