"""Long codes and numbers never wrap in a PDF cell: the font shrinks to fit instead."""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal

from jixiao.core.formats import to_bytes
from jixiao.core.model import PlanCell, SpendingPlan

CODE = "13021322P00000410179E"
AMOUNT = Decimal("123456789012.345678")


def lines_of(data: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [ln.strip() for page in reader.pages for ln in page.extract_text().splitlines()]


def test_a_code_in_a_narrow_column_stays_on_one_line(seed_doc):
    # Twelve monthly checkpoints make thirteen narrow columns; the code spans two.
    plan = SpendingPlan([PlanCell(m, f"{m * 8}%", Decimal(m * 8)) for m in range(1, 13)])
    p = seed_doc.projects[0]
    p = dataclasses.replace(
        p, code=CODE, spending_plan=plan, budget=dataclasses.replace(p.budget, total=AMOUNT)
    )
    doc = dataclasses.replace(
        seed_doc, projects=[p], overall_goals=[], project_summaries=[], measures=[]
    )
    lines = lines_of(to_bytes(doc, "pdf"))
    assert any(CODE in ln for ln in lines), [ln for ln in lines if ln[:4] in CODE]
    assert any(str(AMOUNT) in ln for ln in lines)


def test_codes_in_the_self_evaluation_summary_stay_on_one_line(seed_doc):
    from jixiao.core.evaluation import evaluate
    from jixiao.core.evaluation.export import to_bytes as tables_to_bytes
    from jixiao.core.evaluation.tables import summary_table

    report = evaluate(seed_doc, [])
    lines = lines_of(tables_to_bytes([summary_table(report)], "pdf"))
    codes = [p.code for p in seed_doc.projects if p.code]
    whole = [c for c in codes if any(c in ln for ln in lines)]
    assert whole == codes
