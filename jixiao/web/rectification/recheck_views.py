"""The re-check page (自评复核): a 审核人 draws a sample of the year's evaluated projects in
their scope, re-scores each, and a large gap opens a rectification item. Everyone else who
may see a drawn project sees the results read-only. The rules (sample, gap) are the
core's (`jixiao.core.followup`), called through `services.draw` / `services.record_recheck`.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jixiao.core import followup
from jixiao.core.amounts import to_percent
from jixiao.core.errors import JixiaoError
from jixiao.web import permissions
from jixiao.web.rectification import services
from jixiao.web.rectification.models import Recheck


def _number(raw: str, what: str) -> Decimal:
    try:
        value = to_percent(raw.strip())
    except ValueError as e:
        raise services.RectificationInputError(f"{what}：{e}") from None
    if value is None:
        raise services.RectificationInputError(f"请填写{what}")
    return value


def _year(raw: str | None, default: int) -> int:
    try:
        year = int(raw or default)
    except ValueError:
        return default
    return year if 1900 <= year <= 2999 else default


@login_required
def recheck_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    visible = permissions.visible_projects(user)
    latest = (
        visible.filter(self_evaluation__isnull=False)
        .order_by("-document__year")
        .values_list("document__year", flat=True)
        .first()
    )
    year = _year(request.GET.get("year"), latest or timezone.localdate().year - 1)
    rows = list(
        Recheck.objects.filter(project__in=visible, draw__year=year)
        .select_related("draw", "project__document__unit", "rectification")
        .order_by("-draw_id", "project__document__unit__code", "project__seq")[:500]
    )
    return render(
        request,
        "rectification/rechecks.html",
        {
            "year": year,
            "rows": rows,
            "may_draw": permissions.role_allows(user, permissions.RECTIFY),
            "population": services.evaluated_projects(user, year).count(),
            "default_share": followup.DEFAULT_RECHECK_SHARE * 100,
            "threshold": followup.DEFAULT_RECHECK_THRESHOLD,
            "nav": "rechecks",
        },
    )


def _back(year: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse('rectification:rechecks')}?year={year}")


@login_required
@require_POST
def recheck_draw(request: HttpRequest) -> HttpResponse:
    year = _year(request.POST.get("year"), timezone.localdate().year - 1)
    try:
        share = _number(request.POST.get("share", ""), "抽查比例") / 100
        raw_seed = request.POST.get("seed", "").strip()
        if raw_seed and not (raw_seed.isascii() and raw_seed.isdigit() and len(raw_seed) <= 9):
            raise services.RectificationInputError(f"{followup.SEED_RULE}，或留空")
        seed = int(raw_seed) if raw_seed else secrets.randbelow(1_000_000)
        d = services.draw(request.user, year, share, seed)
    except JixiaoError as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request,
            f"已从 {d.population} 个已自评项目中抽取 {d.rechecks.count()} 个待复核"
            f"（随机种子 {seed}：同样的比例和种子可以重现这次抽样）",
        )
    return _back(year)


@login_required
@require_POST
def recheck_score(request: HttpRequest, pk: int) -> HttpResponse:
    visible = permissions.visible_projects(request.user)
    r = (
        Recheck.objects.filter(pk=pk, project__in=visible)
        .select_related("draw", "project__document__unit")
        .first()
    )
    if r is None:
        raise Http404("复核记录不存在")
    try:
        score = _number(request.POST.get("score", ""), "复核得分")
        done = services.record_recheck(r, request.user, score, request.POST.get("notes", ""))
    except JixiaoError as e:
        messages.error(request, f"{r.project.name}：{e}")
    else:
        gap = "" if done.difference is None else f"，与自评得分相差 {abs(done.difference)} 分"
        if done.rectification_id != r.rectification_id:
            follow = "，已下达整改通知"
        elif done.rectification_id:
            follow = "，此前下达的整改通知不变"
        else:
            follow = ""
        what = (
            f"已记录“{r.project.name}”的复核得分 {score}"
            if r.bureau_score is None
            else f"已将“{r.project.name}”的复核得分由 {r.bureau_score} 改为 {score}"
            "（原得分保留在审计日志中）"
        )
        messages.success(request, f"{what}{gap}{follow}")
    return _back(r.draw.year)
