"""The department-wide self-evaluation page (部门整体支出绩效自评): the score shown is the
core's `score_department` on the stored inputs, the budget line is the projects' roll-up,
only the unit's 填报人 writes (in the self-evaluation period), every save is audited, and
the 部门整体支出绩效自评表 exports."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from jixiao.core.actual_values import parse_actual
from jixiao.core.evaluation import Actual, department_execution, score_department
from jixiao.core.formats.json_io import indicator_to_dict
from jixiao.core.model import Indicator
from jixiao.core.rates import execution_rate, q2
from jixiao.core.targets import parse_target
from jixiao.web.audit.models import AuditEntry
from jixiao.web.department_evaluation.models import DepartmentEvaluation
from jixiao.web.monitoring import data
from jixiao.web.monitoring.data import unit_evaluation
from jixiao.web.monitoring.services import save_evaluation

D = Decimal
INDICATORS = [
    Indicator("产出指标", "数量指标", "完成重点任务数", None, parse_target("≥10项"), "计划标准"),
    Indicator("效益指标", "社会效益指标", "群众办事满意率提升", None, parse_target("≥90%"), None),
    Indicator("满意度指标", "服务对象满意度指标", "居民满意度", None, parse_target("≥90%"), None),
]
FORM = {
    "budget_reason": "",
    "achieved": "完成年度重点工作",
    "actual-1": "10项",
    "actual-2": "81%",
    "actual-3": "达成",
    "reason-2": "部分事项下半年才上线",
}


@pytest.fixture
def document(seeded):
    seeded.department_indicators = [indicator_to_dict(i) for i in INDICATORS]
    seeded.save(update_fields=["department_indicators"])
    return seeded


def url(document, name="page", *args):
    return reverse(f"department_evaluation:{name}", args=[document.pk, *args])


def test_the_unit_enters_and_sees_the_cores_score(login, users, document):
    client = login(users.alice)
    r = client.get(url(document))
    assert r.status_code == 200 and r.context["can_write"]
    assert r.context["score"].status == "not_started"
    assert client.post(url(document), FORM).status_code == 302
    shown = client.get(url(document)).context["score"]
    projects = unit_evaluation(document).report.projects
    expected = score_department(
        INDICATORS,
        {n: Actual("部门整体", n, parse_actual(FORM[f"actual-{n}"])) for n in (1, 2, 3)},
        department_execution(projects),
    )
    assert (shown.score, shown.grade, shown.missing) == (
        expected.score,
        expected.grade,
        expected.missing,
    )
    # By hand: 50 + 81/90 × 30 = 27.00 + 达成 0.9 × 10 = 9.00; no project has figures yet.
    assert [ln.score for ln in shown.lines] == [D("50.00"), D("27.00"), D("9.00")]
    assert shown.missing == ["projects:36"]
    entry = AuditEntry.objects.get(action="department_evaluation.save")
    assert entry.user == users.alice and "完成年度重点工作" in str(entry.new)


def test_execution_is_the_projects_roll_up(login, users, document):
    client = login(users.alice)
    client.post(url(document), FORM)
    p1, p2 = document.projects.get(seq=1), document.projects.get(seq=2)
    # 全年预算数 is each project's budget (the version in force); only 执行数 is entered.
    save_evaluation(p1, users.alice, executed=D("2.00"))
    save_evaluation(p2, users.alice, executed=p2.budget_total)
    r = client.get(url(document))
    ex = r.context["execution"]
    budget = p1.budget_total + p2.budget_total
    assert (ex.budget_adjusted, ex.executed, ex.coverage) == (
        budget,
        D("2.00") + p2.budget_total,
        "已计 2/36",
    )
    assert r.context["score"].execution_rate == execution_rate(ex.executed, budget)
    assert r.context["score"].budget_score == q2(ex.executed / budget * 10)
    assert "已计 2/36" in r.content.decode()


def test_unit_page_shows_department_beside_project_average(login, users, document):
    client = login(users.alice)
    client.post(url(document), FORM)
    r = client.get(reverse("monitoring:evaluation_unit", args=[document.unit.pk]))
    body = r.content.decode()
    result = r.context["result"]
    assert result.department_coverage == "已评 0/1"  # projects' figures still missing
    assert result.coverage == "已评 0/37"
    assert 'id="department-result"' in body and "已评 0/36" in body and "已评 0/37" in body
    assert url(document) in body


def test_reviewers_read_only_and_outsiders_see_nothing(login, users, document):
    login(users.alice).post(url(document), FORM)
    for user in (users.bob, users.dave, users.carol):
        client = login(user)
        r = client.get(url(document))
        assert r.status_code == 200 and not r.context["can_write"]
        assert "<fieldset disabled>" in r.content.decode()
        assert client.post(url(document), {**FORM, "achieved": "改了"}).status_code == 403
    for user in (users.eve, users.frank):
        assert login(user).get(url(document)).status_code == 404
        assert login(user).post(url(document), FORM).status_code == 404
    assert DepartmentEvaluation.objects.get().achieved == "完成年度重点工作"


def test_bad_value_stores_nothing(login, users, document):
    r = login(users.alice).post(url(document), {**FORM, "actual-2": "很多"})
    assert r.status_code == 400
    assert "实际完成值“很多”" in r.context["errors"]["line-2-actual"]
    assert r.context["form"]["achieved"] == FORM["achieved"]
    assert not DepartmentEvaluation.objects.exists()
    assert not AuditEntry.objects.filter(action="department_evaluation.save").exists()


def test_not_before_the_year_has_ended(login, users, document):
    document.year = datetime.date.today().year
    document.save(update_fields=["year"])
    client = login(users.alice)
    r = client.get(url(document))
    assert not r.context["can_write"] and "年度结束后" in r.content.decode()
    r = client.post(url(document), FORM)
    assert r.status_code == 400 and "年度结束后" in r.context["errors"]["period"]
    assert not DepartmentEvaluation.objects.exists()


def test_export_in_the_official_layout(login, users, document):
    client = login(users.alice)
    client.post(url(document), FORM)
    r = client.get(url(document, "export", "xlsx"))
    assert r.status_code == 200
    assert (
        "部门整体支出绩效自评表" in r["Content-Disposition"]
        or "attachment" in r["Content-Disposition"]
    )
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    cells = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert cells[0] == "部门整体支出绩效自评表"
    for text in (
        "年度资金总额",
        "其中：基本支出",
        "项目支出",
        "完成重点任务数",
        "部分事项下半年才上线",
    ):
        assert text in cells
    assert login(users.eve).get(url(document, "export", "xlsx")).status_code == 404
    assert client.get(url(document, "export", "exe")).status_code == 404


def test_department_page_links_here(login, users, document):
    body = login(users.bob).get(reverse("department", args=[document.pk])).content.decode()
    assert url(document) in body


def test_a_document_without_department_indicators(login, users, seeded):
    r = login(users.alice).get(url(seeded))
    assert r.status_code == 200 and 'id="no-indicators"' in r.content.decode()
    assert "indicators" in r.context["score"].missing


def test_the_unit_export_of_all_tables_includes_the_department(login, users, document):
    client = login(users.alice)
    client.post(url(document), FORM)
    export = reverse("monitoring:evaluation_unit_export", args=[document.unit.pk, "xlsx"])
    book = openpyxl.load_workbook(io.BytesIO(client.get(export, {"all": "1"}).content))
    assert book.sheetnames[:2] == ["汇总", "部门整体"]
    assert book["部门整体"]["A1"].value == "部门整体支出绩效自评表"
    assert len(book.sheetnames) == 2 + 36
    summary_only = openpyxl.load_workbook(io.BytesIO(client.get(export).content))
    assert summary_only.sheetnames == ["汇总"]


def test_the_ranking_shows_the_department_score(login, users, document):
    login(users.alice).post(url(document), FORM)
    r = login(users.bob).get(reverse("monitoring:ranking"))
    (row,) = r.context["rows"]
    assert row["department"].score == D("86.00")  # 50 + 27 + 9, budget line missing
    assert "86.00（未完成）" in r.content.decode()


def test_the_ranking_reads_department_evaluations_at_once(login, users, document):
    """The ranking's query count does not grow with the documents ranked (the department
    evaluations are read in one query, not one per document) and the scores are the same."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jixiao.core.generate import GeneratorOptions, generate_documents
    from jixiao.web.goals import bulk
    from jixiao.web.orgs.models import Unit
    from jixiao.web.orgs.services import ensure_unit

    login(users.alice).post(url(document), FORM)

    def ranked():
        data.ranking(Unit.objects.all())  # stores the scores of new documents
        with CaptureQueriesContext(connection) as queries:
            result = data.ranking(Unit.objects.all())
        return len(queries), result

    before, _ = ranked()
    year = document.year
    bulk.store_documents(
        [
            bulk.Pending(doc, ensure_unit(doc.unit.code or "", doc.unit.name), "x.txt")
            for doc in generate_documents(GeneratorOptions(4, 2, seed=3, year=year))
        ],
        None,
    )
    after, result = ranked()
    assert after == before and len(result.rows) == 5
    (row,) = [r for r in result.rows if r.document.pk == document.pk]
    assert row.department.score == D("86.00")


def test_texts_beyond_the_bounds_are_refused_and_store_nothing(login, users, document):
    client = login(users.alice)
    r = client.post(url(document), {**FORM, "achieved": "完" * 20001, "reason-2": "因" * 20001})
    assert r.status_code == 400
    assert "实际完成情况：文字过长（20001 字，最多 20000 字）" in r.context["errors"]["achieved"]
    assert "第 2 个指标的偏差原因分析：文字过长" in r.context["errors"]["line-2-reason"]
    assert not DepartmentEvaluation.objects.exists()


def test_a_reason_taller_than_a_page_still_exports_to_pdf(login, users, document):
    client = login(users.alice)
    assert client.post(url(document), {**FORM, "reason-2": "因" * 3000}).status_code == 302
    r = client.get(url(document, "export", "pdf"))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
