"""Monitoring pages: payments import (preview, then all or nothing), colours from the
core's `monitor`, manual payments, deviation reasons and indicator progress, scope."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from jixiao.web.audit.models import AuditEntry
from jixiao.web.monitoring.models import Deviation, IndicatorProgress, Payment

D = Decimal
P1, P2 = "13021322P00000410179E", "13021322P000004101777"
# P1: 3000 元 of a 2.28 万元 budget by 30 June (plan 50 %) → 13.16 % → red.
# P2: 95760 − 760 元 of 15.96 万元 (plan 60 %) → 59.52 % → ratio 99.2 → green.
CSV = (
    "日期,项目编码,金额,摘要\n"
    f"2022-03-15,{P1},3000,发放 1 季度工资\n"
    f"2022-05-10,{P2},95760,城管人员工资\n"
    f"2022-06-20,{P2},-760,退回多发工资\n"
    "2022-06-21,NOPE0001,100,不存在的项目\n"
    f"2021-12-31,{P1},500,上年度支出\n"
)


def upload(client, unit, text=CSV, name="payments.csv", money="元"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("monitoring:payments_import", args=[unit.pk])
    f = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(url, {"file": f, "unit": money, "year": "2022"})


def confirm(client, unit, response):
    token = response.context["token"]
    return client.post(
        reverse("monitoring:payments_confirm", args=[unit.pk]), {"token": token, "year": "2022"}
    )


def unit_page(client, unit, as_of="2022-06-30"):
    return client.get(reverse("monitoring:unit", args=[unit.pk]), {"as_of": as_of})


def color_of(response, seq):
    line = next(ln for ln in response.context["lines"] if ln["row"].seq == seq)
    return line["color"]


# -- import --------------------------------------------------------------------------------


def test_preview_stores_nothing_and_lists_every_row(login, users, org, seeded):
    client = login(users.alice)
    r = upload(client, org.unit_a)
    assert r.status_code == 200
    preview = r.context["preview"]
    assert (len(preview.matched), len(preview.unmatched), len(preview.out_of_year)) == (3, 1, 1)
    assert preview.refunds == 1 and preview.total == D("9.8")  # 万元: 0.3 + 9.576 − 0.076
    body = r.content.decode()
    assert "NOPE0001" in body and "2021-12-31" in body
    assert Payment.objects.count() == 0


def test_confirm_stores_matched_rows_and_reports_the_rest(login, users, org, seeded):
    client = login(users.alice)
    r = confirm(client, org.unit_a, upload(client, org.unit_a))
    assert r.status_code == 302
    assert Payment.objects.count() == 3
    amounts = sorted(Payment.objects.values_list("amount", flat=True))
    assert amounts == [D("-0.076"), D("0.3"), D("9.576")]
    page = client.get(r["Location"])
    text = page.content.decode()
    assert "已导入 3 条支付记录（其中退款 1 条）" in text
    assert "项目编码不在文档中 1 条" in text and "不在预算年度内 1 条" in text
    entry = AuditEntry.objects.get(action="payment.import")
    assert entry.username == "alice" and entry.new["stored"] == 3 and entry.new["unmatched"] == 1


def test_colours_after_import(login, users, org, monitored):
    client = login(users.alice)
    confirm(client, org.unit_a, upload(client, org.unit_a))
    r = unit_page(client, org.unit_a)
    assert color_of(r, 1) == "red"
    assert color_of(r, 2) == "green"
    s1 = next(ln["s"] for ln in r.context["lines"] if ln["row"].seq == 1)
    assert (s1.executed, s1.execution_rate, s1.expected_percent) == (D("0.3"), D("13.16"), D(50))
    # A project without payments is red by 30 June: nothing spent against 60 % planned.
    assert color_of(r, 3) == "red"
    red = r.context["totals"].colors["red"]
    assert red == sum(1 for ln in r.context["lines"] if ln["color"] == "red")
    assert f'<span class="card-number">{red}</span><span>红灯项目' in r.content.decode()


def test_before_the_first_checkpoint_nothing_is_late(login, users, org, monitored):
    r = unit_page(login(users.alice), org.unit_a, as_of="2022-02-15")
    assert r.context["totals"].colors["green"] == 36


def test_amounts_in_wan_yuan(login, users, org, seeded):
    client = login(users.alice)
    text = f"日期,项目编码,金额\n2022-03-01,{P1},1.14\n"
    confirm(client, org.unit_a, upload(client, org.unit_a, text, money="万元"))
    assert Payment.objects.get().amount == D("1.14")


def test_xlsx_payments(login, users, org, seeded):
    import io

    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["支付日期", "项目编码", "支付金额", "用途"])
    ws.append([datetime.date(2022, 4, 1), P1, 1500, "工资"])
    ws.append([datetime.date(2022, 4, 2), P1, -500, "退款"])
    buf = io.BytesIO()
    wb.save(buf)
    client = login(users.alice)
    f = SimpleUploadedFile("支付.xlsx", buf.getvalue())
    url = reverse("monitoring:payments_import", args=[org.unit_a.pk])
    r = client.post(url, {"file": f, "unit": "元", "year": "2022"})
    assert r.context["preview"].total == D("0.1")
    confirm(client, org.unit_a, r)
    assert sorted(Payment.objects.values_list("amount", flat=True)) == [D("-0.05"), D("0.15")]
    assert set(Payment.objects.values_list("source", flat=True)) == {"支付.xlsx"}


def test_bad_row_is_refused_with_its_line(login, users, org, seeded):
    client = login(users.alice)
    text = CSV + f"2022-07-01,{P1},三千,错误金额\n"
    r = upload(client, org.unit_a, text)
    assert r.status_code == 400
    assert "payments.csv" in r.context["error"] and "7" in r.context["error"]
    assert Payment.objects.count() == 0


def test_import_is_all_or_nothing(login, users, org, seeded, monkeypatch):
    from jixiao.web.monitoring import services

    client = login(users.alice)
    preview = upload(client, org.unit_a)

    def broken(*args, **kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services, "record", broken)
    with pytest.raises(RuntimeError):
        confirm(client, org.unit_a, preview)
    assert Payment.objects.count() == 0


def test_a_token_is_its_uploaders_only(login, users, org, seeded, client):
    from jixiao.web.accounts.services import create_user

    alice = login(users.alice)
    preview = upload(alice, org.unit_a)
    other = create_user("alice2", "unit", "Pw-alice2-long", unit=org.unit_a)
    client.force_login(other)
    r = confirm(client, org.unit_a, preview)
    assert r.status_code == 302 and Payment.objects.count() == 0


# -- manual entries ------------------------------------------------------------------------


def test_manual_payment_and_refund(login, users, project):
    client = login(users.alice)
    url = reverse("monitoring:payment_add", args=[project.pk])
    client.post(url, {"date": "2022-04-01", "amount": "1.2", "summary": "工资"})
    client.post(url, {"date": "2022-04-02", "amount": "-0.2", "summary": "退款"})
    assert [p.amount for p in Payment.objects.order_by("date")] == [D("1.2"), D("-0.2")]
    r = client.get(reverse("monitoring:project", args=[project.pk]), {"as_of": "2022-04-30"})
    assert r.context["s"].executed == D("1.0") and r.context["s"].refunds == D("0.2")
    assert AuditEntry.objects.filter(action="payment.create").count() == 2


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"date": "2021-04-01", "amount": "1"}, "不在 2022 预算年度内"),
        ({"date": "2022-04-01", "amount": "abc"}, "不是数字"),
        ({"date": "2022-04-01", "amount": "0"}, "不能为 0"),
        ({"date": "4/1/2022", "amount": "1"}, "YYYY-MM-DD"),
    ],
)
def test_manual_payment_refused(login, users, project, values, message):
    client = login(users.alice)
    r = client.post(reverse("monitoring:payment_add", args=[project.pk]), values, follow=True)
    assert message in r.content.decode()
    assert Payment.objects.count() == 0 and not AuditEntry.objects.filter(action="payment.create")


def test_deviation_reason_for_a_red_project(login, users, monitored_project):
    project = monitored_project  # monitored: approved
    client = login(users.alice)
    page = client.get(reverse("monitoring:project", args=[project.pk]), {"as_of": "2022-06-30"})
    assert page.context["spending_color"] == "red"
    assert "请说明偏差原因" in page.content.decode()
    client.post(
        reverse("monitoring:deviation_add", args=[project.pk]),
        {
            "as_of": "2022-06-30",
            "color": "red",
            "reason": "人员未到岗，工资延后发放",
            "likelihood": "likely",
            "correction_needed": "1",
            "follow_up": "7 月补发",
        },
    )
    d = Deviation.objects.get()
    assert (d.as_of, d.color, d.likelihood, d.correction_needed) == (
        datetime.date(2022, 6, 30),
        "red",
        "likely",
        True,
    )
    page = client.get(reverse("monitoring:project", args=[project.pk]), {"as_of": "2022-06-30"})
    assert "人员未到岗，工资延后发放" in page.content.decode()
    assert AuditEntry.objects.get(action="deviation.create").new["follow_up"] == "7 月补发"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"reason": "", "likelihood": "likely"}, "请填写偏差原因分析"),
        ({"reason": "原因", "likelihood": ""}, "请选择完成目标可能性"),
        ({"reason": "原因", "likelihood": "likely", "correction_needed": "1"}, "请填写整改措施"),
    ],
)
def test_deviation_refused(login, users, project, values, message):
    client = login(users.alice)
    url = reverse("monitoring:deviation_add", args=[project.pk])
    r = client.post(url, {"as_of": "2022-06-30", **values}, follow=True)
    assert message in r.content.decode() and Deviation.objects.count() == 0


def test_indicator_progress_colours_the_project(login, users, monitored_project):
    project = monitored_project  # monitored: approved
    client = login(users.alice)
    url = reverse("monitoring:progress_add", args=[project.pk])
    # Target ≥100 at 6 of 12 months expects 50; 20 is 40 % of that → red.
    client.post(
        url,
        {
            "indicator": "1",
            "date": "2022-06-30",
            "value": "20",
            "expected_value": "80",
            "reason": "招聘延迟",
            "likelihood": "unlikely",
        },
    )
    entry = IndicatorProgress.objects.get()
    assert (entry.indicator, entry.value, entry.expected_value) == (1, "20", "80")
    r = client.get(reverse("monitoring:project", args=[project.pk]), {"as_of": "2022-06-30"})
    row = r.context["indicators"][0]
    assert (row["p"].progress, row["p"].color) == (D("40.00"), "red")
    # An entry dated after the as-of date is not yet known then.
    r = client.get(reverse("monitoring:project", args=[project.pk]), {"as_of": "2022-05-31"})
    assert r.context["indicators"][0]["p"] is None
    assert AuditEntry.objects.get(action="progress.create").new["value"] == "20"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"indicator": "9", "value": "1"}, "没有第 9 个指标"),
        ({"indicator": "1", "value": "很多"}, "实际完成值“很多”"),
        ({"indicator": "1", "value": ""}, "实际完成值为空"),
    ],
)
def test_indicator_progress_refused(login, users, project, values, message):
    client = login(users.alice)
    url = reverse("monitoring:progress_add", args=[project.pk])
    r = client.post(url, {"date": "2022-06-30", **values}, follow=True)
    assert message in r.content.decode() and IndicatorProgress.objects.count() == 0


def test_a_value_in_another_unit_says_so_as_the_self_evaluation_does(login, users, project):
    # Project 1's first target is ≥100 (人); 60天 is not a count of people: the page says
    # why the colour may mislead, in the self-evaluation's words.
    from jixiao.web.goals.models import Indicator

    Indicator.objects.filter(
        project=project, position=min(i.position for i in project.indicators.all())
    ).update(target_text="≥100人", target_unit="人")
    client = login(users.alice)
    client.post(
        reverse("monitoring:progress_add", args=[project.pk]),
        {"indicator": "1", "date": "2022-06-30", "value": "60天"},
    )
    r = client.get(reverse("monitoring:project", args=[project.pk]), {"as_of": "2022-06-30"})
    assert "实际完成值单位“天”与指标值单位“人”不同" in r.content.decode()


def test_curve_data_is_the_cores(login, users, project):
    from jixiao.core.monitoring import Payment as CorePayment
    from jixiao.core.monitoring import spending_curve
    from jixiao.web.goals.mapping import project_from_db

    client = login(users.alice)
    client.post(
        reverse("monitoring:payment_add", args=[project.pk]),
        {"date": "2022-02-10", "amount": "0.57"},
    )
    r = client.get(reverse("monitoring:project", args=[project.pk]), {"as_of": "2022-06-30"})
    chart = json.loads(
        r.content.decode()
        .split('id="curve-data" type="application/json">')[1]
        .split("</script>")[0]
    )
    core = project_from_db(project)
    pays = [CorePayment(datetime.date(2022, 2, 10), project.code, D("0.57"))]
    plan = spending_curve(core, pays, 2022)
    actual = spending_curve(core, pays, 2022, datetime.date(2022, 6, 30))
    assert chart["planned"] == [str(p.planned_percent) for p in plan]
    assert chart["executed"] == [str(p.executed_percent) for p in actual]
    assert chart["executed"][1] == "25.00" and len(chart["executed"]) == 6
    assert len(chart["planned"]) == 12


# -- scope ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["eve", "frank"])
def test_outsiders_get_404(login, users, org, project, who):
    client = login(getattr(users, who))
    assert unit_page(client, org.unit_a).status_code == 404
    assert client.get(reverse("monitoring:project", args=[project.pk])).status_code == 404
    for name in ("payment_add", "deviation_add", "progress_add"):
        r = client.post(reverse(f"monitoring:{name}", args=[project.pk]), {"amount": "1"})
        assert r.status_code == 404
    assert (
        client.get(reverse("monitoring:payments_import", args=[org.unit_a.pk])).status_code == 404
    )


@pytest.mark.parametrize("who", ["bob", "carol", "dave"])
def test_readers_read_and_cannot_write(login, users, org, project, who):
    client = login(getattr(users, who))
    r = unit_page(client, org.unit_a)
    assert r.status_code == 200 and not r.context["can_write"]
    assert "导入支付记录" not in r.content.decode()
    page = client.get(reverse("monitoring:project", args=[project.pk]))
    assert page.status_code == 200 and 'id="payment-form"' not in page.content.decode()
    r = client.post(
        reverse("monitoring:payment_add", args=[project.pk]),
        {"date": "2022-04-01", "amount": "1"},
    )
    assert r.status_code == 403
    assert (
        client.get(reverse("monitoring:payments_import", args=[org.unit_a.pk])).status_code == 403
    )
    assert Payment.objects.count() == 0


def test_anonymous_is_sent_to_login(client, org, project):
    r = client.get(reverse("monitoring:unit", args=[org.unit_a.pk]))
    assert r.status_code == 302 and "/login/" in r["Location"]


def test_index_lists_visible_units(login, users, org, seeded):
    r = login(users.bob).get(reverse("monitoring:index"))
    codes = [u.code for u, _ in r.context["rows"]]
    assert codes == ["314003", "315001"]
    # A unit's own 填报人 goes straight to its page.
    r = login(users.alice).get(reverse("monitoring:index"))
    assert r.status_code == 302 and r["Location"].endswith(f"/units/{org.unit_a.pk}/")


def test_nav_links_on_every_page(login, users, org, seeded):
    body = login(users.alice).get("/").content.decode()
    assert reverse("monitoring:index") in body and reverse("monitoring:ranking") in body


# -- cost ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "bound"),
    # The ranking's first read computes the unit's stored roll-up and its department's sums
    # (a fixed number of queries per changed unit, whatever its projects): 33 here, fewer
    # once stored.
    [("monitoring:unit", 16), ("monitoring:evaluation_unit", 16), ("monitoring:ranking", 33)],
)
def test_unit_pages_query_count_does_not_grow_with_projects(
    login, users, org, seeded, django_assert_max_num_queries, name, bound
):
    alice = login(users.alice)
    confirm(alice, org.unit_a, upload(alice, org.unit_a))
    client = login(users.bob)
    args = [] if name == "monitoring:ranking" else [org.unit_a.pk]
    with django_assert_max_num_queries(bound):
        assert client.get(reverse(name, args=args)).status_code == 200


def test_the_year_end_forecast_is_shown_to_the_cent(login, users, seeded):
    # Without a spending plan the forecast follows time: project 3's 5.00 × 11/12 is
    # 4.58333…, shown with 27 decimals before.
    from jixiao.web.goals.models import SpendingPlanCell

    project = seeded.projects.get(seq=3)
    SpendingPlanCell.objects.filter(project=project).delete()
    client = login(users.alice)
    r = client.get(reverse("monitoring:project", args=[project.pk]), {"as_of": "2022-01-31"})
    assert "4.58 万元" in r.content.decode()
    assert str(r.context["s"].forecast) not in r.content.decode()  # the exact estimate


def test_both_likelihood_lists_start_with_the_same_blank(login, users, project):
    from jixiao.web.monitoring.models import LIKELIHOOD_BLANK

    body = login(users.alice).get(reverse("monitoring:project", args=[project.pk])).content
    text = body.decode()
    selects = text.split('<select name="likelihood"')[1:]
    assert len(selects) == 2
    assert all(
        s.split("</option>")[0].endswith(f'<option value="">{LIKELIHOOD_BLANK}') for s in selects
    )
