"""The department part of a document (部门整体绩效目标): overall goals, the 分项 list linked to
the project tables with the review's summary findings beside each entry, and 保障措施.

Where a summary and its table disagree is the review's judgement (rules R090–R092 in
`jixiao.core.review.rules.summary`), not this page's.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jixiao.web import permissions
from jixiao.web.front import quality


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
            "review_available": review is not None,
            "may_edit": _editable(request.user, document),
            "nav": "projects",
        },
    )


def _editable(user: Any, document: Any) -> bool:
    from jixiao.web.goals.workflow import EDITABLE

    return permissions.can_document(user, permissions.COMPOSE, document.unit) and not (
        document.projects.exclude(status__in=EDITABLE).exists()
    )


@login_required
def department_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the department part: one goal or measure per line, one summary per project."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from jixiao.core.errors import JixiaoError
    from jixiao.web.goals.drafting import edit_department

    document = permissions.get_document_or_404(request, pk, permissions.COMPOSE)
    projects = list(document.projects.order_by("seq", "id"))
    texts = {s.get("seq"): s.get("text", "") for s in document.project_summaries or []}
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
        try:
            edit_department(
                document,
                request.user,
                overall_goals=post.get("overall_goals", "")[:100000].splitlines(),
                measures=post.get("measures", "")[:100000].splitlines(),
                summaries=summaries,
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
            "problems": problems,
            "nav": "projects",
        },
        status=400 if problems else 200,
    )
