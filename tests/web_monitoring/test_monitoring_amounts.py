"""Monitoring and evaluation amounts: bounded on entry (by hand and from files), formatted
by the core, shown in the display unit (万元) whatever unit the document keeps; a bad stored
payment amount does not take the pages down."""

from __future__ import annotations

import copy
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from jixiao.web.monitoring.models import Payment, SelfEvaluation

pytestmark = pytest.mark.django_db

P1 = "13021322P00000410179E"


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("123456789012345678", "超出范围"),
        ("100000000", "应小于 100,000,000 万元"),  # 1 万亿元 in the document's 万元
        ("1e3", "不是数字"),
        ("0.1234567", "小数位过多"),
    ],
)
def test_a_payment_out_of_bounds_is_refused(login, users, project, amount, message):
    client = login(users.alice)
    url = reverse("monitoring:payment_add", args=[project.pk])
    r = client.post(url, {"date": "2022-04-01", "amount": amount}, follow=True)
    assert message in text_of(r)
    assert Payment.objects.count() == 0


def test_a_payment_date_out_of_range_is_refused(login, users, project):
    client = login(users.alice)
    url = reverse("monitoring:payment_add", args=[project.pk])
    r = client.post(url, {"date": "9999-04-01", "amount": "1"}, follow=True)
    assert "超出范围" in text_of(r) and Payment.objects.count() == 0


def test_a_payments_file_with_an_amount_out_of_bounds_is_refused(login, users, org, seeded):
    client = login(users.alice)
    csv = f"日期,项目编码,金额\n2022-03-15,{P1},3000\n2022-03-16,{P1},1e18\n"
    url = reverse("monitoring:payments_import", args=[org.unit_a.pk])
    f = SimpleUploadedFile("payments.csv", csv.encode("utf-8"), content_type="text/csv")
    r = client.post(url, {"file": f, "unit": "元", "year": "2022"}, follow=True)
    text = text_of(r)
    assert "第 3 行" in text and "不是数字" in text
    assert Payment.objects.count() == 0


def test_evaluation_amounts_out_of_bounds_are_refused(login, users, project):
    client = login(users.alice)
    url = reverse("monitoring:evaluation", args=[project.pk])
    r = client.post(url, {"budget_adjusted": "123456789012345678", "executed": "1"}, follow=True)
    assert "超出范围" in text_of(r)
    assert not SelfEvaluation.objects.exists()


def test_payment_amounts_are_formatted_by_the_core(login, users, project):
    client = login(users.alice)
    url = reverse("monitoring:payment_add", args=[project.pk])
    client.post(url, {"date": "2022-04-01", "amount": "0.8"})
    client.post(url, {"date": "2022-04-02", "amount": "-0.5"})
    r = client.get(reverse("monitoring:project", args=[project.pk]), {"as_of": "2022-04-30"})
    amounts = re.findall(r'<td class="num">([^<]*)</td>', r.content.decode())
    assert "0.80" in amounts and "-0.50" in amounts


@pytest.fixture
def in_yuan(org, users, seed_doc):
    """The seed converted to 元 and imported for unit B (15.96 万元 → 159,600 元)."""
    from jixiao.core.amounts import convert
    from jixiao.web.accounts.services import create_user
    from jixiao.web.goals.imports import import_document
    from jixiao.web.goals.models import APPROVED

    doc = copy.deepcopy(seed_doc)
    doc.money_unit = "元"
    for p in doc.projects:
        for key in ("total", "fiscal", "other"):
            value = getattr(p.budget, key)
            if value is not None:
                setattr(p.budget, key, convert(value, "万元", "元"))
    eve = users.eve
    create_user  # noqa: B018 - eve is unit B's 填报人
    document = import_document(doc, eve, org.unit_b, source_name="yuan.txt")
    document.projects.update(status=APPROVED)  # monitored (approved projects only)
    return document


def test_a_document_in_yuan_is_listed_in_wan_yuan(login, users, seeded, in_yuan):
    client = login(users.bob)
    r = client.get("/projects/", {"q": "城管", "per": "100"})
    text = text_of(r)
    assert "预算数（万元）" in text
    rows = re.findall(r'<tr data-project="\d+">.*?</tr>', r.content.decode(), re.S)
    figures = [re.findall(r'<td class="num">([^<]*)</td>', row)[0] for row in rows]
    assert figures and set(figures) == {"15.96"}  # both units' copies, in 万元


def test_monitoring_totals_of_a_yuan_document_are_in_wan_yuan(login, users, org, in_yuan):
    client = login(users.bob)
    r = client.get(reverse("monitoring:unit", args=[org.unit_b.pk]), {"as_of": "2022-06-30"})
    text = text_of(r)
    assert f"预算合计 {in_yuan_total(in_yuan)} 万元" in text
    assert "预算数（万元）" in text


def in_yuan_total(document) -> str:
    from jixiao.core.amounts import convert, format_amount

    total = sum(p.budget_total for p in document.projects.all() if p.budget_total is not None)
    return format_amount(convert(total, "元", "万元"))


def test_a_bad_stored_payment_amount_does_not_break_the_pages(login, users, org, project):
    client = login(users.alice)
    url = reverse("monitoring:payment_add", args=[project.pk])
    client.post(url, {"date": "2022-04-01", "amount": "1"})
    with connection.cursor() as cursor:
        cursor.execute("UPDATE monitoring_payment SET amount = %s", ["1e999999"])
    for user in (users.alice, users.bob, users.carol, users.dave):
        client = login(user)
        for page in (
            reverse("monitoring:project", args=[project.pk]),
            reverse("monitoring:unit", args=[org.unit_a.pk]),
            reverse("monitoring:evaluation", args=[project.pk]),
        ):
            assert client.get(page).status_code in (200, 403, 404), (user, page)
    client = login(users.alice)
    r = client.get(reverse("monitoring:project", args=[project.pk]))
    assert "数值有误" in r.content.decode() and "1e999999" in r.content.decode()


def test_a_user_who_chooses_yuan_sees_wan_yuan_budgets_times_ten_thousand(
    login, users, org, monitored, in_yuan
):
    client = login(users.bob)
    r = client.post(reverse("display_unit"), {"display_unit": "元"}, follow=True)
    assert "金额显示单位已改为元" in text_of(r)
    # The list: the 万元 document's 15.96 and the 元 document's 159600 both read 159,600.00.
    r = client.get("/projects/", {"q": "城管", "per": "100"})
    assert "预算数（元）" in text_of(r)
    rows = re.findall(r'<tr data-project="\d+">.*?</tr>', r.content.decode(), re.S)
    figures = {re.findall(r'<td class="num">([^<]*)</td>', row)[0] for row in rows}
    assert len(rows) == 2 and figures == {"159,600.00"}
    # Monitoring of the 万元 document (unit A): the total ×10,000 exactly, under a 元 heading.
    r = client.get(reverse("monitoring:unit", args=[org.unit_a.pk]), {"as_of": "2022-06-30"})
    text = text_of(r)
    from jixiao.core.amounts import format_amount

    wan = monitored.projects.exclude(budget_total=None)
    total = sum(p.budget_total for p in wan)
    assert f"预算合计 {format_amount(total * 10000, '元')} 元" in text
    assert "预算数（元）" in text and "预算数（万元）" not in text


def test_the_display_unit_is_per_user(login, users, seeded):
    login(users.bob).post(reverse("display_unit"), {"display_unit": "元"})
    r = login(users.carol).get("/projects/")
    assert "预算数（万元）" in text_of(r)


def test_an_unknown_display_unit_is_refused(login, users, seeded):
    client = login(users.bob)
    r = client.post(reverse("display_unit"), {"display_unit": "亿元"}, follow=True)
    assert "金额显示单位只能是 万元或元" in text_of(r)
    r = client.get("/projects/")
    assert "预算数（万元）" in text_of(r)
