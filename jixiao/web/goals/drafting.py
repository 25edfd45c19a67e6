"""Writing a document from scratch: create it, add, copy, move and delete projects, delete it,
roll it over to the next year.

Every function checks the permission policy (`jixiao.web.permissions`), runs in one
transaction, writes one audit entry with a fixed action name, and refuses with a
`DraftError` (a Chinese message; the API answers 409) what the status does not allow:
only a draft project may be deleted or moved, and only a document none of whose projects
was ever submitted may be deleted.

    create_document(unit, year, money_unit, user)   document.create
    add_project(document, user, name=)              project.create   (a blank draft)
    copy_project(project, user)                     project.copy     (a draft copy at the end)
    move_project(project, user, -1 | +1)            project.move     (swaps with a neighbour)
    delete_project(project, user)                   project.delete
    delete_document(document, user)                 document.delete
    roll_over(document, year, user, renumber=)      document.rollover
"""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from jixiao.core import model as core
from jixiao.core.amounts import DISPLAY_UNITS
from jixiao.core.bounds import MAX_YEAR, MIN_YEAR, check_text
from jixiao.core.errors import JixiaoError
from jixiao.core.formats.json_io import indicator_to_dict
from jixiao.core.rollover import RolloverReport
from jixiao.core.rollover import roll_over as core_roll_over
from jixiao.core.validation import indicator_problems
from jixiao.web import permissions
from jixiao.web.audit.log import record
from jixiao.web.goals import mapping
from jixiao.web.goals.editing import ChangeError, apply_changes, parse_indicators
from jixiao.web.goals.models import DRAFT, GoalDocument, Project
from jixiao.web.goals.workflow import WorkflowError
from jixiao.web.orgs.models import Unit

#: Money units a document drafted in the pages may use (those amounts are shown in).
MONEY_UNITS = DISPLAY_UNITS
#: Fiscal years a document may be written for: the core's bounds, as for a read file.
YEARS = range(MIN_YEAR, MAX_YEAR + 1)
#: The name of a project just added, until the unit names it.
NEW_PROJECT = "新项目"


class DraftError(WorkflowError):
    """A draft operation the current state does not allow (the API answers 409)."""


#: Entries one list of the department part may hold (总体绩效目标, 工作保障措施, 分项绩效目标,
#: the department's indicators): far above any real document, far below what exhausts a page.
MAX_PARTS = 1000


class DraftInputError(JixiaoError):
    """A bad value (year, money unit…; the API answers 400)."""


def check_year(year: Any) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or year not in YEARS:
        raise DraftInputError(f"预算年度应为 {YEARS.start}–{YEARS.stop - 1} 之间的整数")
    return year


def _refuse_existing(unit: Unit, year: int) -> None:
    if GoalDocument.objects.filter(unit=unit, year=year).exists():
        raise DraftError(f"{unit.name} {year} 年度已有绩效目标文档，不能重复新建")


def create_document(unit: Unit, year: Any, money_unit: Any, user: Any) -> GoalDocument:
    """An empty document of ``unit`` for ``year`` (amounts in ``money_unit``)."""
    permissions.require_document(user, permissions.CREATE, unit)
    year = check_year(year)
    if money_unit not in MONEY_UNITS:
        raise DraftInputError(f"金额单位应为{'或'.join(MONEY_UNITS)}")
    with transaction.atomic():
        _refuse_existing(unit, year)
        document = GoalDocument.objects.create(
            unit=unit,
            year=year,
            money_unit=money_unit,
            unit_code_text=unit.code,
            unit_name_text=unit.name,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        record(
            user,
            "document.create",
            document,
            new={"unit": unit.code, "year": year, "money_unit": money_unit},
        )
    return document


def _lock_document(document: GoalDocument) -> GoalDocument:
    return GoalDocument.objects.select_for_update().select_related("unit").get(pk=document.pk)


def _next_seq(document: GoalDocument) -> int:
    return (document.projects.aggregate(m=Max("seq"))["m"] or 0) + 1


def _store(document: GoalDocument, p: core.Project) -> Project:
    row = Project(document=document)
    return mapping.project_to_db(row, p)


#: Keys of a project's JSON that a new project ignores (the server sets them).
READ_ONLY = frozenset({"id", "status", "version", "seq", "spending_curve", "budget_to_confirm"})


def add_project(
    document: GoalDocument,
    user: Any,
    name: str = NEW_PROJECT,
    fields: dict[str, Any] | None = None,
) -> Project:
    """A draft project at the end of ``document``: blank, to be filled in on the edit page,
    or with ``fields`` (the API's project JSON, checked like an edit; `ChangeError`)."""
    permissions.require_document(user, permissions.COMPOSE, document.unit)
    name = (name or "").strip() or NEW_PROJECT
    p = core.Project(seq=None, code=None, name=name, budget=core.Budget(None))
    if fields:
        p = apply_changes(p, {k: v for k, v in fields.items() if k not in READ_ONLY})
    with transaction.atomic():
        document = _lock_document(document)
        p.seq = _next_seq(document)
        row = _store(document, p)
        record(user, "project.create", row, new={"document": document.pk, "seq": row.seq})
    return row


def copy_project(project: Project, user: Any) -> Project:
    """A draft copy of ``project`` at the end of its document (no code: codes are unique)."""
    permissions.require(user, permissions.VIEW, project)
    permissions.require_document(user, permissions.COMPOSE, project.document.unit)
    with transaction.atomic():
        document = _lock_document(project.document)
        source = mapping.with_children(Project.objects.filter(pk=project.pk)).get()
        p = copy.deepcopy(mapping.project_from_db(source))
        p.seq, p.code, p.title = _next_seq(document), None, None
        p.name = f"{p.name}（副本）"
        row = _store(document, p)
        record(
            user,
            "project.copy",
            row,
            new={"document": document.pk, "seq": row.seq, "copied_from": project.pk},
        )
    return row


def _numbered(document: GoalDocument) -> list[Project]:
    """The document's projects in order, numbered 1…n when they were not."""
    rows = list(Project.objects.select_for_update().filter(document=document).order_by("seq", "id"))
    for k, row in enumerate(rows, 1):
        if row.seq != k:
            row.seq = k
            Project.objects.filter(pk=row.pk).update(seq=k)
    return rows


def _require_draft(project: Project, doing: str) -> None:
    if project.status != DRAFT:
        raise DraftError(
            f"项目“{project.name}”当前状态为“{project.status_label}”，只有草稿才能{doing}"
        )


def move_project(project: Project, user: Any, step: int) -> Project:
    """Swap ``project`` with the draft before (``step=-1``) or after (``+1``) it."""
    permissions.require_document(user, permissions.COMPOSE, project.document.unit)
    if step not in (-1, 1):
        raise DraftInputError("只能上移或下移一位")
    with transaction.atomic():
        document = _lock_document(project.document)
        rows = _numbered(document)
        index = next(k for k, r in enumerate(rows) if r.pk == project.pk)
        other = index + step
        if not 0 <= other < len(rows):
            raise DraftError("已经是第一个项目" if step < 0 else "已经是最后一个项目")
        a, b = rows[index], rows[other]
        _require_draft(a, "调整顺序")
        _require_draft(b, "调整顺序")
        a.seq, b.seq = b.seq, a.seq
        Project.objects.filter(pk=a.pk).update(seq=a.seq)
        Project.objects.filter(pk=b.pk).update(seq=b.seq)
        record(user, "project.move", a, old={"seq": b.seq}, new={"seq": a.seq})
    project.seq = a.seq
    return project


def delete_project(project: Project, user: Any) -> None:
    """Delete a draft project (never one that was submitted)."""
    permissions.require(user, permissions.DELETE, project)
    with transaction.atomic():
        document = _lock_document(project.document)
        locked = Project.objects.select_for_update().get(pk=project.pk)
        _require_draft(locked, "删除")
        record(
            user,
            "project.delete",
            locked,
            old={
                "document": document.pk,
                "seq": locked.seq,
                "code": locked.code,
                "name": locked.name,
                "budget_total": None if locked.budget_total is None else str(locked.budget_total),
            },
        )
        locked.delete()
        # Close the gap while nothing of the document has gone to a reviewer.
        if not document.projects.exclude(status=DRAFT).exists():
            _numbered(document)


def delete_document(document: GoalDocument, user: Any) -> None:
    """Delete a document while every project is still a draft (nothing a reviewer saw)."""
    permissions.require_document(user, permissions.DELETE, document.unit)
    with transaction.atomic():
        document = _lock_document(document)
        started = document.projects.exclude(status=DRAFT).count()
        if started:
            raise DraftError(f"已有 {started} 个项目提交过审核，不能删除整份文档")
        if document.department_status != DRAFT:
            raise DraftError("部门整体绩效目标已提交过审核，不能删除整份文档")
        old = {
            "unit": document.unit.code,
            "year": document.year,
            "file": document.source_name,
            "projects": document.projects.count(),
        }
        record(user, "document.delete", document, old=old)
        document.delete()


def roll_over(
    document: GoalDocument, year: Any, user: Any, *, renumber: bool = False
) -> tuple[GoalDocument, RolloverReport]:
    """Next year's document from ``document`` (以上年为基础编制): every project a draft,
    budgets kept but to be confirmed; see `jixiao.core.rollover`."""
    permissions.require_document(user, permissions.ROLLOVER, document.unit)
    year = check_year(year)
    if year == document.year:
        raise DraftError(f"新年度不能与原文档年度（{year}）相同")
    source = mapping.document_from_db(document)
    new_doc, report = core_roll_over(source, year, renumber=renumber)
    with transaction.atomic():
        _refuse_existing(document.unit, year)
        created = mapping.document_to_db(
            new_doc, document.unit, user, source_name=f"以 {document.year or ''} 年度为基础编制"
        )
        rows = list(created.projects.order_by("id"))  # in the order they were stored
        flagged = [
            row.pk
            for row, line in zip(rows, report.projects, strict=True)
            if line.budget_to_confirm
        ]
        Project.objects.filter(pk__in=flagged).update(budget_to_confirm=True)
        record(
            user,
            "document.rollover",
            created,
            new={
                "from_document": document.pk,
                "from_year": document.year,
                "year": year,
                "projects": len(report.projects),
                "indicators": report.indicator_count,
                "renumbered": renumber,
                "budgets_to_confirm": report.budgets_to_confirm,
            },
        )
    return created, report


def _lines(items: Any, what: str) -> list[str]:
    if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
        raise DraftInputError(f"{what}应为文字列表")
    if len(items) > MAX_PARTS:
        raise DraftInputError(f"{what}过多（{len(items)} 条，最多 {MAX_PARTS} 条）")
    for k, text in enumerate(items, 1):
        try:
            check_text(text, "long")
        except ValueError as e:
            raise DraftInputError(f"{what}第 {k} 条：{e}") from None
    return [x.strip() for x in items if x.strip()]


def edit_department(
    document: GoalDocument,
    user: Any,
    *,
    overall_goals: Any = None,
    measures: Any = None,
    summaries: dict[int, str] | None = None,
    indicators: Any = None,
    version: int | None,
) -> GoalDocument:
    """Replace parts of the department part (``None`` leaves a part as it is): 总体绩效目标,
    工作保障措施, the 分项绩效目标 of each project (by its number; a blank text drops the
    entry) and the 部门整体绩效目标表 (indicator dicts as the API's PATCH takes them).

    Only the unit, only while the department part is 草稿 or 已退回 (else `PermissionDenied`);
    a stale ``version`` is refused."""
    from jixiao.web.goals.workflow import EDITABLE, StaleVersionError

    permissions.require_document(user, permissions.COMPOSE, document.unit)
    new: dict[str, Any] = {}
    if overall_goals is not None:
        new["overall_goals"] = _lines(overall_goals, "总体绩效目标")
    if measures is not None:
        new["measures"] = _lines(measures, "工作保障措施")
    if indicators is not None:
        if isinstance(indicators, list) and len(indicators) > MAX_PARTS:
            raise DraftInputError(f"部门整体绩效目标表的指标过多（最多 {MAX_PARTS} 个）")
        rows = parse_indicators(indicators)
        problems = indicator_problems(rows)
        if problems:
            raise ChangeError(dict(problems))
        new["department_indicators"] = [indicator_to_dict(i) for i in rows]
    if summaries is not None:
        if len(summaries) > MAX_PARTS:
            raise DraftInputError(f"分项绩效目标过多（最多 {MAX_PARTS} 条）")
        for seq, text in summaries.items():
            try:
                check_text(text, "long")
            except ValueError as e:
                raise DraftInputError(f"项目 {seq} 的分项绩效目标：{e}") from None
    with transaction.atomic():
        locked = _lock_document(document)
        if version is not None and locked.version != version:
            raise StaleVersionError(
                f"部门整体绩效目标已被他人修改（当前版本 {locked.version}，你读取的是版本 "
                f"{version}），请刷新后重试"
            )
        if locked.department_status not in EDITABLE:
            raise PermissionDenied(
                f"部门整体绩效目标当前状态为“{locked.department_status_label}”，"
                "只有草稿或已退回状态才能修改"
            )
        if summaries is not None:
            names = dict(locked.projects.values_list("seq", "name"))
            entries = []
            for seq, text in sorted(summaries.items()):
                if seq not in names:
                    raise DraftInputError(f"没有序号为 {seq} 的项目")
                if text.strip():
                    entries.append({"seq": seq, "name": names[seq], "text": text.strip()})
            new["project_summaries"] = entries
        old = {k: getattr(locked, k) for k in new}
        changed = [k for k in new if old[k] != new[k]]
        if changed:
            for key in changed:
                setattr(locked, key, new[key])
            locked.version += 1
            locked.save(update_fields=[*changed, "version"])
            record(
                user,
                "document.edit",
                locked,
                old={k: old[k] for k in changed},
                new={k: new[k] for k in changed} | {"version": locked.version},
            )
    document.version = locked.version
    return locked
