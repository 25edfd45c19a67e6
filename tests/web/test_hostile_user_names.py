"""Look-alike user names: a name is stored as the log-in form reads it (NFKC, trimmed), and a
name with invisible characters, spaces or controls, or one differing from another only in
case, is refused with one Chinese line (`jixiao.core.names.clean_user_name`)."""

from __future__ import annotations

import pytest

from jixiao.core.names import clean_user_name
from jixiao.web.accounts.services import UserError, create_user

PASSWORD = "Correct-horse-battery-9"


@pytest.mark.parametrize(
    "given, stored",
    [
        ("ａｌｉｃｅ", "alice"),
        ("  张三 ", "张三"),
        ("ｂｏｂ２", "bob2"),
        ("wang.li@x", "wang.li@x"),
    ],
)
def test_a_user_name_is_kept_as_the_log_in_form_reads_it(given, stored):
    assert clean_user_name(given) == stored


@pytest.mark.parametrize(
    "given, message",
    [
        ("alice\u200b", "含有看不见的字符"),
        ("\u202ealice", "含有看不见的字符"),
        ("ali ce", "不能含空格或控制字符"),
        ("ali\x00ce", "不能含空格或控制字符"),
        ("ali\u3000ce", "不能含空格或控制字符"),
        ("\u200b", "含有看不见的字符"),
        (" ", "用户名不能为空"),
        ("x" * 151, "用户名过长"),
    ],
)
def test_a_hostile_user_name_is_refused(given, message):
    with pytest.raises(ValueError, match=message):
        clean_user_name(given)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "given, message",
    [
        ("alice\u200b", "含有看不见的字符"),
        ("ａｌｉｃｅ", "用户“alice”已存在"),
        ("Alice", "与已有用户“alice”只差大小写"),
        (" alice ", "用户“alice”已存在"),
    ],
)
def test_a_look_alike_of_an_existing_user_is_refused(users, org, given, message):
    from django.contrib.auth import get_user_model

    before = get_user_model().objects.count()
    with pytest.raises(UserError, match=message):
        create_user(given, "unit", PASSWORD, unit=org.unit_a)
    assert get_user_model().objects.count() == before


@pytest.mark.django_db
def test_a_user_created_with_full_width_letters_logs_in(client, org, users):
    create_user("ｚｈａｏ", "unit", PASSWORD, unit=org.unit_a)
    r = client.post("/login/", {"username": "ｚｈａｏ", "password": PASSWORD})
    assert r.status_code == 302 and client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_the_api_refuses_a_zero_width_look_alike_with_one_line(api, users, org):
    r = api(users.carol).post(
        "users",
        {"username": "carol\u200b", "role": "unit", "unit": org.unit_a.code, "password": PASSWORD},
    )
    assert r.status == 400 and "含有看不见的字符" in r.data["error"]
