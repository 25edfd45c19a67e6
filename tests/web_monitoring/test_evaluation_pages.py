"""Self-evaluation pages: the score shown is the core's `evaluate` on the same inputs; the
reasons the rules require are asked for; the 自评表 and the unit summary export; ranking."""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from jixiao.core.actual_values import parse_actual
from jixiao.core.evaluation import Actual, BudgetRecord, evaluate
from jixiao.web.audit.models import AuditEntry
from jixiao.web.monitoring.models import SelfEvaluation

D = Decimal
REASON_1 = "年中 2 人离职，下半年已补录"
FORM = {
    "budget_initial": "2.28",
    "budget_adjusted": "2.28",
    "executed": "2.00",
    "budget_reason": "",
    "achieved": "完成社区残疾人保障工作",
    "actual-1": "80",
    "actual-2": "100",
    "actual-3": "达成",
    "reason-1": REASON_1,
}


def page(client, project):
    return client.get(reverse("monitoring:evaluation", args=[project.pk]))


def save(client, project, **changes):
    data = {**FORM, **changes}
    return client.post(reverse("monitoring:evaluation", args=[project.pk]), data)


def core_score(seed_doc, actuals, budget, weights=None):
    """What the core says for project 1 of the seed, from the same inputs."""
    doc = seed_doc
    if weights:
        p = doc.projects[0]
        indicators = [
            dataclasses.replace(ind, weight=D(weights[n])) if n in weights else ind
            for n, ind in enumerate(p.indicators, start=1)
        ]
        doc = dataclasses.replace(
            doc, projects=[dataclasses.replace(p, indicators=indicators), *doc.projects[1:]]
        )
    code = doc.projects[0].code
    records = [Actual(code, n, parse_actual(v)) for n, v in actuals.items()]
    budgets = [BudgetRecord(code, *map(D, budget))] if budget else []
    return evaluate(doc, records, budgets).projects[0]


def test_first_visit_suggests_the_budget(login, users, project):
    r = page(login(users.alice), project)
    assert r.status_code == 200
    assert r.context["form"]["budget_adjusted"] == "2.28"
    assert r.context["score"].missing[0] == "budget"
    # The funds are filled in on the form: the page says they are unsaved suggestions,
    # not that the budget is missing.
    body = r.content.decode()
    assert "尚未保存，评分还缺：全年预算数或全年执行数" in body
    assert "下方已按批复的预算数和已录入的支付记录预填项目资金" in body
    assert "评分未完成" not in body
    # Saved without the actual values: now the score says what it lacks.
    client = login(users.alice)
    client.post(
        f"/evaluation/projects/{project.pk}/",
        {"budget_initial": "2.28", "budget_adjusted": "2.28", "executed": "2"},
    )
    assert "评分未完成，缺：第 1 个指标的实际完成值" in page(client, project).content.decode()


def test_score_shown_is_the_cores(login, users, project, seed_doc):
    client = login(users.alice)
    assert save(client, project).status_code == 302
    r = page(client, project)
    expected = core_score(seed_doc, {1: "80", 2: "100", 3: "达成"}, ("2.28", "2.28", "2.00"))
    shown = r.context["score"]
    assert (shown.score, shown.grade) == (expected.score, expected.grade)
    assert [ln.score for ln in shown.lines] == [ln.score for ln in expected.lines]
    # By hand: budget 2.00/2.28 (the version in force) → 8.77; 80/100 × 50 → 40.00; 30.00; 达成 at 0.9 × 10 → 9.00.
    assert (shown.score, shown.grade) == (D("87.77"), "良")
    body = r.content.decode()
    assert '<span class="grade" id="total-score">87.77</span>' in body
    assert '<span class="grade" id="grade">良</span>' in body


def test_reasons_required_are_shown(login, users, project):
    client = login(users.alice)
    save(client, project, **{"reason-1": ""})
    r = page(client, project)
    kinds = {(x.kind, x.indicator, bool(x.given)) for x in r.context["score"].reasons_required}
    assert kinds == {("execution_low", None, False), ("missed", 1, False)}
    body = r.content.decode()
    assert "执行率低于 90%，需说明" in body and "（尚未说明）" in body
    save(client, project, budget_reason="资金拨付滞后")
    r = page(client, project)
    assert all(x.given for x in r.context["score"].reasons_required)
    assert "（尚未说明）" not in r.content.decode()


def test_overachievement_needs_a_reason(login, users, project):
    client = login(users.alice)
    save(client, project, **{"actual-2": "130"})
    r = page(client, project)
    assert ("overachieved", 2) in {
        (x.kind, x.indicator) for x in r.context["score"].reasons_required
    }


def test_weight_per_indicator(login, users, project, seed_doc):
    client = login(users.alice)
    save(client, project, **{"weight-1": "40", "weight-2": "40"})
    shown = page(client, project).context["score"]
    expected = core_score(
        seed_doc,
        {1: "80", 2: "100", 3: "达成"},
        ("2.28", "2.28", "2.00"),
        weights={1: "40", 2: "40"},
    )
    assert [ln.weight for ln in shown.lines] == [ln.weight for ln in expected.lines]
    assert shown.score == expected.score
    assert shown.lines[0].weight == D(40)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"executed": "abc"}, "executed", "全年执行数：金额“abc”不是数字"),
        ({"budget_adjusted": "-1"}, "budget_adjusted", "全年预算数不能为负数"),
        ({"actual-2": "很多"}, "line-2-actual", "实际完成值“很多”"),
        ({"weight-1": "x"}, "line-1-weight", "不是数字"),
    ],
)
def test_bad_values_store_nothing(login, users, project, changes, field, message):
    client = login(users.alice)
    r = save(client, project, **changes)
    assert r.status_code == 400
    assert message in r.context["errors"][field]
    assert message in r.content.decode()
    # What was typed stays in the form.
    assert r.context["form"]["achieved"] == FORM["achieved"]
    assert SelfEvaluation.objects.count() == 0
    assert not AuditEntry.objects.filter(action="evaluation.save").exists()


def test_saving_again_replaces_and_audits(login, users, project):
    client = login(users.alice)
    save(client, project)
    save(client, project, **{"actual-1": "100", "reason-1": ""})
    evaluation = SelfEvaluation.objects.get()
    assert [a.actual for a in evaluation.actuals.all()] == ["100", "100", "达成"]
    entries = AuditEntry.objects.filter(action="evaluation.save").order_by("id")
    assert entries.count() == 2
    assert entries[1].old["lines"][0]["actual"] == "80"
    assert entries[1].new["lines"][0]["actual"] == "100"


# -- exports -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_export_self_evaluation_table(login, users, project, fmt):
    client = login(users.alice)
    save(client, project)
    r = client.get(reverse("monitoring:evaluation_export", args=[project.pk, fmt]))
    assert r.status_code == 200
    assert "attachment" in r["Content-Disposition"]
    text = extract(fmt, r.content)
    for expected in ("项目支出绩效自评表", "残疾人专职委员队伍建设", "87.77", REASON_1):
        assert expected in text, expected
    assert "完成社区残疾人保障工作" in text


def extract(fmt: str, data: bytes) -> str:
    if fmt == "docx":
        import docx

        d = docx.Document(io.BytesIO(data))
        cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in d.paragraphs] + cells)
    if fmt == "xlsx":
        import openpyxl

        from jixiao.core.formats.xlsx_io import number_text

        wb = openpyxl.load_workbook(io.BytesIO(data))
        return "\n".join(
            number_text(c.value, c.number_format)
            if isinstance(c.value, float | int)
            else str(c.value)
            for ws in wb.worksheets
            for row in ws.iter_rows()
            for c in row
            if c.value is not None
        )
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).replace("\n", "")


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_export_unit_summary(login, users, org, project, fmt):
    client = login(users.alice)
    save(client, project)
    url = reverse("monitoring:evaluation_unit_export", args=[org.unit_a.pk, fmt])
    text = extract(fmt, client.get(url).content)
    assert "项目支出绩效自评结果汇总表" in text and "87.77" in text
    assert "项目支出绩效自评表" not in text.replace("项目支出绩效自评结果汇总表", "")
    full = extract(fmt, client.get(url, {"all": "1"}).content)
    assert full.count("项目支出绩效自评表") >= 36


def test_unknown_format_is_404(login, users, project):
    client = login(users.alice)
    assert client.get(f"/evaluation/projects/{project.pk}/export/odt/").status_code == 404


# -- scope and roll-ups --------------------------------------------------------------------


@pytest.mark.parametrize("who", ["eve", "frank"])
def test_outsiders_get_404(login, users, org, project, who):
    client = login(getattr(users, who))
    assert page(client, project).status_code == 404
    assert save(client, project).status_code == 404
    url = reverse("monitoring:evaluation_export", args=[project.pk, "pdf"])
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("monitoring:evaluation_unit", args=[org.unit_a.pk])).status_code == 404
    )
    assert SelfEvaluation.objects.count() == 0


@pytest.mark.parametrize("who", ["bob", "carol", "dave"])
def test_readers_see_scores_and_cannot_save(login, users, project, who):
    save(login(users.alice), project)
    client = login(getattr(users, who))
    r = page(client, project)
    assert r.status_code == 200 and r.context["score"].score == D("87.77")
    assert "保存并计算得分" not in r.content.decode()
    assert save(client, project, **{"actual-1": "100"}).status_code == 403
    assert SelfEvaluation.objects.get().actuals.get(indicator=1).actual == "80"


def test_unit_summary_and_ranking(login, users, org, seeded, seed_doc):
    alice = login(users.alice)
    for seq in (1, 2):
        p = seeded.projects.get(seq=seq)
        data = {
            "budget_initial": str(p.budget_total),
            "budget_adjusted": str(p.budget_total),
            "executed": str(p.budget_total),
        }
        for n in range(1, p.indicators.count() + 1):
            data[f"actual-{n}"] = "100"
        alice.post(reverse("monitoring:evaluation", args=[p.pk]), data)
    r = alice.get(reverse("monitoring:evaluation_unit", args=[org.unit_a.pk]))
    roll = r.context["rollup"]
    assert (roll.projects, roll.complete) == (36, 2)
    assert (roll.average, roll.weighted_average) == (D("100.00"), D("100.00"))
    assert roll.grades["优"] == 2
    # The reviewer's ranking: unit A first (only unit with scores), department roll-ups.
    r = login(users.bob).get(reverse("monitoring:ranking"))
    assert [row["unit"].code for row in r.context["rows"]] == ["314003"]
    assert r.context["rows"][0]["rollup"].weighted_average == D("100.00")
    assert r.context["total"].grades["优"] == 2
    assert r.context["departments"][0]["rollup"].complete == 2
    # A unit's 填报人 is taken to its own unit; another reviewer sees nothing of unit A.
    r = login(users.alice).get(reverse("monitoring:ranking"))
    assert r.status_code == 302 and r["Location"].endswith(f"/units/{org.unit_a.pk}/")
    r = login(users.frank).get(reverse("monitoring:ranking"))
    assert r.context["rows"] == []


def test_saved_amounts_show_as_every_page_writes_them(login, users, project):
    """A typed ``2`` is shown back as ``2.00`` (`format_amount`), as lists show it; a
    refused save shows what was typed."""
    client = login(users.alice)
    save(client, project, budget_initial="2.28", budget_adjusted="2.28", executed="2")
    form = page(client, project).context["form"]
    assert (form["budget_initial"], form["executed"]) == ("2.28", "2.00")
    body = page(client, project).content.decode()
    assert 'name="executed" value="2.00"' in body
    r = save(client, project, executed="2x")
    assert r.context["form"]["executed"] == "2x"
