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


def test_a_nul_character_is_named_as_such(client, users, org):
    """Django's own Chinese says 不允许是用空字符串 ("no empty string"), which misleads."""
    client.force_login(users.carol)
    r = client.post(f"/setup/regions/{org.region.pk}/", {"code": "130213", "name": "唐山\x00市"})
    page = r.content.decode()
    assert r.status_code == 400
    assert "不能包含空字符（NUL）" in page and "空字符串" not in page
