"""The department part of a document (部门整体绩效目标): overall goals, the 分项 list linked to
the project tables with the review's summary findings beside each entry, 保障措施 and the
部门整体绩效目标表; its review findings, its workflow (submit, return, approve) and export.

Where a summary and its table disagree, or a goal has no project, is the review's judgement
(the ``summary`` and ``department`` rule families in `jixiao.core.review.rules`), not this
page's. The transitions are `jixiao.web.goals.department`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from jixiao.core.errors import JixiaoError
from jixiao.core.files import safe_filename
from jixiao.core.formats import to_bytes
from jixiao.core.review.finding import DEPARTMENT
from jixiao.web import permissions
from jixiao.web.front import quality
from jixiao.web.goals import department as workflow
from jixiao.web.goals import mapping
from jixiao.web.goals.models import SUBMITTED
from jixiao.web.goals.workflow import EDITABLE

#: Rule families that judge the department part (the department-level review).
DEPARTMENT_FAMILIES = ("department", "summary")


def _department_codes() -> frozenset[str]:
    try:
        from jixiao.core.review.rules import ALL_RULES
    except ImportError:  # pragma: no cover - the review engine ships with the core
        return frozenset()
    return frozenset(r.code for r in ALL_RULES if r.family() in DEPARTMENT_FAMILIES)


@login_required
def department_part(request: HttpRequest, pk: int) -> HttpResponse:
    document = permissions.get_document_or_404(request, pk)
    projects = {p.seq: p for p in document.projects.order_by("seq", "id")}
    review = quality.reviews([document.pk], findings=True).get(document.pk)
    notes: dict[int, list[dict[str, Any]]] = {}
    if review is not None:
        for project in projects.values():
            notes[project.pk] = [
                f for f in review.findings.get(project.pk, []) if f.get("field") == "summary"
            ]
    general = [f for f in (review.general if review else []) if f.get("field") == "summary"]
    findings = _department_findings(review, projects)
    indicators = mapping.department_indicators(document)
    # Each row of the 部门整体绩效目标表 with the findings on it (numbered from 1).
    on_row: dict[Any, list[dict[str, Any]]] = {}
    for f in findings:
        if str(f.get("field", "")).startswith(DEPARTMENT):
            on_row.setdefault(f.get("indicator"), []).append(f)
    table = [(i, on_row.get(n, [])) for n, i in enumerate(indicators, 1)]
    rows = []
    for s in document.project_summaries or []:
        named = projects.get(s.get("seq"))
        rows.append(
            {
                "seq": s.get("seq"),
                "name": s.get("name", ""),
                "text": s.get("text", ""),
                "project": named,
                "notes": notes.get(named.pk, []) if named else [],
            }
        )
    summarised = {s.get("seq") for s in document.project_summaries or []}
    return render(
        request,
        "front/department.html",
        {
            "document": document,
            "unit": document.unit,
            "rows": rows,
            "disagreements": sum(1 for r in rows if r["notes"]),
            "unsummarised": [p for seq, p in projects.items() if seq not in summarised],
            "general": general,
            "findings": findings,
            "review_available": review is not None,
            "department_part": review.department_part if review else True,
            "indicators": indicators,
            "table": table,
            "may_edit": _editable(request.user, document),
            "may_submit": _may(request.user, document, permissions.SUBMIT, EDITABLE),
            "may_review": _may(request.user, document, permissions.APPROVE, (SUBMITTED,)),
            "nav": "projects",
        },
    )


def _department_findings(review: Any, projects: dict[Any, Any]) -> list[dict[str, Any]]:
    """The department-level review's findings (the department rules', and the findings on
    the rows of the 部门整体绩效目标表), each with the project it names (if any)."""
    if review is None:
        return []
    codes = _department_codes()
    out = [
        dict(f, project=None)
        for f in review.general
        # and the indicator rules' findings on the rows of the 部门整体绩效目标表
        if f.get("rule") in codes or str(f.get("field", "")).startswith(DEPARTMENT)
    ]
    for p in projects.values():
        out += [dict(f, project=p) for f in review.findings.get(p.pk, []) if f.get("rule") in codes]
    return out


def _may(user: Any, document: Any, action: str, statuses: tuple[str, ...]) -> bool:
    return document.department_status in statuses and permissions.can_document(
        user, action, document.unit
    )


def _editable(user: Any, document: Any) -> bool:
    return _may(user, document, permissions.COMPOSE, EDITABLE)


#: Columns of the 部门整体绩效目标表 in the edit form, and blank rows offered for new lines.
INDICATOR_COLUMNS = ("level1", "level2", "name", "description", "target", "basis")
BLANK_ROWS = 3
MAX_ROWS = 200


def _posted_indicators(post: Any) -> list[dict[str, str]]:
    """Rows ``ind-N-<column>`` of the form; rows left blank are dropped."""
    rows = []
    for n in range(1, MAX_ROWS + 1):
        row = {c: post.get(f"ind-{n}-{c}", "")[:2000].strip() for c in INDICATOR_COLUMNS}
        if any(row.values()):
            rows.append(row)
    return rows


@login_required
def department_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the department part: one goal or measure per line, one summary per project, the
    department indicator table row by row."""
    from jixiao.web.goals.drafting import edit_department

    document = permissions.get_document_or_404(request, pk, permissions.COMPOSE)
    if document.department_status not in EDITABLE:
        raise PermissionDenied(
            f"部门整体绩效目标当前状态为“{document.department_status_label}”，不能修改"
        )
    projects = list(document.projects.order_by("seq", "id"))
    texts = {s.get("seq"): s.get("text", "") for s in document.project_summaries or []}
    table: list[dict[str, str]] = [
        {c: (i.target.text if c == "target" else getattr(i, c)) or "" for c in INDICATOR_COLUMNS}
        for i in mapping.department_indicators(document)
    ]
    problems: list[str] = []
    post = request.POST if request.method == "POST" else None
    if post is not None:
        try:
            version = int(post.get("version", ""))
        except ValueError:
            version = None
        summaries = {
            p.seq: post.get(f"summary-{p.seq}", "")[:20000] for p in projects if p.seq is not None
        }
        table = _posted_indicators(post)
        try:
            edit_department(
                document,
                request.user,
                overall_goals=post.get("overall_goals", "")[:100000].splitlines(),
                measures=post.get("measures", "")[:100000].splitlines(),
                summaries=summaries,
                indicators=table,
                version=version,
            )
        except JixiaoError as e:
            problems.append(str(e))
        else:
            messages.success(request, "已保存部门整体绩效目标")
            return redirect("department", pk=document.pk)
        texts = summaries
    for p in projects:
        p.summary_text = texts.get(p.seq, "")  # type: ignore[attr-defined]
    blank = dict.fromkeys(INDICATOR_COLUMNS, "")
    return render(
        request,
        "front/department_edit.html",
        {
            "document": document,
            "unit": document.unit,
            "projects": projects,
            "overall_goals": post.get("overall_goals", "")
            if post is not None
            else "\n".join(document.overall_goals or []),
            "measures": post.get("measures", "")
            if post is not None
            else "\n".join(document.measures or []),
            "table": [*table, *([blank] * BLANK_ROWS)][:MAX_ROWS],
            "problems": problems,
            "nav": "projects",
        },
        status=400 if problems else 200,
    )


@login_required
@require_POST
def department_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """提交 / 退回 / 审核通过 the department part (the form on the department page)."""
    steps = {
        "submit": permissions.SUBMIT,
        "return": permissions.RETURN,
        "approve": permissions.APPROVE,
    }
    if action not in steps:
        raise Http404("操作不存在")
    document = permissions.get_document_or_404(request, pk, steps[action])
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        if action == "submit":
            workflow.submit(document, request.user, version=version)
            messages.success(request, "部门整体绩效目标已提交审核")
        elif action == "return":
            workflow.return_(
                document, request.user, request.POST.get("comment", ""), version=version
            )
            messages.success(request, "部门整体绩效目标已退回修改")
        else:
            workflow.approve(document, request.user, version=version)
            messages.success(request, "部门整体绩效目标已审核通过")
    except JixiaoError as e:
        messages.error(request, str(e))
    return redirect("department", pk=document.pk)


@login_required
def department_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The department part alone in the official layout (docx or xlsx); the audit
    middleware records the download like every export."""
    document = permissions.get_document_or_404(request, pk)
    fmt = request.GET.get("format", "docx")
    if fmt not in ("docx", "xlsx"):
        return HttpResponse(
            f"不支持的导出格式“{fmt}”，可选：docx、xlsx",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    doc = mapping.document_from_db(document, [])
    try:
        data = to_bytes(doc, fmt)
    except JixiaoError as e:
        return HttpResponse(f"导出失败：{e}", status=500, content_type="text/plain; charset=utf-8")
    unit = document.unit
    year = f"{document.year}年度" if document.year else None
    name = safe_filename(unit.code, unit.name[:40], year, "部门整体绩效目标", ext=fmt)
    content_type = {
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[fmt]
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response
