"""Reading the seed document gives exactly the hand-checked golden model."""

from __future__ import annotations

import json
from decimal import Decimal

from jixiao.core.formats.json_io import document_to_dict


def test_it_matches_the_hand_checked_golden_file(seed_doc, data_dir):
    golden = json.loads((data_dir / "xiwanglu-2022.golden.json").read_text(encoding="utf-8"))
    assert json.loads(json.dumps(document_to_dict(seed_doc), ensure_ascii=False)) == golden


def test_it_reads_the_unit_year_and_department_part(seed_doc):
    assert seed_doc.unit.code == "314003"
    assert seed_doc.unit.name == "唐山市曹妃甸区希望路街道办事处"
    assert seed_doc.year == 2022
    assert seed_doc.money_unit == "万元"
    assert len(seed_doc.overall_goals) == 9
    assert seed_doc.overall_goals[0].startswith("开展大走访")  # 一是 removed
    assert len(seed_doc.project_summaries) == 36
    assert [s.seq for s in seed_doc.project_summaries] == list(range(1, 37))
    assert seed_doc.project_summaries[5].name == "防汛费"
    assert "39.50万元" in seed_doc.project_summaries[4].text
    assert len(seed_doc.measures) == 5
    assert seed_doc.measures[4].startswith("强化监管")


def test_it_reads_36_projects_totalling_788_92(seed_doc):
    assert len(seed_doc.projects) == 36
    assert seed_doc.budget_total == Decimal("788.92")
    assert all(len(p.code) == 21 for p in seed_doc.projects)
    assert sum(len(p.indicators) for p in seed_doc.projects) == 108


def test_it_keeps_blank_plan_cells_blank_and_interprets_the_curve(seed_doc):
    p11 = seed_doc.project_by_seq(11)
    assert [c.text for c in p11.spending_plan.cells] == ["40%", None, "100%", None]
    assert [v for _, v in p11.spending_plan.cumulative()] == [40, 40, 100, 100]
    p16 = seed_doc.project_by_seq(16)
    assert [c.percent for c in p16.spending_plan.cells] == [None, None, None, Decimal(100)]
    assert [v for _, v in p16.spending_plan.cumulative()] == [0, 0, 0, 100]


def test_it_keeps_the_target_without_comparator_and_the_blank_bases(seed_doc):
    t = seed_doc.project_by_seq(14).indicators[0].target
    assert (t.text, t.comparator, t.value, t.unit) == ("1", None, Decimal(1), None)
    assert [i.basis for i in seed_doc.project_by_seq(17).indicators] == [None, None, None]


def test_it_strips_stray_tabs_and_normalises_label_spaces(seed_doc):
    p11 = seed_doc.project_by_seq(11)
    assert p11.purpose == "建国前老党员生活补贴"  # written with two trailing tabs
    assert p11.budget.fiscal == Decimal("1.40")  # label "其中：财政    资金"


def test_it_reads_the_seed_without_warnings(seed_doc):
    assert seed_doc.warnings == []
