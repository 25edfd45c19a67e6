"""Rules the pages, the API and the command line used to hold a copy of now come from the
core: changing the core's setting changes every surface, and the browser cannot decide a
stored value."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from django.urls import reverse

from jixiao.core import scales
from jixiao.core.amounts import DISPLAY_UNITS, MONEY_UNITS, STATED_UNITS
from jixiao.core.bounds import MAX_YEAR, MIN_YEAR
from jixiao.core.bounds import check_year as core_check_year
from jixiao.core.evaluation import DEFAULT_CONFIG, reason_label
from jixiao.core.evaluation.report import EXECUTION_LOW, MISSED, OVERACHIEVED
from jixiao.web.monitoring.models import Deviation

P1 = "13021322P00000410179E"
CSV = f"日期,项目编码,金额,摘要\n2022-03-15,{P1},3000,发放 1 季度工资\n"


def test_reason_notes_quote_the_configured_thresholds(monkeypatch):
    assert reason_label(EXECUTION_LOW) == "执行率低于 90%，需说明"
    assert reason_label(OVERACHIEVED) == "达到指标值的 130% 以上，需说明"
    assert reason_label(MISSED) == "未达到指标值，需说明"
    other = dataclasses.replace(
        DEFAULT_CONFIG, execution_reason_below=Decimal(85), overachievement_percent=Decimal(150)
    )
    assert "85%" in reason_label(EXECUTION_LOW, other)
    assert "150%" in reason_label(OVERACHIEVED, other)


def test_the_evaluation_page_shows_the_core_note(login, users, project, monkeypatch):
    from jixiao.web.monitoring import services

    services.save_evaluation(
        project,
        users.alice,
        budget_initial=project.budget_total,
        budget_adjusted=project.budget_total,
        executed=Decimal("0.5"),
    )
    monkeypatch.setattr(
        "jixiao.core.evaluation.report.DEFAULT_CONFIG",
        dataclasses.replace(DEFAULT_CONFIG, execution_reason_below=Decimal(95)),
    )
    page = login(users.alice).get(reverse("monitoring:evaluation", args=[project.pk]))
    body = page.content.decode()
    assert "执行率低于 95%，需说明" in body and "执行率低于 90%" not in body


@pytest.mark.parametrize(
    ("color", "needed"),
    [("red", True), ("yellow", True), ("blue", False), ("green", False), (None, False)],
)
def test_which_colours_need_a_deviation_reason(color, needed):
    assert scales.needs_reason(color) is needed


def test_a_deviation_posted_from_the_page_keeps_the_computed_colour(
    login, users, monitored_project
):
    project = monitored_project  # monitored: approved
    from jixiao.web.monitoring import services

    services.import_payments(project.document, CSV.encode(), "p.csv", users.alice, "元")
    client = login(users.alice)
    page = client.get(reverse("monitoring:project", args=[project.pk]), {"as_of": "2022-06-30"})
    shown = page.context["color"]
    assert shown == "red" and "请说明偏差原因" in page.content.decode()
    client.post(
        reverse("monitoring:deviation_add", args=[project.pk]),
        {
            "as_of": "2022-06-30",
            "color": "green",  # what a tampered page would send: not kept
            "reason": "人员未到岗",
            "likelihood": "likely",
            "correction_needed": "0",
        },
    )
    r = client.post(
        f"/api/v1/projects/{project.pk}/deviation",
        {
            "reason": "进度慢",
            "correction_needed": False,
            "likelihood": "likely",
            "as_of": "2022-06-30",
        },
        content_type="application/json",
    )
    assert r.status_code == 201
    assert [d.color for d in Deviation.objects.order_by("pk")] == [shown, shown]


def test_the_evaluate_command_takes_its_default_bands_from_the_core(capsys, monkeypatch):
    from jixiao.cli import main

    monkeypatch.setenv("COLUMNS", "1000")  # help on one line
    with pytest.raises(SystemExit):
        main(["evaluate", "--help"])
    out = capsys.readouterr().out
    lows = ",".join(str(x) for x in DEFAULT_CONFIG.grade_lows())
    assert f"默认 {lows}" in out
    config = DEFAULT_CONFIG.with_grade_lows((Decimal(80), Decimal(70), Decimal(60)))
    assert [name for name, _ in config.grade_bands] == [n for n, _ in DEFAULT_CONFIG.grade_bands]
    assert config.grade(Decimal(75)) == "良"
    with pytest.raises(ValueError):
        DEFAULT_CONFIG.with_grade_lows((Decimal(60), Decimal(80), Decimal(90)))
    assert f"默认 {DEFAULT_CONFIG.band_point}" in out


@pytest.mark.parametrize("year", [MIN_YEAR - 1, MAX_YEAR + 1])
def test_one_range_of_years_for_files_drafts_corrections_and_the_api(year, login, users, org):
    from jixiao.core.formats.overrides import LayoutOverride
    from jixiao.web.goals.drafting import DraftInputError, check_year

    for edge in (MIN_YEAR, MAX_YEAR):
        assert core_check_year(edge) == check_year(edge) == LayoutOverride(year=edge).year
    with pytest.raises(ValueError):
        core_check_year(year)
    with pytest.raises(DraftInputError):
        check_year(year)
    with pytest.raises(ValueError):
        LayoutOverride(year=year)
    client = login(users.alice)
    for asked, status in ((year, 400), (MIN_YEAR, 201)):
        r = client.post(
            "/api/v1/documents",
            {"unit": org.unit_a.code, "year": asked, "money_unit": "万元"},
            content_type="application/json",
        )
        assert r.status_code == status, r.content.decode()


def test_money_units_offered_are_the_cores():
    from jixiao.core.formats.overrides import MONEY_UNITS as OVERRIDE_UNITS
    from jixiao.web.goals.drafting import MONEY_UNITS as DRAFT_UNITS

    assert OVERRIDE_UNITS == STATED_UNITS and DRAFT_UNITS == DISPLAY_UNITS
    assert set(STATED_UNITS) <= set(MONEY_UNITS) and set(DISPLAY_UNITS) <= set(STATED_UNITS)


def test_the_ranking_heads_its_grade_columns_with_the_configured_grades(
    login, users, seeded, monkeypatch
):
    names = ("甲", "乙", "丙", "丁")
    bands = tuple(zip(names, (low for _, low in DEFAULT_CONFIG.grade_bands), strict=True))
    monkeypatch.setattr(
        "jixiao.web.monitoring.views.DEFAULT_CONFIG",
        dataclasses.replace(DEFAULT_CONFIG, grade_bands=bands),
    )
    body = login(users.bob).get(reverse("monitoring:ranking"), {"year": 2022}).content.decode()
    head = body[body.index('<table class="grid" id="ranking">') :]
    head = head[: head.index("</thead>")]
    assert "".join(f'<th class="num">{n}</th>' for n in names) in head
    assert '<th class="num">优</th>' not in head


def test_the_payments_import_offers_the_cores_money_units(login, users, org, seeded):
    import re

    url = reverse("monitoring:payments_import", args=[org.unit_a.pk])
    body = login(users.alice).get(url, {"year": 2022}).content.decode()
    select = body[body.index('<select name="unit">') :]
    select = select[: select.index("</select>")]
    assert tuple(re.findall(r"<option[^>]*>([^<]*)</option>", select)) == STATED_UNITS
    assert STATED_UNITS[0] == "元" and "selected" not in select  # the first, 元, is the default
