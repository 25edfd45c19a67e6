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
        project = projects.get(s.get("seq"))
        rows.append(
            {
                "seq": s.get("seq"),
                "name": s.get("name", ""),
                "text": s.get("text", ""),
                "project": project,
                "notes": notes.get(project.pk, []) if project else [],
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
            "nav": "projects",
        },
    )
