"""A goal document as PostgreSQL ``COPY`` text, built where the document was read.

`encode(doc)` turns a core document into the column values of its rows in COPY's text
format (tab-separated, ``\\N`` for NULL), WITHOUT the ids, which only the storing process
can reserve: the document's content columns (`DOCUMENT_COLUMNS`), and per project its
content columns (`PROJECT_COLUMNS`) and the lines of its indicators and plan cells, each
ready for ``project_id.join(parts)`` to prefix every line with its project's id. It also runs
the core's bounds check (`document_problems`), so a document that would be refused is
known before it reaches the storing process.

This module imports no Django: the reader processes of ``jixiao import`` and the generator
processes of ``jixiao generate --to db`` call it, and the storing process
(`jixiao.web.goals.bulk`) only adds ids and streams the text. The values are those of
`mapping.project_fields` / `indicator_fields` / `cell_fields` and `mapping.document_row`
after each field's own conversion (tests/web/test_copy_text.py compares them).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from jixiao.core import model as core
from jixiao.core.formats.json_io import indicator_to_dict
from jixiao.core.regions import region_code_of
from jixiao.core.validation import document_problems

NULL = "\\N"

DOCUMENT_COLUMNS = (
    "year",
    "money_unit",
    "unit_code_text",
    "unit_name_text",
    "overall_goals",
    "measures",
    "project_summaries",
    "department_indicators",
    "absent",
)
PROJECT_COLUMNS = (
    "seq",
    "code",
    "name",
    "title",
    "budget_total",
    "budget_fiscal",
    "budget_other",
    "budget_amount",
    "budget_carryover",
    "budget_parts_unread",
    "purpose",
    "goals",
    "goals_text",
)
INDICATOR_COLUMNS = (
    "position",
    "level1",
    "level2",
    "name",
    "description",
    "target_text",
    "target_comparator",
    "target_value",
    "target_unit",
    "target_upper",
    "basis",
    "weight",
)
CELL_COLUMNS = ("position", "month", "text", "percent")


@dataclass(slots=True)
class EncodedProject:
    #: The content columns, tab-separated, no newline.
    line: str
    #: ``"" , "\t…\n", "\t…\n"…``: ``str(project_id).join(indicators)`` gives the COPY lines
    #: of the indicators (``project_id`` first, then `INDICATOR_COLUMNS`).
    indicators: list[str]
    #: The same for the plan cells (`CELL_COLUMNS`).
    cells: list[str]


@dataclass(slots=True)
class EncodedDocument:
    """What the storing process needs of a document, and nothing it would have to convert."""

    #: The first value out of bounds (one line), or ``None`` when the document may be stored.
    problem: str | None
    year: int | None
    unit_code: str | None
    unit_name: str
    budget_total: str
    #: The content columns of the document row, tab-separated, no newline.
    line: str
    projects: list[EncodedProject]
    #: What ``jixiao import`` reports and creates the unit from, without the document.
    money_unit: str = "万元"
    region_code: str | None = None

    @property
    def project_count(self) -> int:
        return len(self.projects)


def text(value: str | None) -> str:
    """A text value as a COPY text field."""
    if value is None:
        return NULL
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return value


def number(value: Decimal | int | None) -> str:
    """An exact number (stored as its text) or an integer."""
    return NULL if value is None else str(value)


def as_json(value: object) -> str:
    return text(json.dumps(value, ensure_ascii=False))


def encode(doc: core.Document) -> EncodedDocument:
    problems = document_problems(doc)
    if problems:
        return EncodedDocument(
            problems[0][1],
            doc.year,
            doc.unit.code,
            doc.unit.name,
            str(doc.budget_total),
            "",
            [],
            doc.money_unit,
            region_code_of(doc),
        )
    line = "\t".join(
        (
            number(doc.year),
            text(doc.money_unit),
            text(doc.unit.code),
            text(doc.unit.name),
            as_json(list(doc.overall_goals)),
            as_json(list(doc.measures)),
            as_json(
                [{"seq": s.seq, "name": s.name, "text": s.text} for s in doc.project_summaries]
            ),
            as_json([indicator_to_dict(i) for i in doc.department_indicators]),
            as_json([part for part in core.OPTIONAL_PARTS if part in doc.absent]),
        )
    )
    return EncodedDocument(
        None,
        doc.year,
        doc.unit.code,
        doc.unit.name,
        str(doc.budget_total),
        line,
        [_project(p) for p in doc.projects],
        doc.money_unit,
        region_code_of(doc),
    )


def _project(p: core.Project) -> EncodedProject:
    b = p.budget
    total = number(b.total)
    line = "\t".join(
        (
            number(p.seq),
            text(p.code),
            text(p.name),
            text(p.title),
            total,
            number(b.fiscal),
            number(b.other),
            total,
            number(b.carryover),
            str(b.parts_unread),
            text(p.purpose),
            as_json(list(p.goals)),
            text(p.goals_text),
        )
    )
    indicators = [""]
    for k, i in enumerate(p.indicators, 1):
        t = i.target
        indicators.append(
            f"\t{k}\t{text(i.level1)}\t{text(i.level2)}\t{text(i.name)}\t{text(i.description)}"
            f"\t{text(t.text)}\t{text(t.comparator)}\t{number(t.value)}\t{text(t.unit)}"
            f"\t{number(t.upper)}\t{text(i.basis)}\t{number(i.weight)}\n"
        )
    cells = [""]
    for k, c in enumerate(p.spending_plan.cells, 1):
        cells.append(f"\t{k}\t{c.month}\t{text(c.text)}\t{number(c.percent)}\n")
    return EncodedProject(line, indicators, cells)
