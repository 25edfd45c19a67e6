"""Writing from scratch: new document, its page, add/copy/move/delete projects, delete a
draft document, roll over to the next year. The rules are in `jixiao.web.goals.drafting`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jixiao.core.errors import JixiaoError
from jixiao.web import permissions
from jixiao.web.front import quality
from jixiao.web.front import setup_forms as f
from jixiao.web.goals import drafting
from jixiao.web.goals.models import DRAFT, GoalDocument, Project
from jixiao.web.permissions import role_of


@login_required
def document_new(request: HttpRequest) -> HttpResponse:
    allowed = permissions.document_units(request.user, permissions.CREATE)
    first_two = list(allowed.order_by("code")[:2])
    if not first_two:
        raise PermissionDenied("没有权限新建绩效目标文档")
    form = f.DocumentForm(allowed, request.POST or None, initial={"money_unit": "万元"})
    if len(first_two) == 1:
        form.initial["unit"] = first_two[0]
    problems: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            c = form.cleaned_data
            try:
                document = drafting.create_document(
                    c["unit"], c["year"], c["money_unit"], request.user
                )
            except JixiaoError as e:
                problems.append(str(e))
            else:
                messages.success(request, f"已新建 {document.year} 年度绩效目标文档")
                return redirect("document", pk=document.pk)
        problems = problems or f.problems(form)
    return render(
        request,
        "front/setup_page.html",
        {
            "title": "新建绩效目标文档",
            "form": form,
            "problems": problems,
            "submit": "新建",
            "nav": "projects",
        },
        status=400 if problems else 200,
    )


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = permissions.get_document_or_404(request, pk)
    user = request.user
    projects = list(document.projects.order_by("seq", "id"))
    unit = document.unit
    compose = permissions.can_document(user, permissions.COMPOSE, unit)
    draft = all(p.status == DRAFT for p in projects)
    for p in projects:
        p.may_edit = permissions.can(user, permissions.EDIT, p) and p.status == DRAFT  # type: ignore[attr-defined]
        p.may_delete = permissions.can(user, permissions.DELETE, p) and p.status == DRAFT  # type: ignore[attr-defined]
    review = quality.reviews([document.pk]).get(document.pk)
    return render(
        request,
        "front/document.html",
        {
            "document": document,
            "unit": unit,
            "projects": projects,
            "score": review.score if review else None,
            "score_notes": review.score_notes if review else (),
            "may": {
                "compose": compose,
                "delete": draft and permissions.can_document(user, permissions.DELETE, unit),
                "rollover": permissions.can_document(user, permissions.ROLLOVER, unit),
            },
            "budget_to_confirm": sum(1 for p in projects if p.budget_to_confirm),
            "nav": "projects",
            "role": role_of(user),
        },
    )


def _try(request: HttpRequest, action: Any, done: str) -> bool:
    try:
        action()
    except JixiaoError as e:
        messages.error(request, str(e))
        return False
    messages.success(request, done)
    return True


@login_required
@require_POST
def project_add(request: HttpRequest, pk: int) -> HttpResponse:
    document = permissions.get_document_or_404(request, pk, permissions.COMPOSE)
    try:
        row = drafting.add_project(document, request.user, request.POST.get("name", ""))
    except JixiaoError as e:
        messages.error(request, str(e))
        return redirect("document", pk=document.pk)
    messages.success(request, "已新增项目，请填写项目绩效目标表")
    return redirect("project_edit", pk=row.pk)


def _project(request: HttpRequest, pk: int) -> Project:
    return permissions.get_project_or_404(request, pk)


@login_required
@require_POST
def project_copy(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    permissions.require_document(request.user, permissions.COMPOSE, project.document.unit)
    _try(request, lambda: drafting.copy_project(project, request.user), "已复制项目（排在最后）")
    return redirect("document", pk=project.document_id)


@login_required
@require_POST
def project_move(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    permissions.require_document(request.user, permissions.COMPOSE, project.document.unit)
    step = -1 if request.POST.get("direction") == "up" else 1
    _try(request, lambda: drafting.move_project(project, request.user, step), "已调整顺序")
    return redirect("document", pk=project.document_id)


@login_required
@require_POST
def project_delete(request: HttpRequest, pk: int) -> HttpResponse:
    project = permissions.get_project_or_404(request, pk, permissions.DELETE)
    document_id = project.document_id
    _try(
        request,
        lambda: drafting.delete_project(project, request.user),
        f"已删除项目“{project.name}”",
    )
    return redirect("document", pk=document_id)


@login_required
@require_POST
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = permissions.get_document_or_404(request, pk, permissions.DELETE)
    if _try(
        request,
        lambda: drafting.delete_document(document, request.user),
        f"已删除 {document.unit.name} {document.year or ''} 年度的绩效目标文档",
    ):
        return redirect("home")
    return redirect("document", pk=document.pk)


@login_required
def document_rollover(request: HttpRequest, pk: int) -> HttpResponse:
    document: GoalDocument = permissions.get_document_or_404(request, pk, permissions.ROLLOVER)
    form = f.RolloverForm(
        request.POST or None, initial={"year": (document.year or 0) + 1 or None, "renumber": True}
    )
    problems: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            c = form.cleaned_data
            try:
                created, report = drafting.roll_over(
                    document, c["year"], request.user, renumber=c["renumber"]
                )
            except JixiaoError as e:
                problems.append(str(e))
            else:
                return render(
                    request,
                    "front/rollover_report.html",
                    {"document": created, "source": document, "report": report, "nav": "projects"},
                )
        problems = problems or f.problems(form)
    return render(
        request,
        "front/setup_page.html",
        {
            "title": f"以 {document.year or ''} 年度为基础编制新年度绩效目标",
            "form": form,
            "problems": problems,
            "submit": "复制为新年度草稿",
            "intro": "复制每个项目的绩效目标表（支出计划、绩效目标、指标）为新年度草稿；"
            "指标值保留，预算数保留但须逐个确认后才能提交。",
            "back": f"/documents/{document.pk}/",
            "nav": "projects",
        },
        status=400 if problems else 200,
    )
