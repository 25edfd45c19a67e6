"""Import a goal document: `preview` what would be stored, then `import_bytes` atomically.

A file that is not a goal document, or that a reader refuses, raises `ReadError` and
stores nothing; so does a unit/year that already has a document. The file's projects can
then be added to that document instead (`append_bytes`: a unit whose projects are split
over several files), all or none, refused when one of them has the code or the name of a
project already there: nothing is ever overwritten.

A file holding only the department part (部门整体绩效目标表: overall goals and department
indicators, no project table) is a document too: imported as the year's document without
projects, or, when the unit already has that year's document, it replaces that document's
department part (`department_bytes`), previewed by `department_changes`, refused whole by
`department_conflicts`; the projects are never touched.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from jixiao.core import model as core
from jixiao.core.errors import JixiaoError, ReadError
from jixiao.core.formats import read_bytes
from jixiao.core.formats.json_io import indicator_to_dict
from jixiao.core.formats.overrides import LayoutOverride
from jixiao.core.limits import check_count
from jixiao.core.limits import current as current_limits
from jixiao.core.validation import document_problems
from jixiao.web.audit.log import record
from jixiao.web.goals import mapping
from jixiao.web.goals.drafting import delete_document  # noqa: F401  (re-exported)
from jixiao.web.goals.models import GoalDocument, Project
from jixiao.web.goals.review import document_review
from jixiao.web.layouts.services import Remembered, remember, remembered
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
    #: The review report the findings come from (None without the review engine).
    report: Any = None
    #: The correction the document was read with (the user's, or a remembered one).
    override: LayoutOverride = field(default_factory=LayoutOverride)
    #: The correction remembered for this layout, applied without asking.
    remembered: Remembered | None = None
    _by_seq: dict[int | None, list[dict[str, Any]]] | None = field(default=None, repr=False)

    @property
    def projects(self) -> list[core.Project]:
        return self.document.projects

    @property
    def budget_total(self) -> Decimal:
        return self.document.budget_total

    @property
    def department_only(self) -> bool:
        """The file holds the department part only (no project table)."""
        return not self.document.projects

    def department_problems(self) -> list[str]:
        """Why the file's department part cannot replace the existing document's (empty
        when it can: `replace_department`)."""
        if self.existing is None or self.unit is None:
            return ["没有可更新的已有文档"]
        return department_conflicts(self.existing, self.document)

    def department_changes(self) -> list[dict[str, Any]]:
        """What replacing the existing document's department part would change."""
        return department_changes(self.existing, self.document) if self.existing else []

    @property
    def warnings(self) -> list[str]:
        return list(self.document.warnings)

    @property
    def unit_mismatch(self) -> bool:
        """The document names another unit than the one it is imported for."""
        return self.unit is not None and mapping.names_other_unit(self.document.unit, self.unit)

    def findings_for(self, seq: int | None) -> list[dict[str, Any]]:
        # Grouped in one pass: a preview asks once per project (linear, not n × findings).
        if self._by_seq is None:
            self._by_seq = {}
            for f in self.findings:
                self._by_seq.setdefault(f.get("project_seq"), []).append(f)
        return self._by_seq.get(seq, [])

    def append_problems(self) -> list[str]:
        """Why the file's projects cannot be added to the existing document (`existing`):
        empty when they can (`append_document`)."""
        if self.existing is None or self.unit is None:
            return ["没有可追加的已有文档"]
        return append_conflicts(self.existing, self.document)

    def problems(self) -> list[str]:
        """Reasons the import would be refused (empty when it can go ahead)."""
        out = []
        if self.unit is None:
            out.append(f"单位编码“{self.unit_code or '（无）'}”不存在，请先由系统管理员创建该单位")
        if self.existing is not None and self.department_only:
            out.append(
                f"{self.existing.unit.name} {self.existing.year or ''}年度的绩效目标已导入，"
                "这个文件只有部门整体绩效目标，不能作为新文档导入"
            )
        elif self.existing is not None:
            out.append(
                f"{self.existing.unit.name} {self.existing.year or ''}年度的绩效目标已导入，不能重复导入"
            )
        return out


def parse(data: bytes, name: str, override: LayoutOverride | None = None) -> core.Document:
    """Read ``data`` (as corrected by ``override``); a file without any project table nor a
    department part (overall goals, department indicators) is not a goal document."""
    from jixiao.core.review.rule import has_content

    doc = read_bytes(data, name, override=override)
    if doc.kind == "goals" and not has_content(doc):
        raise ReadError(
            "文件中没有任何项目绩效目标表或部门整体绩效目标表，不是绩效目标文档", file=name
        )
    if doc.kind != "goals" and not doc.projects:
        if doc.department_indicators:  # a 部门整体支出绩效自评表 (corpus c20, c45)
            raise ReadError(
                "这是部门整体支出绩效自评表（没有项目自评表），不能作为文件导入；"
                "请在该年度文档的“部门整体支出绩效自评”页面逐项填报",
                file=name,
            )
        raise ReadError("文件中没有任何项目绩效目标表，不是绩效目标文档", file=name)
    check_count("import_projects", len(doc.projects), name)
    return doc


def _unit_for(doc: core.Document, unit: Unit | None) -> tuple[str | None, Unit | None]:
    if unit is not None:
        return unit.code, unit
    code = doc.unit.code
    return code, Unit.objects.filter(code=code).first() if code else None


def unit_for(doc: core.Document, unit: Unit | None) -> Unit | None:
    """The unit ``doc`` goes to: ``unit``, else the one its unit code names (or None)."""
    return _unit_for(doc, unit)[1]


def read_corrected(
    data: bytes, name: str, unit: Unit | None, override: LayoutOverride | None
) -> tuple[core.Document, LayoutOverride, Remembered | None]:
    """Read ``data`` with ``override``; without one, with the correction remembered for
    this layout (for the unit it goes to), if any."""
    if override is not None:
        return parse(data, name, override), override, None
    doc = parse(data, name)
    found = remembered(_unit_for(doc, unit)[1], doc.layout_fingerprint)
    if found is None:
        return doc, LayoutOverride(), None
    try:
        return parse(data, name, found.override), found.override, found
    except JixiaoError:  # a remembered correction never stops a file that reads without it
        return doc, LayoutOverride(), None


def preview(
    data: bytes, name: str, unit: Unit | None = None, override: LayoutOverride | None = None
) -> Preview:
    """What importing ``data`` would create (nothing is stored); raises `ReadError`.

    Without ``override`` a correction remembered for the file's layout is applied.
    """
    doc, used, found = read_corrected(data, name, unit, override)
    return preview_of(doc, unit, used, found)


def existing_document(doc: core.Document, unit: Unit | None) -> GoalDocument | None:
    """The document ``unit`` already has for ``doc``'s year, if any."""
    if unit is None:
        return None
    return GoalDocument.objects.select_related("unit").filter(unit=unit, year=doc.year).first()


def preview_of(
    doc: core.Document,
    unit: Unit | None = None,
    used: LayoutOverride | None = None,
    found: Remembered | None = None,
) -> Preview:
    """The `Preview` of a document already read (with ``used``, remembered as ``found``)."""
    code, target = _unit_for(doc, unit)
    existing = existing_document(doc, target)
    report = document_review(doc)
    findings = [f.to_dict() for f in report.findings] if report is not None else []
    used = used if used is not None else LayoutOverride()
    return Preview(doc, code, target, existing, findings, report is not None, report, used, found)


#: An unfinished import older than this was interrupted (killed): the next import removes it.
STALE_AFTER = timedelta(minutes=10)
#: Pause between two batches on SQLite, so that a waiting writer (which polls the lock
#: every 100 ms at most) gets its turn before the next batch.
SQLITE_PAUSE = 0.1


def _batch_size() -> int:
    return max(1, int(getattr(settings, "JIXIAO_IMPORT_BATCH", 50)))


def import_document(
    doc: core.Document,
    user: Any,
    unit: Unit | None = None,
    source_name: str = "",
    details: dict[str, Any] | None = None,
) -> GoalDocument:
    """Store ``doc`` (for ``unit``, default: the unit its code names), all or nothing.

    The projects are written in batches of `JIXIAO_IMPORT_BATCH`, each its own short
    transaction, so that a large import never holds the database (SQLite has one writer)
    for long. Until the last batch the document is incomplete: no page, list or API shows
    it, and if the import fails (or is killed) it is removed. A value out of the core's
    bounds is refused here too, whatever made ``doc``.
    """
    problems = document_problems(doc)
    if problems:
        raise ImportRefused(problems[0][1])
    code, target = _unit_for(doc, unit)
    if target is None:
        raise ImportRefused(f"单位编码“{code or '（无）'}”不存在，请先由系统管理员创建该单位")
    nested = connection.in_atomic_block  # the caller's transaction then holds it all anyway
    with transaction.atomic():
        unfinished = GoalDocument.all_objects.filter(unit=target, year=doc.year, complete=False)
        if unfinished.filter(created_at__gt=timezone.now() - STALE_AFTER).exists():
            raise ImportRefused(f"{target.name} {doc.year or ''}年度的绩效目标正在导入，请稍后再试")
        unfinished.delete()  # left by an interrupted import
        if GoalDocument.objects.filter(unit=target, year=doc.year).exists():
            raise ImportRefused(f"{target.name} {doc.year or ''}年度的绩效目标已导入，不能重复导入")
        doc = mapping.as_units(doc, target)
        document = mapping.new_document(doc, target, user, source_name, complete=False)
    try:
        size = _batch_size()
        pause = SQLITE_PAUSE if connection.vendor == "sqlite" else 0.0
        for start in range(0, len(doc.projects), size):
            if start and pause and not nested:
                time.sleep(pause)
            with transaction.atomic():
                mapping.projects_to_db(document, doc.projects[start : start + size])
        with transaction.atomic():
            GoalDocument.all_objects.filter(pk=document.pk).update(complete=True)
            document.complete = True
            from jixiao.web.rankings.rollups import forget  # imports these models

            forget([document.pk])  # now shown: its department's ranking sums count it
            record(
                user,
                "document.import",
                document,
                new={**import_summary(doc, target, source_name), **(details or {})},
            )
    except BaseException:
        if not nested:
            with transaction.atomic():
                GoalDocument.all_objects.filter(pk=document.pk).delete()
        raise
    return document


def _money_unit_conflict(document: GoalDocument, doc: core.Document) -> list[str]:
    """The line refusing a file whose money unit is not the existing document's."""
    if doc.money_unit == document.money_unit:
        return []
    return [
        f"文件的金额单位为{doc.money_unit}，已有文档为{document.money_unit}："
        "请在下方“文档信息”中核对金额单位，或按已有文档的金额单位改写文件后再导入"
    ]


def _check_into(doc: core.Document, user: Any, document: GoalDocument) -> None:
    """`ImportRefused` when ``user`` may not import into ``document``'s unit or ``doc`` has
    values out of bounds (the checks of a new import, for a file going into an existing one)."""
    from jixiao.web import permissions

    # ``user`` is a user, or the command line's name (`cli_actor`), which may import anywhere.
    if not isinstance(user, str) and not permissions.can_import(user, document.unit):
        raise ImportRefused("不能为其他单位导入")
    problems = document_problems(doc)
    if problems:
        raise ImportRefused(problems[0][1])


def _with_source(sources: str, name: str) -> str:
    """The document's file names with ``name`` added (the document page and the home page
    name every file a document came from)."""
    if not name or name in sources.split("、"):
        return sources
    return (f"{sources}、{name}" if sources else name)[:1000]


def _into_existing(
    store: Any,
    data: bytes,
    name: str,
    user: Any,
    document: GoalDocument,
    override: LayoutOverride | None,
) -> Any:
    """Read a file (as corrected by ``override``), put it into ``document`` with ``store``
    (`append_document`, `replace_department`) and remember a corrected layout."""
    doc = parse(data, name, override)
    details = {}
    if override:
        details = {"override": override.to_dict(), "layout": doc.layout_fingerprint}
    result = store(doc, user, document, source_name=name, details=details)
    if override:
        remember(document.unit, doc.layout_fingerprint, override, user, name)
    return result


def append_conflicts(document: GoalDocument, doc: core.Document) -> list[str]:
    """What stops ``doc``'s projects from being added to ``document``, one line each: a
    project with the code or the name of one already there (nothing is overwritten), another
    money unit, or too many projects in all. Empty when they can be added."""
    out: list[str] = []
    if not doc.projects:
        out.append("文件中没有项目绩效目标表，没有可追加的项目（部门整体绩效目标请用“更新”）")
    out += _money_unit_conflict(document, doc)
    rows = list(document.projects.order_by("seq", "id").values_list("seq", "code", "name"))
    by_code = {code.strip(): (seq, name) for seq, code, name in rows if code and code.strip()}
    by_name = {name.strip(): seq for seq, _code, name in rows}
    for p in doc.projects:
        code = (p.code or "").strip()
        if code and code in by_code:
            seq, name = by_code[code]
            out.append(
                f"文件中的项目“{p.name}”与已有文档第 {seq} 个项目“{name}”的项目编码（{code}）相同"
            )
        elif p.name.strip() in by_name:
            out.append(f"文件中的项目“{p.name}”与已有文档第 {by_name[p.name.strip()]} 个项目同名")
    total, limit = len(rows) + len(doc.projects), current_limits().import_projects
    if total > limit:
        out.append(f"追加后文档共 {total} 个项目，超过 {limit} 个的上限")
    return out


def append_document(
    doc: core.Document,
    user: Any,
    document: GoalDocument,
    source_name: str = "",
    details: dict[str, Any] | None = None,
) -> list[Project]:
    """Add ``doc``'s projects (drafts, numbered after the last) to ``document``, all or none,
    in one transaction; `ImportRefused` naming the first conflict (`append_conflicts`).
    Only the projects are added: the file's department part (部门整体) is not."""
    _check_into(doc, user, document)
    with transaction.atomic():
        document = (
            GoalDocument.objects.select_for_update().select_related("unit").get(pk=document.pk)
        )
        conflicts = append_conflicts(document, doc)
        if conflicts:
            more = f"（共 {len(conflicts)} 处冲突）" if len(conflicts) > 1 else ""
            raise ImportRefused(f"未追加任何项目：{conflicts[0]}{more}")
        last = document.projects.aggregate(m=Max("seq"))["m"] or 0
        projects = [dataclasses.replace(p, seq=last + k) for k, p in enumerate(doc.projects, 1)]
        mapping.projects_to_db(document, projects)
        sources = _with_source(document.source_name, source_name)
        if sources != document.source_name:
            GoalDocument.objects.filter(pk=document.pk).update(source_name=sources)
        record(
            user,
            "document.import",
            document,
            new={
                **import_summary(doc, document.unit, source_name),
                "appended_to": document.pk,
                "first_seq": last + 1,
                **(details or {}),
            },
        )
    return list(document.projects.filter(seq__gt=last).order_by("seq"))


def append_bytes(
    data: bytes,
    name: str,
    user: Any,
    document: GoalDocument,
    override: LayoutOverride | None = None,
) -> list[Project]:
    """Read a file (as corrected by ``override``) and add its projects to ``document``."""
    return _into_existing(append_document, data, name, user, document, override)


#: The department part a file replaces, each with its label: a part the file leaves empty
#: is kept as stored (a department table seldom has 工作保障措施). 分项绩效目标 name the
#: document's projects by number, so they stay as they are.
DEPARTMENT_PARTS = {
    "overall_goals": "总体绩效目标",
    "measures": "工作保障措施",
    "department_indicators": "部门整体绩效指标",
}


def _department_values(doc: core.Document) -> dict[str, list[Any]]:
    return {
        "overall_goals": list(doc.overall_goals),
        "measures": list(doc.measures),
        "department_indicators": [indicator_to_dict(i) for i in doc.department_indicators],
    }


def department_changes(document: GoalDocument, doc: core.Document) -> list[dict[str, Any]]:
    """Per department part: its label, how many entries are stored and in the file, and
    what happens (``replace``, ``same``, or ``keep`` when the file leaves it empty)."""
    out = []
    for key, values in _department_values(doc).items():
        old = list(getattr(document, key) or [])
        action = "keep" if not values else ("same" if values == old else "replace")
        label = DEPARTMENT_PARTS[key]
        out.append(
            {"key": key, "label": label, "old": len(old), "new": len(values), "action": action}
        )
    return out


def department_conflicts(document: GoalDocument, doc: core.Document) -> list[str]:
    """What stops ``doc``'s department part from replacing ``document``'s, one line each:
    another money unit, a department part under review or approved, a file with projects
    (those are appended, `append_conflicts`) or with no department part. Empty when it can."""
    from jixiao.web.goals.workflow import EDITABLE

    out: list[str] = []
    if doc.projects:
        out.append("文件中有项目绩效目标表：请用“追加到已有文档”追加其中的项目")
    if not any(_department_values(doc).values()):
        out.append("文件中没有总体绩效目标、工作保障措施或部门整体绩效指标，没有可更新的内容")
    out += _money_unit_conflict(document, doc)
    if document.department_status not in EDITABLE:
        out.append(
            f"已有文档的部门整体绩效目标当前状态为“{document.department_status_label}”，"
            "只有草稿或已退回状态才能更新"
        )
    return out


def replace_department(
    doc: core.Document,
    user: Any,
    document: GoalDocument,
    source_name: str = "",
    details: dict[str, Any] | None = None,
) -> list[str]:
    """Replace ``document``'s department part by ``doc``'s (the parts the file has), in one
    transaction, or nothing (`ImportRefused` naming the first conflict); projects and
    分项绩效目标 are untouched. Returns the labels of the parts changed."""
    _check_into(doc, user, document)
    values = _department_values(doc)
    with transaction.atomic():
        locked = GoalDocument.objects.select_for_update().select_related("unit").get(pk=document.pk)
        conflicts = department_conflicts(locked, doc)
        if conflicts:
            more = f"（共 {len(conflicts)} 处问题）" if len(conflicts) > 1 else ""
            raise ImportRefused(f"未更新部门整体绩效目标：{conflicts[0]}{more}")
        changed = [c["key"] for c in department_changes(locked, doc) if c["action"] == "replace"]
        old = {k: getattr(locked, k) for k in changed}
        for key in changed:
            setattr(locked, key, values[key])
        fields = list(changed)
        if changed:
            locked.version += 1
            fields.append("version")
        sources = _with_source(locked.source_name, source_name)
        if sources != locked.source_name:
            locked.source_name = sources
            fields.append("source_name")
        if fields:
            locked.save(update_fields=fields)
        record(
            user,
            "document.import",
            locked,
            old=old,
            new={
                **import_summary(doc, locked.unit, source_name),
                "department_of": locked.pk,
                **{k: values[k] for k in changed},
                **(details or {}),
            },
        )
    document.refresh_from_db()
    return [DEPARTMENT_PARTS[k] for k in changed]


def department_bytes(
    data: bytes,
    name: str,
    user: Any,
    document: GoalDocument,
    override: LayoutOverride | None = None,
) -> list[str]:
    """Read a department-only file (as corrected by ``override``) and replace ``document``'s
    department part with it (`replace_department`)."""
    return _into_existing(replace_department, data, name, user, document, override)


def import_summary(doc: core.Document, unit: Unit, source_name: str) -> dict[str, Any]:
    """What the audit entry of an import records."""
    return {
        "file": source_name,
        "unit": unit.code,
        "year": doc.year,
        "projects": len(doc.projects),
        "budget_total": str(doc.budget_total),
    }


def import_bytes(
    data: bytes,
    name: str,
    user: Any,
    unit: Unit | None = None,
    override: LayoutOverride | None = None,
) -> GoalDocument:
    """Read and store a file; raises `ReadError`/`ImportRefused` and then stores nothing.

    With ``override`` (the user's correction) the file is read as corrected, the correction
    goes into the audit entry, and its layout part is remembered for the unit, so that the
    next file of the same layout is read the same way.
    """
    doc = parse(data, name, override)
    details = {}
    if override:
        details = {"override": override.to_dict(), "layout": doc.layout_fingerprint}
    document = import_document(doc, user, unit, source_name=name, details=details)
    if override:
        remember(document.unit, doc.layout_fingerprint, override, user, name)
    return document
