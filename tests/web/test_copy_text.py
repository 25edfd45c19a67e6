"""`copy_text.encode`: a document's COPY text holds the values the ORM path stores, and the
bounds check's first problem; `encode` runs in worker processes, so it needs no Django."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from decimal import Decimal

import pytest

from jixiao.core.generate import GeneratorOptions, generate_documents
from jixiao.web.goals import copy_text, mapping
from jixiao.web.goals.models import GoalDocument, Indicator, Project, SpendingPlanCell

JSON_FIELDS = {"goals", "overall_goals", "measures", "project_summaries", "department_indicators"}


def _unescape(field: str) -> str | None:
    if field == copy_text.NULL:
        return None
    out, chars = [], iter(field)
    for c in chars:
        if c == "\\":
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}[next(chars)])
        else:
            out.append(c)
    return "".join(out)


def _stored(model, name: str, value):
    """``value`` as the ORM path hands it to the database, for comparison with the text."""
    field = model._meta.get_field(name)
    if name in JSON_FIELDS:
        return value
    prepped = field.get_prep_value(value)
    return None if prepped is None else str(prepped)


def _read(model, columns, line: str) -> dict:
    values = [_unescape(f) for f in line.split("\t")]
    assert len(values) == len(columns)
    return {
        c: (json.loads(v) if c in JSON_FIELDS and v is not None else v)
        for c, v in zip(columns, values, strict=True)
    }


def _documents():
    return list(generate_documents(GeneratorOptions(6, 4, seed=11)))


def test_the_copy_text_holds_the_values_of_the_orm_path():
    for doc in _documents():
        e = copy_text.encode(doc)
        assert e.problem is None and e.project_count == len(doc.projects)
        row = mapping.document_row(doc, unit=None)  # type: ignore[arg-type]
        expected = {
            c: _stored(GoalDocument, c, getattr(row, c)) for c in copy_text.DOCUMENT_COLUMNS
        }
        assert _read(GoalDocument, copy_text.DOCUMENT_COLUMNS, e.line) == expected
        for p, ep in zip(doc.projects, e.projects, strict=True):
            fields = mapping.project_fields(p)
            assert set(fields) == set(copy_text.PROJECT_COLUMNS)
            expected = {c: _stored(Project, c, v) for c, v in fields.items()}
            assert _read(Project, copy_text.PROJECT_COLUMNS, ep.line) == expected
            for model, columns, parts, rows in (
                (
                    Indicator,
                    copy_text.INDICATOR_COLUMNS,
                    ep.indicators,
                    mapping.indicator_fields(p),
                ),
                (SpendingPlanCell, copy_text.CELL_COLUMNS, ep.cells, mapping.cell_fields(p)),
            ):
                lines = "42".join(parts).splitlines()
                assert len(lines) == len(rows)
                for line, fields in zip(lines, rows, strict=True):
                    assert set(fields) == set(columns)
                    project_id, rest = line.split("\t", 1)
                    assert project_id == "42"
                    expected = {c: _stored(model, c, v) for c, v in fields.items()}
                    assert _read(model, columns, rest) == expected


def test_tabs_newlines_and_backslashes_survive_the_text_format():
    doc = _documents()[0]
    first = doc.projects[0]
    tricky = "第一行\t制表\n第二行\\反斜杠\r"
    doc.projects[0] = dataclasses.replace(first, name=tricky, purpose=None)
    e = copy_text.encode(doc)
    row = _read(Project, copy_text.PROJECT_COLUMNS, e.projects[0].line)
    assert row["name"] == tricky and row["purpose"] is None
    assert "\n" not in e.projects[0].line and "\t" not in row["name"].replace(tricky, "")


def test_a_value_out_of_bounds_is_the_encoded_problem_and_nothing_is_built():
    doc = _documents()[1]
    first = doc.projects[0]
    doc.projects[0] = dataclasses.replace(
        first, budget=dataclasses.replace(first.budget, total=Decimal("1e30"))
    )
    e = copy_text.encode(doc)
    assert e.problem and "第 1 个项目" in e.problem
    assert e.projects == [] and e.year == doc.year


def test_encoding_needs_no_django():
    code = (
        "import sys; from jixiao.web.goals import copy_text; "
        "from jixiao.core.generate import GeneratorOptions, generate_documents; "
        "[copy_text.encode(d) for d in generate_documents(GeneratorOptions(1, 2))]; "
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if 'django' in m)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("value", [None, "", "a\\tb"])
def test_text_round_trips(value):
    assert _unescape(copy_text.text(value)) == value
