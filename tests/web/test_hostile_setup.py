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
