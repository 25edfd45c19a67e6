"""Hostile values on the setting-up pages: one Chinese line, never a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["regions", "departments", "unit"])
@pytest.mark.parametrize("value", ["99999999999999999999", "-1", "1e5", "１"])
def test_an_id_out_of_range_is_an_invalid_choice(client, users, org, field, value):
    client.force_login(users.carol)
    r = client.post(
        "/setup/users/",
        {
            "username": "newbie",
            "role": "reviewer",
            "password": "Correct-horse-battery-9",
            "password2": "Correct-horse-battery-9",
            field: value,
        },
    )
    assert r.status_code == 400
    assert (
        "财政区划" if field == "regions" else "主管部门" if field == "departments" else "单位"
    ) in (r.content.decode())
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="newbie").exists()


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x1b", "\x7f"])
def test_a_control_character_pasted_into_a_form_is_dropped(client, users, org, char):
    """What a form is pasted besides the text (a NUL, a vertical tab…) is dropped from every
    field before any view reads it (`jixiao.web.controls`), as the file readers drop it."""
    client.force_login(users.carol)
    r = client.post(f"/setup/regions/{org.region.pk}/", {"code": "130213", "name": f"唐山{char}市"})
    assert r.status_code == 302
    org.region.refresh_from_db()
    assert org.region.name == "唐山市"


@pytest.mark.parametrize("char", ["\u200b", "\u202e", "\ufeff", "\u2066"])
def test_invisible_characters_cannot_make_a_lookalike_unit(client, users, org, char):
    from jixiao.web.orgs.models import Unit

    client.force_login(users.carol)
    dept = org.dept_a.pk
    r = client.post(
        "/setup/units/", {"department": dept, "code": f"314{char}003", "name": "某单位"}
    )
    assert r.status_code == 400 and "看不见的字符" in r.content.decode()
    r = client.post(
        "/setup/units/", {"department": dept, "code": "314777", "name": f"第一{char}中学"}
    )
    assert r.status_code == 302
    assert Unit.objects.get(code="314777").name == "第一中学"
