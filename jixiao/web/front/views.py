"""Pages. Only log in and a home placeholder live here so far."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jixiao.web.goals.models import STATUSES
from jixiao.web.permissions import visible_projects


@login_required
def home(request: HttpRequest) -> HttpResponse:
    counts = dict(
        visible_projects(request.user).values_list("status").annotate(n=Count("id")).order_by()
    )
    by_status = [(key, label, counts.get(key, 0)) for key, label in STATUSES.items()]
    return render(request, "front/home.html", {"by_status": by_status})
