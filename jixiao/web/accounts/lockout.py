"""What a locked-out login sees (django-axes calls `lockout_response`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        f"登录失败次数过多（{settings.AXES_FAILURE_LIMIT} 次），该账户已被锁定 {minutes} 分钟，"
        "请稍后再试或联系系统管理员"
    )


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    status = 429
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"error": lockout_message()}, status=status, json_dumps_params={"ensure_ascii": False}
        )
    else:
        form = AuthenticationForm(request, data=request.POST or None)
        response = render(
            request,
            "front/login.html",
            {"form": form, "locked": lockout_message()},
            status=status,
        )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
