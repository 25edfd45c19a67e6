"""Roll-over (以上年为基础编制) as pure data: everything copied, codes and budgets handled."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core import roll_over
from jixiao.core.rollover import code_for_year


@pytest.mark.parametrize(
    ("code", "year", "expected"),
    [
        ("13021322P00000410179E", 2023, "13021323P00000410179E"),
        ("13021322P00000410179E", 2100, "13021300P00000410179E"),
        ("1302", 2023, "1302"),  # too short: unchanged
        ("130213XXP00000410179E", 2023, "130213XXP00000410179E"),  # no year digits
        (None, 2023, None),
    ],
)
def test_code_for_year_replaces_the_two_year_digits(code, year, expected):
    assert code_for_year(code, year) == expected


def test_rolling_the_seed_over_copies_every_project_plan_and_indicator(seed_doc):
    new, report = roll_over(seed_doc, 2023)
    assert new.year == 2023 and seed_doc.year == 2022
    assert len(new.projects) == len(seed_doc.projects) == 36
    for old, p in zip(seed_doc.projects, new.projects, strict=True):
        assert p.code == old.code  # kept unless asked
        assert p.indicators == old.indicators
        assert p.spending_plan == old.spending_plan
        assert p.goals == old.goals
        assert p.budget == old.budget
        assert p is not old and p.indicators is not old.indicators
    assert new.overall_goals == seed_doc.overall_goals and new.measures == seed_doc.measures
    assert report.indicator_count == sum(len(p.indicators) for p in seed_doc.projects)
    assert report.budgets_to_confirm == 36
    assert report.lines()[0] == (
        f"已从 2022 年度复制到 2023 年度：36 个项目，{report.indicator_count} 个指标"
    )
    assert "36 个项目的预算数沿用上年，请逐个确认后再提交审核" in report.lines()


def test_renumbering_changes_only_the_year_digits(seed_doc):
    new, report = roll_over(seed_doc, 2023, renumber=True)
    for old, p in zip(seed_doc.projects, new.projects, strict=True):
        assert p.code[:6] == old.code[:6] and p.code[8:] == old.code[8:]
        assert p.code[6:8] == "23"
    assert [line.new_code for line in report.projects] == [p.code for p in new.projects]
    assert "项目编码中的年度位已改为 23" in report.lines()


def test_the_source_document_is_left_untouched(seed):
    before = [(p.code, p.budget.total, len(p.indicators)) for p in seed.projects]
    new, _ = roll_over(seed, 2023, renumber=True)
    new.projects[0].indicators.clear()
    new.projects[0].budget.total = Decimal("0")
    assert [(p.code, p.budget.total, len(p.indicators)) for p in seed.projects] == before


def test_rolling_over_to_the_same_year_is_refused(seed_doc):
    with pytest.raises(ValueError, match="相同"):
        roll_over(seed_doc, 2022)
