"""The core model survives a trip through the database unchanged."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core.formats.json_io import project_to_dict
from jixiao.core.targets import parse_target
from jixiao.web.goals.mapping import document_from_db, project_data, project_from_db, with_children

pytestmark = pytest.mark.django_db


def test_seed_to_db_to_core_equals_the_seed(seeded, seed_doc):
    assert document_from_db(seeded) == seed_doc


def test_every_project_maps_back_to_the_seeds_project(seeded, seed_doc):
    rows = list(with_children(seeded.projects.all()).order_by("seq"))
    assert len(rows) == 36
    for row, original in zip(rows, seed_doc.projects, strict=True):
        assert project_from_db(row) == original


def test_decimals_keep_their_written_places(seeded, seed_doc):
    row = with_children(seeded.projects.filter(seq=1)).get()
    # The same JSON as `jixiao read` prints, so "2.28" stays "2.28" and "25" stays "25".
    data = project_data(row)
    assert {
        k: v for k, v in data.items() if k not in ("id", "status", "version", "budget_to_confirm")
    } == project_to_dict(seed_doc.projects[0])
    assert data["status"] == "draft" and data["version"] == 1


def test_budget_amount_is_numeric_for_sorting(seeded):
    from django.db.models import Sum

    total = seeded.projects.aggregate(s=Sum("budget_amount"))["s"]
    assert str(total.quantize(Decimal("0.01"))) == "788.92"


def test_long_cells_are_stored_whole(org, users, seed):
    """A document may write any length within the core's bounds (`core.bounds.TEXT_LIMITS`);
    PostgreSQL must take what SQLite takes."""
    from jixiao.web.goals.imports import import_document

    p = seed.projects[0]
    p.name = "很长的项目名称" * 40
    p.code = "1" * 64
    p.indicators[0].basis = "依据" * 500
    p.indicators[0].target = parse_target("≥" + "9" * 20 + "人次" * 40)
    p.spending_plan.cells[0].text = "25%（" + "说明" * 60 + "）"
    document = import_document(seed, users.alice, org.unit_a, source_name="长" * 400 + ".txt")
    assert document_from_db(document) == seed


def test_the_parts_a_layout_lacks_and_carried_over_funds_are_stored(org, users, seed):
    """A layout without a 指标值确定依据 column (`Document.absent`) stays one after storing,
    so the review of the stored document does not ask for the column either; 上年结转资金
    is kept."""
    from jixiao.core.review import review
    from jixiao.web.goals.imports import import_document

    for p in seed.projects:
        for ind in p.indicators:
            ind.basis = None
    seed.absent = frozenset({"basis"})
    seed.projects[0].budget.carryover = seed.projects[0].budget.total  # 上年结转资金
    document = import_document(seed, users.alice, org.unit_a, source_name="a.xlsx")
    back = document_from_db(document)
    assert back == seed and back.absent == {"basis"}
    assert back.projects[0].budget.carryover == seed.projects[0].budget.total
    assert "R030" not in {f.rule for f in review(back).findings}
