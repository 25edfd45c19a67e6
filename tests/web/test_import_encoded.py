"""``jixiao import`` on PostgreSQL: the reader processes send the COPY text
(`copy_text.EncodedDocument`) instead of the document, and the importing process reports and
creates the unit from it as it did from the document."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from jixiao.cli.import_ import _unit_for
from jixiao.core.generate import GeneratorOptions, generate_documents
from jixiao.core.regions import region_code_of
from jixiao.web.goals.copy_text import encode

pytestmark = pytest.mark.django_db


def _documents():
    return list(generate_documents(GeneratorOptions(units=2, projects_per_unit=3, seed=4)))


def test_the_encoding_says_what_the_import_reports_of_the_document() -> None:
    for doc in _documents():
        e = encode(doc)
        assert e.problem is None
        assert (e.unit_code, e.unit_name, e.year) == (doc.unit.code, doc.unit.name, doc.year)
        assert (e.money_unit, e.budget_total) == (doc.money_unit, str(doc.budget_total))
        assert e.region_code == region_code_of(doc) and e.region_code
    # A document refused by the bounds check keeps its budget total for the report.
    doc = _documents()[0]
    first = doc.projects[0]
    doc.projects[0] = dataclasses.replace(
        first, budget=dataclasses.replace(first.budget, total=Decimal("-1"))
    )
    e = encode(doc)
    assert e.problem and e.budget_total == str(doc.budget_total) and e.money_unit


def test_the_unit_from_the_encoding_is_the_unit_from_the_document() -> None:
    docs = _documents()
    from_encoding = _unit_for(encode(docs[0]), None, "tester")
    from_document = _unit_for(docs[0], None, "tester")
    assert from_encoding.pk == from_document.pk
    other = _unit_for(encode(docs[1]), None, "tester")
    assert other.code == docs[1].unit.code and other.name == docs[1].unit.name
    assert other.department.region.code == region_code_of(docs[1])
