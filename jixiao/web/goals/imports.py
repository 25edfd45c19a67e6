"""Import a goal document: `preview` what would be stored, then `import_bytes` atomically.

A file that is not a goal document, or that a reader refuses, raises `ReadError` and
stores nothing; so does a unit/year that already has a document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from jixiao.core import model as core
from jixiao.core.errors import JixiaoError, ReadError
from jixiao.core.formats import read_bytes
from jixiao.core.validation import document_problems
from jixiao.web.audit.log import record
from jixiao.web.goals import mapping
from jixiao.web.goals.drafting import delete_document  # noqa: F401  (re-exported)
from jixiao.web.goals.models import GoalDocument
from jixiao.web.goals.review import document_findings
from jixiao.web.orgs.models import Unit


class ImportRefused(JixiaoError):
    """The document cannot be stored (unknown unit, already imported…)."""


@dataclass
class Preview:
    """What an import would create, and what the review says about it."""

    document: core.Document
    unit_code: str | None
    unit: Unit | None
    existing: GoalDocument | None
    findings: list[dict[str, Any]] = field(default_factory=list)
    review_available: bool = False

    @property
    def projects(self) -> list[core.Project]:
        return self.document.projects

    @property
    def budget_total(self) -> Decimal:
        return self.document.budget_total

    @property
    def warnings(self) -> list[str]:
        return list(self.document.warnings)

    @property
    def unit_mismatch(self) -> bool:
        """The document names another unit than the one it is imported for."""
        return bool(
            self.unit and self.document.unit.code and self.document.unit.code != self.unit.code
        )

    def findings_for(self, seq: int | None) -> list[dict[str, Any]]:
        return [f for f in self.findings if f.get("project_seq") == seq]

    def problems(self) -> list[str]:
        """Reasons the import would be refused (empty when it can go ahead)."""
        out = []
        if self.unit is None:
            out.append(f"单位编码“{self.unit_code or '（无）'}”不存在，请先由系统管理员创建该单位")
        if self.existing is not None:
            out.append(
                f"{self.existing.unit.name} {self.existing.year or ''}年度的绩效目标已导入，不能重复导入"
            )
        return out


def parse(data: bytes, name: str) -> core.Document:
    """Read ``data``; a file without any project table is not a goal document."""
    doc = read_bytes(data, name)
    if not doc.projects:
        raise ReadError("文件中没有任何项目绩效目标表，不是绩效目标文档", file=name)
    return doc


def _unit_for(doc: core.Document, unit: Unit | None) -> tuple[str | None, Unit | None]:
    if unit is not None:
        return unit.code, unit
    code = doc.unit.code
    return code, Unit.objects.filter(code=code).first() if code else None


def preview(data: bytes, name: str, unit: Unit | None = None) -> Preview:
    """What importing ``data`` would create (nothing is stored); raises `ReadError`."""
    doc = parse(data, name)
    code, target = _unit_for(doc, unit)
    existing = (
        GoalDocument.objects.select_related("unit").filter(unit=target, year=doc.year).first()
        if target
        else None
    )
    findings, available = document_findings(doc)
    return Preview(doc, code, target, existing, findings, available)


def import_document(
    doc: core.Document, user: Any, unit: Unit | None = None, source_name: str = ""
) -> GoalDocument:
    """Store ``doc`` (for ``unit``, default: the unit its code names) in one transaction.

    A value out of the core's bounds is refused here too, whatever made ``doc``."""
    problems = document_problems(doc)
    if problems:
        raise ImportRefused(problems[0][1])
    code, target = _unit_for(doc, unit)
    if target is None:
        raise ImportRefused(f"单位编码“{code or '（无）'}”不存在，请先由系统管理员创建该单位")
    with transaction.atomic():
        if GoalDocument.objects.filter(unit=target, year=doc.year).exists():
            raise ImportRefused(f"{target.name} {doc.year or ''}年度的绩效目标已导入，不能重复导入")
        document = mapping.document_to_db(doc, target, user, source_name)
        record(
            user,
            "document.import",
            document,
            new={
                "file": source_name,
                "unit": target.code,
                "year": doc.year,
                "projects": len(doc.projects),
                "budget_total": str(doc.budget_total),
            },
        )
    return document


def import_bytes(data: bytes, name: str, user: Any, unit: Unit | None = None) -> GoalDocument:
    """Read and store a file; raises `ReadError`/`ImportRefused` and then stores nothing."""
    return import_document(parse(data, name), user, unit, source_name=name)
