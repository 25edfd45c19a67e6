"""A project not yet evaluated is 未开始 on every page and export, never 0.00 差; unit and
ranking figures say how many projects they cover; missing parts are named in Chinese."""

from __future__ import annotations

import io

from django.urls import reverse


def evaluate_fully(client, row):
    data = {
        "budget_initial": str(row.budget_total),
        "budget_adjusted": str(row.budget_total),
        "executed": str(row.budget_total),
    }
    for n in range(1, row.indicators.count() + 1):
        data[f"actual-{n}"] = "100"
    client.post(reverse("monitoring:evaluation", args=[row.pk]), data)


def test_project_page_names_what_is_missing_in_chinese(login, users, project):
    body = login(users.alice).get(reverse("monitoring:evaluation", args=[project.pk]))
    text = body.content.decode()
    assert "actual:1" not in text
    assert "全年预算数或全年执行数、第 1 个指标的实际完成值" in text
    assert '<span class="grade" id="grade">未开始</span>' in text
    assert '<span class="grade" id="total-score">—</span>' in text


def test_unit_page_says_not_started_and_coverage(login, users, org, seeded):
    alice = login(users.alice)
    evaluate_fully(alice, seeded.projects.get(seq=1))
    r = alice.get(reverse("monitoring:evaluation_unit", args=[org.unit_a.pk]))
    text = r.content.decode()
    assert "已评 1/36" in text
    assert "差（未完成）" not in text and "0.00</td><td>差" not in text
    assert text.count(">未开始<") == 35


def test_unit_page_with_nothing_evaluated_shows_no_zero_execution(login, users, org, seeded):
    text = login(users.alice).get(reverse("monitoring:evaluation_unit", args=[org.unit_a.pk]))
    body = text.content.decode()
    assert '<dd id="unit-execution">—（已评 0/36：只计已保存自评的项目' in body
    assert "0.00 / 0.00" not in body


def test_ranking_says_coverage(login, users, org, seeded):
    evaluate_fully(login(users.alice), seeded.projects.get(seq=1))
    text = login(users.bob).get(reverse("monitoring:ranking")).content.decode()
    assert "已评 1/36" in text


def test_unit_export_says_not_started(login, users, org, seeded):
    import openpyxl

    alice = login(users.alice)
    evaluate_fully(alice, seeded.projects.get(seq=1))
    url = reverse("monitoring:evaluation_unit_export", args=[org.unit_a.pk, "xlsx"])
    r = alice.get(url, {"year": "2022"})
    body = r.content
    ws = openpyxl.load_workbook(io.BytesIO(body)).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert values.count("未开始") == 35
    assert "差（未完成）" not in values


def test_export_file_names_say_unit_year_and_content(login, users, org, project):
    from urllib.parse import unquote

    def name(r):
        return unquote(r["Content-Disposition"].split("filename*=utf-8''")[-1])

    alice = login(users.alice)
    r = alice.get(reverse("monitoring:evaluation_export", args=[project.pk, "pdf"]))
    assert name(r) == (
        "314003-唐山市曹妃甸区希望路街道办事处-2022年度-13021322P00000410179E-"
        "残疾人专职委员队伍建设-项目支出绩效自评表.pdf"
    )
    url = reverse("monitoring:evaluation_unit_export", args=[org.unit_a.pk, "xlsx"])
    assert name(alice.get(url, {"year": "2022"})).endswith("-2022年度-绩效自评汇总表.xlsx")
    r = alice.get(url, {"year": "2022", "all": "1"})
    assert name(r).endswith("-2022年度-绩效自评汇总表及项目支出绩效自评表.xlsx")
