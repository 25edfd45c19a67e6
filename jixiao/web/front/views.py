"""Pages: home per role, project list, project page, editing, workflow buttons, audit log.

Every view asks `jixiao.web.permissions` (404 outside the user's scope, 403 for a role that
may not act) and changes data only through `jixiao.web.goals.workflow`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from jixiao.core.bounds import TEXT_LIMITS
from jixiao.core.errors import JixiaoError
from jixiao.web import permissions
from jixiao.web.accounts.models import ADMIN, AUDITOR, REVIEWER, ROLES, UNIT, Profile
from jixiao.web.adjustments.models import PENDING as ADJUSTMENT_PENDING
from jixiao.web.adjustments.models import Adjustment
from jixiao.web.audit.models import ACTIONS, AuditEntry
from jixiao.web.front import detail, forms, keyset, listing, quality
from jixiao.web.front.counts import BoundedCount, bounded_count, bounded_counts
from jixiao.web.goals import review as goal_review
from jixiao.web.goals import workflow
from jixiao.web.goals.editing import ChangeError
from jixiao.web.goals.models import (
    APPROVED,
    DRAFT,
    RETURNED,
    STATUSES,
    SUBMITTED,
    Comment,
    GoalDocument,
    Project,
)
from jixiao.web.monitoring.data import MONITORED_STATUSES
from jixiao.web.orgs.models import Unit
from jixiao.web.permissions import role_of, visible_projects, visible_units

#: How many rows the home pages' short lists show (the full list is one click away).
HOME_ROWS = 20
#: The reviewer's home lists a page of this many of the units in the reviewer's scope, by
#: code (a province's reviewer has tens of thousands): "下一页" walks on by keyset
#: (``?units_after=``), so the page costs the same at 1,000 projects and at 1,000,000.
HOME_UNITS = 50
#: The order of the reviewer's units on the home page (keyset pages by code, then id).
UNIT_ORDER = keyset.Order("code")


def _status_counts(qs: Any) -> list[tuple[str, str, BoundedCount]]:
    """Projects by status, each count stopping at `COUNT_LIMIT`, in one query (a province's
    home page would otherwise count a million projects per request)."""
    counts = bounded_counts({key: qs.filter(status=key) for key in STATUSES})
    return [(key, label, counts[key]) for key, label in STATUSES.items()]


def _admin_url() -> str | None:
    if "django.contrib.admin" not in settings.INSTALLED_APPS:
        return None
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return None


def _put_scores(rows: list[Project]) -> None:
    scores = quality.scores_for(rows)
    for p in rows:
        p.score = scores.get(p.pk)  # type: ignore[attr-defined]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user, role = request.user, role_of(request.user)
    projects = visible_projects(user)
    ctx: dict[str, Any] = {"by_status": _status_counts(projects)}
    if role == UNIT:
        docs = list(
            GoalDocument.objects.filter(unit__in=visible_units(user))
            .select_related("unit")
            .defer("overall_goals", "measures", "project_summaries")
            .annotate(
                n=Count("projects"),
                budget=Sum("projects__budget_amount"),
                # What to do next (the row's 下一步): drafts to submit, the projects
                # monitoring follows (`monitoring.data.is_monitored`) to monitor.
                drafts=Count("projects", filter=Q(projects__status=DRAFT)),
                monitored=Count(
                    "projects", filter=Q(projects__status__in=sorted(MONITORED_STATUSES))
                ),
            )
            .order_by("-year")
        )
        reviews = quality.reviews(d.pk for d in docs)
        for d in docs:
            d.score = reviews[d.pk].score if d.pk in reviews else None  # type: ignore[attr-defined]
            d.score_notes = reviews[d.pk].score_notes if d.pk in reviews else ()  # type: ignore[attr-defined]
        todo = list(
            listing.with_unit(projects.filter(status=RETURNED))
            .annotate(open_comments=Count("comments", filter=Q(comments__resolved=False)))
            .order_by("document__year", "seq", "id")[:HOME_ROWS]
        )
        for p in todo:  # its documents were reviewed just above
            review = reviews.get(p.document_id)
            p.score = review.scores.get(p.pk) if review else None  # type: ignore[attr-defined]
        ctx.update(units=visible_units(user), documents=docs, todo=todo)
    elif role == REVIEWER:
        scope = visible_units(user)  # the reviewer's scope, read once for the whole page
        queue = list(
            listing.with_unit(projects.filter(status=SUBMITTED)).order_by("updated_at", "id")[
                :HOME_ROWS
            ]
        )
        unit_page = keyset.window(
            scope,
            UNIT_ORDER,
            HOME_UNITS,
            after=request.GET.get("units_after", ""),
            before=request.GET.get("units_before", ""),
            load=Unit.objects.only("id", "code", "name"),
        )
        ctx.update(
            units=unit_page.rows,
            units_after=unit_page.after,
            units_before=unit_page.before,
            units_per_page=HOME_UNITS,
            unit_count=bounded_count(scope),
            queue=queue,
            queue_count=next(n for key, _, n in ctx["by_status"] if key == SUBMITTED),
            # Department parts (部门整体绩效目标) waiting for review, oldest document first.
            department_queue=list(
                GoalDocument.objects.filter(unit__in=scope, department_status=SUBMITTED)
                .select_related("unit")
                .only("id", "year", "unit__code", "unit__name")
                .order_by("year", "unit__code")[:HOME_ROWS]
            ),
            # Requests to adjust approved goals (绩效目标调整) waiting for review, oldest first.
            adjustment_queue=list(
                Adjustment.objects.filter(status=ADJUSTMENT_PENDING, project__in=projects)
                .select_related("project__document__unit")
                .order_by("requested_at", "id")[:HOME_ROWS]
            ),
        )
        _put_scores(queue)
    elif role in (ADMIN, AUDITOR):
        # The first units by code, then their counts: grouping only these (a province's
        # tens of thousands of units grouped per request took 0.5 s at 100,000 projects).
        first = Unit.objects.order_by("code").values("pk")[:200]
        units = list(
            Unit.objects.filter(pk__in=first)
            .select_related("department__region")
            .annotate(
                n_documents=Count("documents", distinct=True),
                n_projects=Count("documents__projects", distinct=True),
                n_submitted=Count(
                    "documents__projects",
                    filter=Q(documents__projects__status=SUBMITTED),
                    distinct=True,
                ),
            )
            .order_by("code")
        )
        users_by_role = dict(Profile.objects.order_by().values_list("role").annotate(n=Count("id")))
        ctx.update(
            unit_rows=units,
            unit_count=Unit.objects.count(),
            user_count=get_user_model().objects.count(),
            users_by_role=[(ROLES[r], users_by_role.get(r, 0)) for r in ROLES],
            admin_url=_admin_url() if role == ADMIN else None,
            recent=AuditEntry.objects.order_by("-at", "-id")[:10],
        )
    if role in (UNIT, REVIEWER):
        from jixiao.web.rectification.views import due_items

        ctx["rectifications"] = due_items(user)
    ctx["role_template"] = f"front/home_{role or 'none'}.html"
    ctx["nav"] = "home"
    return render(request, "front/home.html", ctx)


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    params = listing.Params.parse(request.GET)
    result = listing.listing(request.user, params)
    for p in result.rows:
        p.score = result.scores.get(p.pk)  # type: ignore[attr-defined]
    sort_links = {}
    for key in listing.SORTS:
        desc = params.sort == key and not params.desc
        sort_links[key] = "?" + params.query(
            sort=("-" if desc else "") + key, page=None, after=None, before=None
        )
    return render(
        request,
        "front/project_list.html",
        {
            "params": params,
            "page": result.page,
            "rows": result.rows,
            "count": result.count,
            "after": result.after,
            "before": result.before,
            "sort_links": sort_links,
            "page_query": params.query(page=None, after=None, before=None),
            "page_sizes": listing.PAGE_SIZES,
            "review_available": quality.available(),
            "can_import": permissions.can_import(request.user),
            "nav": "projects",
            **listing.filter_choices(request.user),
        },
    )


def _comments(project: Project) -> list[Comment]:
    return list(
        project.comments.select_related("author", "submission").order_by("created_at", "id")
    )


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = permissions.get_project_or_404(request, pk)
    project = (
        Project.objects.select_related("document__unit__department__region")
        .prefetch_related("indicators", "plan_cells")
        .get(pk=project.pk)
    )
    user, role = request.user, role_of(request.user)
    score, findings = quality.project_review(project)
    submissions = list(project.submissions.select_related("submitted_by").order_by("-number"))
    # A reviewer sees what the unit changed between its last two submissions; the unit
    # sees what it has changed since it last submitted.
    if role == UNIT:
        changes = workflow.changes_since_submission(project) if submissions else []
        changes_title = "自上次提交以来的修改（尚未提交）"
    else:
        changes = _changes_between(submissions)
        changes_title = "与上一次提交相比的修改"
    comment_forms = None
    if permissions.can(user, permissions.RETURN, project) and project.status == SUBMITTED:
        comment_forms = forms.CommentFormSet(prefix="c")
    history = AuditEntry.objects.filter(object_type="project", object_id=str(project.pk)).order_by(
        "-at", "-id"
    )[:50]
    return render(
        request,
        "front/project_detail.html",
        {
            "project": project,
            "unit": project.document.unit,
            "document": project.document,
            "score": score,
            "review_available": quality.available(),
            "submissions": submissions,
            "changes_title": changes_title,
            "history": history,
            "actions": ACTIONS,
            "comment_forms": comment_forms,
            "comment_fields": workflow.COMMENT_FIELDS,
            "may": _may(user, project),
            # Only an approved project can have adjustments (and approval is final).
            "adjustments": list(project.adjustments.select_related("requested_by"))
            if project.status == APPROVED
            else [],
            "open_errors": [f for f in findings if f.get("severity") == "error"],
            "submit_mode": goal_review.submit_with_errors(),
            "code_limit": TEXT_LIMITS["code"],
            "nav": "projects",
            **detail.build(project, findings, _comments(project), changes),
        },
    )


def _changes_between(submissions: list[Any]) -> list[dict[str, Any]]:
    """Like `workflow.changes_since_last_submission`, from already loaded submissions."""
    from jixiao.web.goals.diff import diff_snapshots

    if len(submissions) < 2:
        return []
    new, old = submissions[0], submissions[1]
    return [c.to_dict() for c in diff_snapshots(old.snapshot, new.snapshot)]


def _may(user: Any, project: Project) -> dict[str, bool]:
    editable = project.status in workflow.EDITABLE
    return {
        "edit": editable and permissions.can(user, permissions.EDIT, project),
        "submit": editable and permissions.can(user, permissions.SUBMIT, project),
        "return": project.status == SUBMITTED
        and permissions.can(user, permissions.RETURN, project),
        "approve": project.status == SUBMITTED
        and permissions.can(user, permissions.APPROVE, project),
        "resolve": permissions.can(user, permissions.RESOLVE, project),
        # The project is in the user's scope already (the view found it): the role decides.
        "adjust": project.status == APPROVED and permissions.role_allows(user, permissions.ADJUST),
        "rectify": permissions.role_allows(user, permissions.RECTIFY),
        "delete": project.status == DRAFT and permissions.can(user, permissions.DELETE, project),
        # An approved project without a code gets the one the finance system assigned.
        "code": project.status == APPROVED
        and not (project.code or "").strip()
        and permissions.role_allows(user, permissions.CODE),
        "export": True,
    }


def _back(pk: int) -> HttpResponseRedirect:
    return redirect("project", pk=pk)


@login_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = permissions.get_project_or_404(request, pk, permissions.EDIT)
    project = (
        Project.objects.select_related("document__unit")
        .prefetch_related("indicators", "plan_cells")
        .get(pk=project.pk)
    )
    if project.status not in workflow.EDITABLE:
        messages.error(
            request, f"项目当前状态为“{project.status_label}”，只有草稿或已退回的项目才能修改"
        )
        return _back(project.pk)
    edit_forms = forms.EditForms(project, request.POST if request.method == "POST" else None)
    if request.method == "POST" and edit_forms.is_valid():
        try:
            workflow.edit(project, request.user, edit_forms.changes(), version=edit_forms.version())
        except ChangeError as e:
            edit_forms.add_change_errors(e)
        except workflow.WorkflowError as e:
            edit_forms.errors = {"": str(e)}
        else:
            messages.success(request, "已保存")
            if request.POST.get("then") == "submit":
                return _submit(request, project)
            return _back(project.pk)
    _, findings = quality.project_review(project)
    comments = [c for c in _comments(project) if not c.resolved]
    for c in comments:
        c.field_label = detail.label(c.field, c.indicator)  # type: ignore[attr-defined]
    return render(
        request,
        "front/project_edit.html",
        {
            "project": project,
            "unit": project.document.unit,
            "forms": edit_forms,
            "comments": comments,
            "findings": findings,
            "open_errors": [f for f in findings if f.get("severity") == "error"],
            "submit_mode": goal_review.submit_with_errors(),
            "nav": "projects",
        },
        status=400 if request.method == "POST" else 200,
    )


def _submit(request: HttpRequest, project: Project, version: int | None = None) -> HttpResponse:
    """Submit; with open 错误 the page asks first (``confirm=1`` posted) or refuses."""
    confirmed = request.POST.get("confirm") == "1"
    try:
        sub = workflow.submit(project, request.user, version=version, confirmed=confirmed)
    except workflow.OpenErrorsError as e:
        shown = "；".join(e.errors[:10]) + ("……" if len(e.errors) > 10 else "")
        messages.error(request, f"{e}：{shown}")
    except workflow.WorkflowError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"已提交审核（第 {sub.number} 次提交）")
    return _back(project.pk)


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@login_required
@require_POST
def project_submit(request: HttpRequest, pk: int) -> HttpResponse:
    project = permissions.get_project_or_404(request, pk, permissions.SUBMIT)
    return _submit(request, project, _version(request))


@login_required
@require_POST
def project_return(request: HttpRequest, pk: int) -> HttpResponse:
    project = permissions.get_project_or_404(request, pk, permissions.RETURN)
    formset = forms.CommentFormSet(request.POST, prefix="c")
    if not formset.is_valid():
        problems = [
            f"{k}：{'；'.join(str(m) for m in v)}"
            for f in formset.forms
            for k, v in f.errors.items()
        ]
        messages.error(request, "审核意见有误：" + "；".join(problems or ["请检查填写内容"]))
        return _back(project.pk)
    comments = [
        workflow.CommentInput(
            text=f.cleaned_data["text"],
            field=f.cleaned_data.get("field") or "",
            indicator=f.cleaned_data.get("indicator")
            if (f.cleaned_data.get("field") or "").startswith("indicator")
            else None,
        )
        for f in formset.forms
        if f.cleaned_data and (f.cleaned_data.get("text") or "").strip()
    ]
    try:
        rows = workflow.return_project(project, request.user, comments, version=_version(request))
    except workflow.WorkflowError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"已退回修改，附审核意见 {len(rows)} 条")
    return _back(project.pk)


@login_required
@require_POST
def project_approve(request: HttpRequest, pk: int) -> HttpResponse:
    project = permissions.get_project_or_404(request, pk, permissions.APPROVE)
    try:
        workflow.approve(project, request.user, version=_version(request))
    except workflow.WorkflowError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, "已审核通过")
    return _back(project.pk)


@login_required
@require_POST
def project_code(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the missing 项目编码 of an approved project (`workflow.assign_code`)."""
    project = permissions.get_project_or_404(request, pk, permissions.CODE)
    try:
        workflow.assign_code(
            project, request.user, request.POST.get("code", ""), version=_version(request)
        )
    except workflow.WorkflowError as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request, f"已补录项目编码“{project.code}”：导入支付记录时将按此编码匹配本项目"
        )
    return _back(project.pk)


@login_required
@require_POST
def comment_resolve(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    project = permissions.get_project_or_404(request, pk, permissions.RESOLVE)
    comment = project.comments.filter(pk=comment_pk).first()
    if comment is None:
        from django.http import Http404

        raise Http404("审核意见不存在")
    try:
        workflow.resolve_comment(comment, request.user)
    except JixiaoError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, "已将该意见标记为已处理")
    return _back(project.pk)
