"""`check_new_code`: the code recorded for an approved project, checked by the review's
code rules (length, year, duplicate) after cleaning what was pasted."""

from __future__ import annotations

import pytest

from jixiao.core.codes import check_new_code, clean_code

CODE = "13021322P00000410179E"


def test_clean_code_makes_look_alikes_one():
    assert clean_code("\u200b１３０２１３２２ｐ０００００４１０１７９ｅ ") == CODE


@pytest.mark.parametrize(
    ("code", "others", "problem"),
    [
        (CODE, [(3, "培训", CODE.lower() + " ")], f"项目编码“{CODE}”与项目 3“培训”重复"),
        (CODE[:-2], [], "有 19 位，应为 21 位"),
        ("13021323P00000410179E", [], "年度位“23”晚于文档年度 2022"),
        ("", [], "项目编码不能为空"),
        ("X" * 65, [], "文字过长"),
    ],
)
def test_refused(code, others, problem):
    _, problems = check_new_code(code, 2022, others)
    assert any(problem in p for p in problems), problems


def test_accepted():
    assert check_new_code(CODE.lower(), 2022, [(1, "a", None), (2, "b", "")]) == (CODE, [])
    # A continuing project keeps the code of the year it entered the budget.
    assert check_new_code("13021320P00000410179E", 2022, [(1, "a", CODE)])[1] == []
