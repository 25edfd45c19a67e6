"""是否需要整改 as posted by the project page's select, and refused entries kept as typed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jixiao.web.monitoring.models import Deviation, IndicatorProgress

DEVIATION = {
    "as_of": "2022-06-30",
    "color": "red",
    "reason": "人员未到岗",
    "likelihood": "likely",
    "follow_up": "",
}


@pytest.mark.parametrize(("posted", "stored"), [("0", False), ("1", True), ("否", False)])
def test_correction_needed_is_stored_as_chosen(login, users, project, posted, stored):
    client = login(users.alice)
    url = reverse("monitoring:deviation_add", args=[project.pk])
    values = {**DEVIATION, "correction_needed": posted, "follow_up": "7 月补发" if stored else ""}
    r = client.post(url, values)
    assert r.status_code == 302
    assert Deviation.objects.get().correction_needed is stored


def test_progress_without_correction_is_stored_as_no(login, users, project):
    client = login(users.alice)
    url = reverse("monitoring:progress_add", args=[project.pk])
    values = {"indicator": "1", "date": "2022-06-30", "value": "20", "correction_needed": "0"}
    client.post(url, {**values, "reason": "招聘延迟"})  # red: a reason is required
    assert IndicatorProgress.objects.get().correction_needed is False


@pytest.mark.parametrize(
    ("value", "refused"),
    # Target ≥100 at 6 of 12 months expects 50: 20 red, 35 yellow, 50 green, 80 blue.
    [("20", "红灯"), ("35", "黄灯"), ("50", None), ("80", None)],
)
def test_a_red_or_yellow_indicator_needs_a_reason(login, users, monitored_project, value, refused):
    project = monitored_project  # monitored: approved
    client = login(users.alice)
    url = reverse("monitoring:progress_add", args=[project.pk])
    r = client.post(url, {"indicator": "1", "date": "2022-06-30", "value": value})
    if refused is None:
        assert r.status_code == 302 and IndicatorProgress.objects.count() == 1
        return
    assert r.status_code == 400 and IndicatorProgress.objects.count() == 0
    assert f"该指标进度为{refused}，请填写偏差原因分析" in r.content.decode()
    r = client.post(
        url, {"indicator": "1", "date": "2022-06-30", "value": value, "reason": "进度慢"}
    )
    assert r.status_code == 302 and IndicatorProgress.objects.get().reason == "进度慢"


def test_an_unknown_answer_is_refused_in_chinese(login, users, project):
    client = login(users.alice)
    url = reverse("monitoring:deviation_add", args=[project.pk])
    r = client.post(url, {**DEVIATION, "correction_needed": "maybe"})
    assert "是否需要整改“maybe”应为 是/否" in r.content.decode()
    assert Deviation.objects.count() == 0


def test_a_refused_deviation_keeps_what_was_typed(login, users, project):
    client = login(users.alice)
    url = reverse("monitoring:deviation_add", args=[project.pk])
    r = client.post(url, {**DEVIATION, "correction_needed": "1", "reason": "资金未拨付到位"})
    assert r.status_code == 400
    body = r.content.decode()
    assert "需要整改时请填写整改措施" in body
    assert "资金未拨付到位</textarea>" in body
    assert '<option value="likely" selected>' in body
    assert '<option value="1" selected>是</option>' in body
    assert Deviation.objects.count() == 0


def test_a_refused_progress_entry_keeps_what_was_typed(login, users, project):
    client = login(users.alice)
    url = reverse("monitoring:progress_add", args=[project.pk])
    r = client.post(url, {"indicator": "2", "date": "2022-06-30", "value": "很多"})
    assert r.status_code == 400
    body = r.content.decode()
    assert 'name="value" required placeholder="如 60%、5人、达成" value="很多"' in body
    assert '<option value="2" selected>' in body
    assert IndicatorProgress.objects.count() == 0


def test_a_refused_payment_keeps_what_was_typed(login, users, project):
    client = login(users.alice)
    url = reverse("monitoring:payment_add", args=[project.pk])
    r = client.post(url, {"date": "2022-04-01", "amount": "abc", "summary": "工资"})
    assert r.status_code == 400
    body = r.content.decode()
    assert 'value="abc"' in body and 'value="工资"' in body


def test_every_colour_is_explained_on_the_page(login, users, org, seeded, project):
    from jixiao.core.scales import color_legend

    client = login(users.alice)
    for url in (
        reverse("monitoring:unit", args=[org.unit_a.pk]),
        reverse("monitoring:project", args=[project.pk]),
    ):
        body = client.get(url, {"as_of": "2022-06-30"}).content.decode()
        legend = body.split('id="color-legend"')[1].split("</dl>")[0]
        for key, label, meaning in color_legend():
            assert f'data-color="{key}">{label}</span></dt><dd>{meaning}</dd>' in legend
        assert "蓝灯" in legend
