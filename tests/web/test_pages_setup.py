"""Setting up in the browser: the admin's pages for regions, departments, units and users."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from jixiao.web.audit.models import AuditEntry
from jixiao.web.orgs.models import Department, Region, Unit

pytestmark = pytest.mark.django_db

PAGES = [
    "/setup/",
    "/setup/regions/",
    "/setup/departments/",
    "/setup/units/",
    "/setup/users/",
    "/setup/upload/",
    "/setup/template/units.xlsx",
]


@pytest.mark.parametrize("name", ["alice", "bob", "dave"])
def test_only_the_admin_reaches_the_setup_pages(client, users, name):
    client.force_login(getattr(users, name))
    for url in PAGES:
        assert client.get(url).status_code == 403, url
    assert client.post("/setup/regions/", {"code": "1", "name": "x"}).status_code == 403
    assert not Region.objects.filter(code="1").exists()


def test_the_admin_sees_every_setup_page(client, users):
    client.force_login(users.carol)
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    home = client.get("/").content.decode()
    assert 'href="/setup/"' in home


def test_the_admin_sets_up_a_region_a_department_a_unit_and_a_user(client, users):
    client.force_login(users.carol)
    r = client.post("/setup/regions/", {"code": "130200", "name": "唐山市"})
    assert r.status_code == 302
    city = Region.objects.get(code="130200")
    r = client.post("/setup/regions/", {"code": "130299", "name": "某区", "parent": city.pk})
    district = Region.objects.get(code="130299")
    assert district.parent == city
    client.post("/setup/departments/", {"region": district.pk, "code": "501", "name": "某局"})
    dept = Department.objects.get(code="501")
    client.post("/setup/units/", {"department": dept.pk, "code": "501001", "name": "某局本级"})
    unit = Unit.objects.get(code="501001")
    r = client.post(
        "/setup/users/",
        {
            "username": "zhang",
            "full_name": "张会计",
            "role": "unit",
            "unit": unit.pk,
            "password": "A-long-enough-passw0rd",
            "password2": "A-long-enough-passw0rd",
        },
    )
    assert r.status_code == 302, r.content.decode()
    zhang = get_user_model().objects.get(username="zhang")
    assert zhang.profile.unit == unit and zhang.check_password("A-long-enough-passw0rd")
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions[-5:] == [
        "region.create",
        "region.create",
        "department.create",
        "unit.create",
        "user.create",
    ]
    assert AuditEntry.objects.filter(username="carol", action="unit.create").exists()
    listed = client.get("/setup/users/").content.decode()
    assert "zhang" in listed and "501001 某局本级" in listed


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "130213", "name": "重复"}, "区划编码“130213”已存在"),
        ({"code": "", "name": "无编码"}, "区划编码：这个字段是必填项。"),
    ],
)
def test_a_bad_region_is_one_chinese_line(client, users, data, message):
    client.force_login(users.carol)
    r = client.post("/setup/regions/", data)
    assert r.status_code == 400
    assert message in r.content.decode()


def test_a_unit_user_without_a_unit_and_a_short_password_are_refused(client, users, org):
    client.force_login(users.carol)
    base = {"username": "li", "role": "unit", "password": "x1", "password2": "x1"}
    r = client.post("/setup/users/", base | {"unit": org.unit_a.pk})
    assert r.status_code == 400 and "密码不合要求" in r.content.decode()
    good = "Another-long-passw0rd"
    r = client.post("/setup/users/", base | {"password": good, "password2": good})
    assert r.status_code == 400 and "填报人必须指定所属单位" in r.content.decode()
    r = client.post("/setup/users/", base | {"password": good, "password2": good + "x"})
    assert "两次输入的密码不一致" in r.content.decode()
    assert not get_user_model().objects.filter(username="li").exists()


def test_the_password_validators_decide(client, users, org, settings):
    """Whatever AUTH_PASSWORD_VALIDATORS say applies to the pages (another branch adds rules)."""
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"}
    ]
    client.force_login(users.carol)
    r = client.post(
        f"/setup/users/{users.alice.pk}/", {"password": "1234567890", "password2": "1234567890"}
    )
    assert r.status_code == 400 and "密码不合要求" in r.content.decode()


def test_the_admin_changes_a_users_role_scope_and_activity_and_resets_a_password(
    client, users, org
):
    client.force_login(users.carol)
    r = client.post(
        f"/setup/users/{users.eve.pk}/",
        {"role": "reviewer", "regions": [org.other_region.pk], "is_active": ""},
    )
    assert r.status_code == 302
    eve = get_user_model().objects.get(username="eve")
    assert eve.profile.role == "reviewer" and eve.profile.unit is None
    assert list(eve.profile.regions.all()) == [org.other_region] and not eve.is_active
    entry = AuditEntry.objects.filter(action="user.update").latest("id")
    assert entry.old["role"] == "unit" and entry.new["is_active"] is False
    new = "A-brand-new-passw0rd"
    r = client.post(f"/setup/users/{users.alice.pk}/", {"password": new, "password2": new})
    assert r.status_code == 302
    alice = get_user_model().objects.get(username="alice")
    assert alice.check_password(new)
    entry = AuditEntry.objects.filter(action="user.update").latest("id")
    assert entry.new["password"] == "（已修改）" and new not in str(entry.new)


def test_the_admin_cannot_lock_themself_out(client, users):
    client.force_login(users.carol)
    r = client.post(f"/setup/users/{users.carol.pk}/", {"role": "admin", "is_active": ""})
    assert r.status_code == 400 and "不能停用自己" in r.content.decode()
    assert get_user_model().objects.get(username="carol").is_active


def test_units_and_regions_are_edited_and_audited(client, users, org):
    client.force_login(users.carol)
    r = client.post(
        f"/setup/units/{org.unit_b.pk}/",
        {"department": org.dept_a.pk, "code": "ignored", "name": "第一中学（新名）"},
    )
    assert r.status_code == 302
    unit = Unit.objects.get(pk=org.unit_b.pk)
    assert (
        unit.code == "315001" and unit.name == "第一中学（新名）" and unit.department == org.dept_a
    )
    entry = AuditEntry.objects.get(action="unit.update")
    assert entry.old["department"] == "315" and entry.new["department"] == "314"
    r = client.post(
        f"/setup/regions/{org.region.pk}/", {"name": "曹妃甸区", "parent": org.other_region.pk}
    )
    assert Region.objects.get(pk=org.region.pk).parent == org.other_region
    r = client.post(
        f"/setup/regions/{org.other_region.pk}/", {"name": "x", "parent": org.region.pk}
    )
    assert r.status_code == 400 and "上级区划不能是该区划本身或其下级" in r.content.decode()


def test_a_missing_object_is_404(client, users):
    client.force_login(users.carol)
    for url in ("/setup/units/999999/", "/setup/users/999999/", "/setup/regions/999999/"):
        assert client.get(url).status_code == 404


def test_every_user_changes_their_own_password_on_the_account_page(client, users, password):
    client.force_login(users.bob)
    new = "Bobs-new-passw0rd-1"
    bad = {"old_password": "wrong", "new_password1": new, "new_password2": new}
    r = client.post("/account/", bad)
    assert r.status_code == 200 and "旧密码不正确" in r.content.decode()
    good = {"old_password": password, "new_password1": new, "new_password2": new}
    r = client.post("/account/", good)
    assert r.status_code == 302
    assert get_user_model().objects.get(username="bob").check_password(new)
    assert client.get("/").status_code == 200  # still logged in
    entry = AuditEntry.objects.get(action="user.password")
    assert entry.username == "bob" and new not in str(entry.new)


def test_there_is_one_password_page(client, users):
    client.force_login(users.alice)
    r = client.get("/password/")
    assert r.status_code == 302 and r["Location"] == "/account/"
    page = client.get("/").content.decode()
    assert 'href="/account/#password"' in page and 'href="/password/"' not in page


def test_the_guide_starts_with_first_use_and_its_screenshots_exist():
    from pathlib import Path

    docs = Path(__file__).parents[2] / "docs"
    guide = (docs / "guide.md").read_text(encoding="utf-8")
    headings = [line for line in guide.splitlines() if line.startswith("## ")]
    assert headings[0] == "## 第一次使用"
    first_use = guide.split("## 第一次使用", 1)[1].split("\n## ", 1)[0]
    shots = re.findall(r"\(screenshots/([\w-]+\.png)\)", first_use)
    assert "setup-users.png" in shots and "rollover-report.png" in shots
    assert all((docs / "screenshots" / name).is_file() for name in shots)


def _select(page: str, name: str) -> str:
    return page.split(f'name="{name}"')[1].split("</select>")[0]


def test_a_single_region_and_a_single_department_are_offered_chosen(client, make_user):
    client.force_login(make_user("newadmin", "admin"))  # a new installation: nothing yet
    region = Region.objects.create(code="130299", name="某区")
    page = client.get("/setup/departments/").content.decode()
    assert f'<option value="{region.pk}" selected>' in _select(page, "region")
    assert "---------" not in _select(page, "region")
    dept = Department.objects.create(region=region, code="501", name="某局")
    page = client.get("/setup/units/").content.decode()
    assert f'<option value="{dept.pk}" selected>' in _select(page, "department")
    Region.objects.create(code="130298", name="另一区")
    page = client.get("/setup/departments/").content.decode()
    assert 'value="" selected>---------' in _select(page, "region")  # two: the admin picks


def test_the_one_unit_is_offered_chosen_for_a_new_unit_user_and_a_reviewer_is_made_too(
    client, make_user
):
    """On a new installation the user form offered its one unit as ``---------``; now it is
    chosen, and a 审核人 made on the same form is not given it."""
    from jixiao.web.accounts.models import Profile

    client.force_login(make_user("newadmin", "admin"))
    region = Region.objects.create(code="130299", name="某区")
    dept = Department.objects.create(region=region, code="501", name="某局")
    unit = Unit.objects.create(department=dept, code="501001", name="某单位")
    page = client.get("/setup/users/").content.decode()
    assert f'<option value="{unit.pk}" selected>' in _select(page, "unit")
    assert "---------" not in _select(page, "unit")
    base = {"password": "Xq7#kLm2$vPz9", "password2": "Xq7#kLm2$vPz9", "unit": unit.pk}
    r = client.post("/setup/users/", {**base, "username": "tb", "role": "unit"})
    assert r.status_code == 302
    r = client.post(
        "/setup/users/", {**base, "username": "sh", "role": "reviewer", "regions": [region.pk]}
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    assert Profile.objects.get(user__username="tb").unit == unit
    reviewer = Profile.objects.get(user__username="sh")
    assert reviewer.unit is None and list(reviewer.regions.all()) == [region]
