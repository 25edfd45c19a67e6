"""Values are bounded where they enter (API, edit form, CLI, web import) and reading a stored
value never raises: a bad stored value still renders, named as wrong, for every role."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from jixiao.cli import main
from jixiao.web.goals.models import GoalDocument, Project

pytestmark = pytest.mark.django_db

EIGHTEEN_DIGITS = "123456789012345678"


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def seed_with_budget(seed_path, budget: str) -> bytes:
    """The seed text with project 1's 预算数 replaced by ``budget``."""
    text = seed_path.read_text(encoding="utf-8")
    return text.replace("\t预算数\n\t2.28\n", f"\t预算数\n\t{budget}\n", 1).encode("utf-8")


def edit_data(client, project) -> dict[str, str]:
    """The edit form's inputs with their current values."""
    import html

    page = client.get(f"/projects/{project.pk}/edit/").content.decode()
    data: dict[str, str] = {}
    for m in re.finditer(r"<input([^>]*)>", page):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m.group(1)))
        if (
            "name" in attrs
            and "__prefix__" not in attrs["name"]
            and attrs.get("type") != "checkbox"
        ):
            data[attrs["name"]] = html.unescape(attrs.get("value", ""))
    for m in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        if "__prefix__" not in m.group(1):
            data[m.group(1)] = html.unescape(m.group(2).removeprefix("\n"))
    return data


# -- entry paths -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        (EIGHTEEN_DIGITS, "超出范围"),
        ("1e18", "不是数字"),
        (1e18, "超出范围"),
        ("100000000", "超出范围"),  # 1 万亿元 in 万元
        ("2.1234567", "小数位过多"),
        ("1e3", "不是数字"),
    ],
)
def test_api_refuses_an_amount_out_of_bounds_and_stores_nothing(
    api, users, project, budget, message
):
    before = Project.objects.get(pk=project.pk)
    r = api(users.alice).patch(
        f"projects/{project.pk}", {"version": project.version, "budget": {"total": budget}}
    )
    assert r.status == 400
    assert message in r.data["fields"]["budget.total"]
    after = Project.objects.get(pk=project.pk)
    assert (after.version, after.budget_total) == (before.version, before.budget_total)
    assert api(users.bob).get("projects").status == 200


@pytest.mark.parametrize(
    "change",
    [
        {"budget": {"fiscal": "1e999999"}},
        {"spending_plan": [{"month": 3, "text": "1e999999%"}]},
        {"spending_plan": [{"month": 3, "percent": 1e308}]},
        {"name": "长" * 301},
        {"indicators": [{"name": "x", "target": "≥1", "weight": "1e999999"}]},
    ],
)
def test_api_refuses_other_values_out_of_bounds(api, users, project, change):
    r = api(users.alice).patch(f"projects/{project.pk}", {"version": project.version, **change})
    assert r.status == 400 and r.data["fields"]
    assert Project.objects.get(pk=project.pk).version == project.version


def test_api_accepts_the_largest_amount_in_bounds(api, users, project):
    r = api(users.alice).patch(
        f"projects/{project.pk}",
        {"version": project.version, "budget": {"total": "99999999.999999", "fiscal": None}},
    )
    assert r.status == 200, r.data
    assert r.data["budget"]["total"] == "99999999.999999"
    assert api(users.bob).get("projects").status == 200


def test_edit_form_refuses_an_eighteen_digit_budget(client, users, project):
    client.force_login(users.alice)
    data = edit_data(client, project)
    data["budget_total"] = EIGHTEEN_DIGITS
    r = client.post(f"/projects/{project.pk}/edit/", data)
    assert r.status_code == 400
    assert "预算数" in text_of(r) and "超出范围" in text_of(r)
    assert Project.objects.get(pk=project.pk).version == project.version
    assert client.get("/projects/").status_code == 200


def test_cli_import_refuses_an_eighteen_digit_budget(org, tmp_path, seed_path, capsys):
    bad = tmp_path / "目标.txt"
    bad.write_bytes(seed_with_budget(seed_path, EIGHTEEN_DIGITS))
    assert main(["import", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "超出范围" in err and "目标.txt" in err
    assert GoalDocument.objects.count() == 0


def test_web_import_refuses_an_eighteen_digit_budget(client, users, seed_path):
    client.force_login(users.alice)
    upload = SimpleUploadedFile("目标.txt", seed_with_budget(seed_path, EIGHTEEN_DIGITS))
    r = client.post("/import/", {"file": upload})
    assert r.status_code in (200, 400)
    assert "超出范围" in text_of(r)
    assert GoalDocument.objects.count() == 0


def test_web_import_refuses_a_json_document_with_an_exponent(client, users, seed_doc):
    from jixiao.core.formats.json_io import document_to_dict, dumps

    data = document_to_dict(seed_doc)
    data["projects"][0]["budget"]["fiscal"] = "1e999999"
    client.force_login(users.alice)
    upload = SimpleUploadedFile("目标.json", dumps(data).encode("utf-8"))
    r = client.post("/import/", {"file": upload})
    assert "不是数字" in text_of(r)
    assert GoalDocument.objects.count() == 0


# -- bad stored values -------------------------------------------------------------------


def store_raw(sql: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


BAD_STORED = [
    ("goals_project", "budget_total", "1e999999"),
    ("goals_project", "budget_fiscal", "abc"),
    ("goals_project", "budget_other", "1e999999"),
    ("goals_project", "budget_amount", "1e300"),
    ("goals_spendingplancell", "percent", "1e999999"),
    ("goals_indicator", "weight", "NaN"),
]


@pytest.mark.parametrize(("table", "column", "value"), BAD_STORED)
def test_pages_render_with_a_bad_stored_value_for_every_role(
    client, users, seeded, project, table, column, value
):
    key = "id" if table == "goals_project" else "project_id"
    if column == "budget_amount" and connection.vendor == "postgresql":
        value = "999999999999999999.999999"  # the widest a numeric(24, 6) column holds
    store_raw(f"UPDATE {table} SET {column} = %s WHERE {key} = %s", value, project.pk)
    unit = project.document.unit_id
    pages = [
        "/",
        "/projects/",
        f"/projects/{project.pk}/",
        f"/projects/{project.pk}/edit/",
        f"/monitoring/units/{unit}/",
        f"/monitoring/projects/{project.pk}/",
        f"/evaluation/projects/{project.pk}/",
        f"/evaluation/units/{unit}/",
        "/evaluation/",
        f"/export/?project={project.pk}&format=pdf",
        f"/evaluation/projects/{project.pk}/export/pdf/",
        f"/evaluation/units/{unit}/export/xlsx/?all=1",
        f"/export/?project={project.pk}&format=docx",
        f"/export/?project={project.pk}&format=xlsx",
        f"/api/v1/projects/{project.pk}",
        "/api/v1/projects",
    ]
    for user in (users.alice, users.bob, users.carol, users.dave):
        client.force_login(user)
        for url in pages:
            r = client.get(url)
            assert r.status_code in (200, 302, 403, 404), (user.username, url, r.status_code)


def test_the_project_page_names_the_bad_stored_value(client, users, project):
    store_raw("UPDATE goals_project SET budget_total = %s WHERE id = %s", "1e999999", project.pk)
    client.force_login(users.bob)
    text = text_of(client.get(f"/projects/{project.pk}/"))
    assert "预算数" in text and "1e999999" in text and "无法读取" in text
    listing = text_of(client.get("/projects/"))
    assert "数值有误" in listing


# -- integer parameters ------------------------------------------------------------------

HUGE = "9" * 30


@pytest.mark.parametrize(
    "path",
    [
        f"projects?page={HUGE}",
        f"projects?page_size={HUGE}",
        f"projects?year={HUGE}",
        f"projects?page=-{HUGE}",
        "projects?page=²",
        f"audit?page={HUGE}",
        "library/indicators?limit=²",
        "library/indicators?project=²",
        f"library/indicators?project={HUGE}",
        "rectifications?project=²",
    ],
)
def test_api_refuses_overflowing_integer_parameters_with_json(api, users, path):
    user = users.bob if path.startswith(("library", "rect")) else users.carol
    r = api(user).get(path)
    assert r.status == 400 and "参数" in r.data["error"]


@pytest.mark.parametrize("suffix", ["", "/findings", "/comments", "/versions"])
def test_api_answers_404_json_to_an_overflowing_project_id(api, users, suffix):
    r = api(users.alice).get(f"projects/{HUGE}{suffix}")
    assert r.status == 404 and r.data["error"]


@pytest.mark.parametrize(
    "url",
    [
        f"/projects/?page={HUGE}",
        f"/projects/?unit={HUGE}",
        f"/projects/?year={HUGE}",
        "/projects/?unit=²",
        f"/projects/{HUGE}/",
        f"/projects/{HUGE}/edit/",
        f"/monitoring/units/{HUGE}/",
        f"/monitoring/projects/{HUGE}/",
        f"/evaluation/projects/{HUGE}/",
        f"/evaluation/units/{HUGE}/",
        f"/evaluation/?year={HUGE}",
        f"/export/?unit={HUGE}",
        f"/export/?project={HUGE}",
        "/export/?unit=²",
        f"/audit/?page={HUGE}",
    ],
)
def test_pages_never_fail_on_overflowing_integer_parameters(client, users, seeded, url):
    for user in (users.alice, users.bob, users.carol):
        client.force_login(user)
        r = client.get(url)
        assert r.status_code in (200, 302, 400, 403, 404), (user.username, url, r.status_code)


def test_monitoring_refuses_an_as_of_date_out_of_range(client, users, project):
    client.force_login(users.alice)
    r = client.get(f"/monitoring/projects/{project.pk}/?as_of=9999-12-31", follow=True)
    assert r.status_code == 200 and "2099" in text_of(r)


# -- names from documents in file names ---------------------------------------------------


def test_names_from_documents_are_sanitised_in_downloads_and_zip_entries(
    client, users, org, seed_doc
):
    import io
    import zipfile
    from urllib.parse import unquote

    from jixiao.web.goals.imports import import_document

    org.unit_a.name = "希望路/../../etc/passwd\x07\u202e" + "长" * 150
    org.unit_a.save()
    org.unit_b.name = "..\\..\\第一中学"
    org.unit_b.save()
    a = import_document(seed_doc, users.alice, org.unit_a, source_name="a.txt")
    b = import_document(seed_doc, users.eve, org.unit_b, source_name="b.txt")
    client.force_login(users.bob)
    one = client.get("/export/", {"project": a.projects.get(seq=1).pk, "format": "docx"})
    name = unquote(one["Content-Disposition"].split("filename*=utf-8''")[-1])
    both = client.get(
        "/export/",
        {"project": [a.projects.get(seq=1).pk, b.projects.get(seq=1).pk], "format": "docx"},
    )
    entries = zipfile.ZipFile(io.BytesIO(both.content)).namelist()
    for n in [name, *entries]:
        assert "/" not in n and "\\" not in n and ".." not in n, n
        assert not any(ord(c) < 32 or c == "\u202e" for c in n), n
        assert len(n) <= 80 and n.endswith(".docx") and "2022年度" in n, n
    assert len(set(entries)) == 2


def test_the_import_service_refuses_a_document_out_of_bounds_whatever_made_it(users, org, seed_doc):
    import copy
    from decimal import Decimal

    from jixiao.web.goals.imports import ImportRefused, import_document

    doc = copy.deepcopy(seed_doc)
    doc.projects[0].budget.fiscal = Decimal("1e999999")
    with pytest.raises(ImportRefused, match="财政资金"):
        import_document(doc, users.alice, org.unit_a)
    assert GoalDocument.objects.count() == 0


@pytest.mark.parametrize(
    "data", [{"withdraw": "²"}, {"withdraw": HUGE}, {"unit": "314003", "year": "²²²²"}]
)
def test_publication_forms_never_fail_on_odd_integers(client, users, org, data):
    client.force_login(users.carol)
    r = client.post("/publications/", data)
    assert r.status_code in (200, 302, 400, 404), r.status_code


@pytest.mark.parametrize("url", ["/public/?year=²²²²", "/open/v1/projects?year=²²²²"])
def test_public_pages_never_fail_on_odd_years(client, url):
    assert client.get(url).status_code in (200, 400, 404)
