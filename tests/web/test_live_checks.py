"""The edit page's live checks: GET /check/ answers with the core's `check_entry`, and the
page script holds no rule of its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jixiao.core.live_checks import check_entry

pytestmark = pytest.mark.django_db

SCRIPT = Path(__file__).parents[2] / "jixiao" / "web" / "static" / "jixiao" / "front.js"

CASES = [
    ({"total": "2.28", "fiscal": "2.00", "other": "0.28"}, ["25%", "50%", "75%", "100%"]),
    ({"total": "2.28", "fiscal": "2", "other": "0.3"}, ["25%", "50%", "40%", "100%"]),
    ({"total": "1e3", "fiscal": "", "other": ""}, ["四分之一", "", "", "120%"]),
    ({"total": "123456789012345678", "fiscal": "", "other": ""}, ["1e999999%", "", "", ""]),
    ({"total": "", "fiscal": "1", "other": ""}, ["", "", "", ""]),
]


@pytest.mark.parametrize(("budget", "plan"), CASES)
def test_the_endpoint_answers_what_core_answers(client, users, budget, plan):
    client.force_login(users.alice)
    months = [3, 6, 10, 12]
    r = client.get("/check/", {"unit": "万元", **budget, "month": months, "text": plan})
    assert r.status_code == 200
    assert r.json() == check_entry(budget, list(zip(months, plan, strict=True)), "万元")


def test_amounts_are_checked_in_the_documents_money_unit(client, users):
    client.force_login(users.alice)
    big = {"total": "200000000", "fiscal": "", "other": ""}  # 2 亿: fine in 元, not in 万元
    assert client.get("/check/", {"unit": "元", **big}).json()["budget"]["fields"] == []
    assert client.get("/check/", {"unit": "万元", **big}).json()["budget"]["fields"] == ["total"]


@pytest.mark.parametrize(
    "query",
    [{"unit": "美元"}, {"month": "13", "text": "1%"}, {"month": "9" * 30, "text": "1%"}],
)
def test_the_endpoint_refuses_bad_parameters_with_400(client, users, query):
    client.force_login(users.alice)
    r = client.get("/check/", query)
    assert r.status_code == 400 and r.json()["error"]


def test_the_endpoint_needs_a_login(client):
    assert client.get("/check/").status_code == 302


def test_the_page_script_has_no_number_rule_of_its_own():
    """Parsing amounts or percentages in JavaScript would be a second copy of the core's."""
    js = SCRIPT.read_text(encoding="utf-8")
    for sign in ("BigInt", "parseFloat", "Number(", "toFixed", "100%", r"\d"):
        assert sign not in js, sign
    assert re.search(r"getAttribute\(\"data-check-url\"\)", js)  # it asks the server


def test_the_carryover_is_a_part_of_the_budget(client, users):
    client.force_login(users.alice)
    parts = {"total": "3", "fiscal": "2", "carryover": "1"}
    answer = client.get("/check/", {"unit": "万元", **parts}).json()["budget"]
    assert answer["ok"] and "上年结转资金" in answer["messages"][0]
    answer = client.get("/check/", {"unit": "万元", **parts, "carryover": "2"}).json()["budget"]
    assert not answer["ok"] and "上年结转资金 2" in answer["messages"][0]
