"""Pages that offer every unit stay small when there are many (a province has 50,000):
past `choosers.UNIT_CHOICES` a unit is typed by its code, and the lists come in pages.
Here the thresholds are lowered to 2 so that the three units of the fixture are "many"."""

from __future__ import annotations

import pytest

from jixiao.web.accounts.models import Profile
from jixiao.web.goals.models import GoalDocument

pytestmark = pytest.mark.django_db

CODE = "314003"  # unit A


@pytest.fixture
def many(monkeypatch):
    monkeypatch.setattr("jixiao.web.front.choosers.UNIT_CHOICES", 2)


def _no_unit_options(html: str) -> bool:
    return "401001 另一区某单位</option>" not in html


def test_a_new_user_takes_the_unit_code_when_there_are_many_units(client, users, many, password):
    client.force_login(users.carol)
    assert _no_unit_options(client.get("/setup/users/").content.decode())
    new = {"username": "xin", "role": "unit", "password": password, "password2": password}
    r = client.post("/setup/users/", {**new, "unit": "999999"})
    assert r.status_code == 400 and "没有编码为“999999”的单位" in r.content.decode()
    assert client.post("/setup/users/", {**new, "unit": CODE}).status_code == 302
    assert Profile.objects.get(user__username="xin").unit.code == CODE
    page = client.get(f"/setup/users/{Profile.objects.get(user__username='xin').user_id}/")
    assert f'value="{CODE}"' in page.content.decode()  # the edit form shows the code


def test_a_new_document_takes_the_unit_code(client, users, many):
    client.force_login(users.carol)
    assert _no_unit_options(client.get("/documents/new/").content.decode())
    r = client.post("/documents/new/", {"unit": CODE, "year": "2025", "money_unit": "万元"})
    assert r.status_code == 302
    assert GoalDocument.objects.get(year=2025).unit.code == CODE


def test_import_audit_and_publication_ask_for_a_code(client, users, many):
    client.force_login(users.carol)
    page = client.get("/import/").content.decode()
    assert _no_unit_options(page) and 'name="unit_code"' in page
    r = client.post("/import/", {"unit_code": "999999"})
    assert r.status_code == 400 and "没有编码为“999999”的单位" in r.content.decode()
    audit = client.get("/audit/", {"unit_code": CODE})
    assert audit.context["f"].unit.code == CODE and _no_unit_options(audit.content.decode())
    assert _no_unit_options(client.get("/publications/").content.decode())


def test_the_monitoring_index_comes_in_pages_and_opens_a_unit_by_code(
    client, users, org, monkeypatch
):
    monkeypatch.setattr("jixiao.web.monitoring.views.INDEX_UNITS", 1)
    client.force_login(users.carol)
    first = client.get("/monitoring/").content.decode()
    assert first.count("/monitoring/units/") == 1  # one unit listed
    assert 'rel="next"' in first
    r = client.get("/monitoring/", {"unit_code": CODE})
    assert r.status_code == 302 and r.url == f"/monitoring/units/{org.unit_a.pk}/"
    assert "没有编码为“999”" in client.get("/monitoring/", {"unit_code": "999"}).content.decode()


def test_the_unit_and_user_lists_come_in_pages_with_a_search(client, users, monkeypatch):
    monkeypatch.setattr("jixiao.web.front.setup_views.LIST_ROWS", 1)
    client.force_login(users.carol)
    units = client.get("/setup/units/").content.decode()
    assert units.count("/setup/units/") >= 1 and 'rel="next"' in units and "第 1/3 页" in units
    found = client.get("/setup/units/", {"q": "第一中学"}).content.decode()
    assert "315001" in found and "314003" not in found
    assert 'rel="next"' in client.get("/setup/users/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/setup/units/?q=%00",
        "/setup/users/?q=a%00b",
        "/monitoring/?unit_code=%00",
        "/audit/?unit_code=31%0000",
        "/projects/?unit_code=%00&q=%00",
    ],
)
def test_a_nul_in_a_query_parameter_is_refused_in_chinese(client, users, url):
    # PostgreSQL refuses a NUL in a string literal (a 500 there, found nothing on SQLite).
    client.force_login(users.carol)
    r = client.get(url)
    assert r.status_code == 400 and "空字符" in r.content.decode()


def test_a_nul_in_a_posted_unit_code_is_dropped_and_an_api_query_refused(client, users, org):
    # A form post loses its control characters before any view reads it
    # (jixiao.web.controls): the code typed with a NUL is the unit's code without it.
    client.force_login(users.carol)
    r = client.post("/publications/", {"unit": "314\x00003", "year": "2025"})
    assert r.status_code == 302
    r = client.post("/import/", {"unit_code": "3\x0015999"})
    assert r.status_code == 400 and "没有编码为“315999”" in r.content.decode()
    r = client.get("/api/v1/projects", {"q": "\x00"})
    assert r.status_code == 400 and "空字符" in r.json()["error"]


def _no_department_options(html: str) -> bool:
    return "另一区某局</option>" not in html


def test_units_and_reviewers_take_department_codes_when_there_are_many(
    client, users, org, many, password
):
    from jixiao.web.orgs.models import Unit

    client.force_login(users.carol)
    assert _no_department_options(client.get("/setup/units/").content.decode())
    assert _no_department_options(client.get("/setup/users/").content.decode())
    r = client.post("/setup/units/", {"department": "130213/999", "code": "314999", "name": "新"})
    assert r.status_code == 400 and "没有主管部门编码“999”" in r.content.decode()
    r = client.post("/setup/units/", {"department": "130214/401", "code": "401999", "name": "新"})
    assert r.status_code == 302
    assert Unit.objects.get(code="401999").department == org.unit_c.department
    page = client.get(f"/setup/units/{Unit.objects.get(code='401999').pk}/").content.decode()
    assert 'value="130214/401"' in page  # the edit form shows the typed form
    new = {"username": "shen", "role": "reviewer", "password": password, "password2": password}
    r = client.post("/setup/users/", {**new, "departments": "314、130213/315"})
    assert r.status_code == 302, r.content.decode()
    shen = Profile.objects.get(user__username="shen")
    assert {d.code for d in shen.departments.all()} == {"314", "315"}
    page = client.get(f"/setup/users/{shen.user_id}/").content.decode()
    assert "130213/314、130213/315" in page


def test_the_department_list_comes_in_pages_with_a_search(client, users, monkeypatch):
    monkeypatch.setattr("jixiao.web.front.setup_views.LIST_ROWS", 1)
    client.force_login(users.carol)
    page = client.get("/setup/departments/").content.decode()
    assert 'rel="next"' in page and "第 1/3 页" in page
    found = client.get("/setup/departments/", {"q": "另一区某局"}).content.decode()
    assert "另一区某局" in found and "教育局" not in found
