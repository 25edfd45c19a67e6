"""Pages: request an adjustment (unit), review one against the version in force (reviewer)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jixiao.core.errors import JixiaoError
from jixiao.core.live_checks import BUDGET_KEYS
from jixiao.core.versions import default_effective_date
from jixiao.web import permissions
from jixiao.web.adjustments import services
from jixiao.web.adjustments.models import PENDING, Adjustment
from jixiao.web.goals import mapping
from jixiao.web.goals.diff import diff_snapshots
from jixiao.web.goals.editing import ChangeError
from jixiao.web.goals.workflow import COMMENT_FIELDS


def _changes_from_form(post: Any, current: dict[str, Any]) -> dict[str, Any]:
    """The PATCH-shaped changes the form asks for (only what differs)."""
    changes: dict[str, Any] = {}
    budget = {}
    for key in BUDGET_KEYS:
        raw = post.get(f"budget_{key}", "").strip()
        old = (current.get("budget") or {}).get(key)
        if raw != (old or ""):
            budget[key] = raw or None
    if budget:
        changes["budget"] = budget
    indicators = current.get("indicators") or []
    targets = [post.get(f"target_{k}", None) for k in range(1, len(indicators) + 1)]
    if any(
        t is not None and t.strip() != (i["target"]["text"] or "")
        for t, i in zip(targets, indicators, strict=True)
    ):
        changes["indicators"] = [
            {
                "level1": i["level1"],
                "level2": i["level2"],
                "name": i["name"],
                "description": i["description"],
                "target": (t.strip() if t is not None else i["target"]["text"]),
                "basis": i["basis"],
                "weight": i.get("weight"),
            }
            for t, i in zip(targets, indicators, strict=True)
        ]
    return changes


@login_required
def adjustment_new(request: HttpRequest, pk: int) -> HttpResponse:
    project = permissions.get_project_or_404(request, pk, permissions.ADJUST)
    from jixiao.core.formats.json_io import project_to_dict

    current = project_to_dict(mapping.project_from_db(project))
    errors: dict[str, str] = {}
    if request.method == "POST":
        changes = _changes_from_form(request.POST, current)
        try:
            adj = services.request_adjustment(
                project, request.user, request.POST.get("reason", ""), changes
            )
        except ChangeError as e:
            errors = e.errors
        except JixiaoError as e:
            errors = {"": str(e)}
        else:
            messages.success(request, f"已提交第 {adj.number} 次调整申请，等待审核")
            return HttpResponseRedirect(reverse("adjustments:detail", args=[adj.pk]))
    fixed = set(project.fixed_indicators.values_list("name", flat=True))
    return render(
        request,
        "adjustments/new.html",
        {
            "project": project,
            "current": current,
            "indicators": [
                (k, i, i["name"] in fixed) for k, i in enumerate(current["indicators"], 1)
            ],
            "posted": request.POST if request.method == "POST" else None,
            "errors": errors,
            "nav": "projects",
        },
        status=400 if errors else 200,
    )


def _adjustment(request: HttpRequest, pk: int) -> Adjustment:
    try:
        return Adjustment.objects.select_related("project__document__unit", "requested_by").get(
            pk=pk, project__in=permissions.visible_projects(request.user)
        )
    except Adjustment.DoesNotExist:
        raise Http404("调整申请不存在") from None


@login_required
def adjustment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    adj = _adjustment(request, pk)
    return render(
        request,
        "adjustments/detail.html",
        {
            "adj": adj,
            "changes": [
                {**c.to_dict(), "label": COMMENT_FIELDS.get(c.field, c.field)}
                for c in diff_snapshots(adj.before, adj.after)
            ],
            "may_decide": adj.status == PENDING
            and permissions.can(request.user, permissions.APPROVE, adj.project),
            "today": default_effective_date(adj.project.document.year, datetime.date.today()),
            "nav": "projects",
        },
    )


@login_required
@require_POST
def adjustment_decide(request: HttpRequest, pk: int) -> HttpResponse:
    adj = _adjustment(request, pk)
    try:
        if request.POST.get("decision") == "approve":
            raw = request.POST.get("effective_from", "").strip()
            effective = datetime.date.fromisoformat(raw) if raw else None
            services.approve_adjustment(adj, request.user, effective)
            messages.success(request, "已批准调整，调整后的版本自生效日期起执行")
        else:
            services.return_adjustment(adj, request.user, request.POST.get("comment", ""))
            messages.success(request, "已退回调整申请")
    except ValueError:
        messages.error(request, "生效日期应为日期，如 2024-07-01")
    except ChangeError as e:
        messages.error(request, "；".join(e.errors.values()))
    except JixiaoError as e:
        messages.error(request, str(e))
    return HttpResponseRedirect(reverse("adjustments:detail", args=[adj.pk]))
