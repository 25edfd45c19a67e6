"""Grade names live once: the follow-up's pass grade comes from the evaluation config's bands
and the monitoring colours of grades from `jixiao.core.actual_values`."""

from __future__ import annotations

import ast
import dataclasses
import inspect

from jixiao.core import followup
from jixiao.core.actual_values import GRADES, MET_GRADES
from jixiao.core.evaluation import DEFAULT_CONFIG
from jixiao.core.monitoring import indicators
from jixiao.core.scales import GREEN, RED, YELLOW


def test_the_pass_grade_follows_renamed_bands():
    assert followup.RECTIFY_BELOW_GRADE == followup.rectify_below_grade() == "良"
    names = ("甲", "乙", "丙", "丁")
    bands = tuple(zip(names, (low for _, low in DEFAULT_CONFIG.grade_bands), strict=True))
    renamed = dataclasses.replace(DEFAULT_CONFIG, grade_bands=bands)
    assert followup.rectify_below_grade(renamed) == "乙"
    assert [followup.grade_needs_rectification(n, renamed) for n in names] == [
        False,
        False,
        True,
        True,
    ]
    assert followup.grade_needs_rectification("中") and not followup.grade_needs_rectification("良")


def _literals(module: object) -> set[str]:
    tree = ast.parse(inspect.getsource(module))  # type: ignore[arg-type]
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return {
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    }


def test_monitoring_colours_grades_from_the_one_list():
    assert not _literals(indicators) & set(GRADES)
    assert not _literals(followup) & {name for name, _ in DEFAULT_CONFIG.grade_bands}
    assert set(indicators.GRADE_COLORS) == set(GRADES)
    assert {g for g, c in indicators.GRADE_COLORS.items() if c == GREEN} == MET_GRADES
    assert {g for g, c in indicators.GRADE_COLORS.items() if c == RED} == {"未达成", "差"}
    assert {g for g, c in indicators.GRADE_COLORS.items() if c == YELLOW} == {"部分达成", "中"}
