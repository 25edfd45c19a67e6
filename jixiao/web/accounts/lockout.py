"""What a locked-out login sees (django-axes calls `lockout_response`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from jixiao.core.names import user_name_key


def _by_username() -> bool:
    return "username" in settings.AXES_LOCKOUT_PARAMETERS


def _recent() -> Any:
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME
    )


def locked_until(username: str) -> datetime.datetime | None:
    """When the lock-out of the user name ``username`` ends (None: it is not locked out).
    Counted as django-axes counts it: the failures within the cool-off."""
    if not _by_username() or not username:
        return None
    found = (
        _recent()
        .filter(username=username)
        .aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    )
    if (found["failures"] or 0) < settings.AXES_FAILURE_LIMIT:
        return None
    until: datetime.datetime = found["last"] + settings.AXES_COOLOFF_TIME
    return until


def locked_usernames() -> set[str]:
    """The user names locked out now (one query)."""
    if not _by_username():
        return set()
    rows = (
        _recent()
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    return {row["username"] for row in rows}


@transaction.atomic
def lift(user: Any, by: Any) -> bool:
    """Forget the failed logins of ``user`` (the admin lifts a lock-out); audited as
    ``user.update`` (locked: true → false) when the user was locked out."""
    from axes.utils import reset

    from jixiao.web.audit.log import record

    name = user.get_username()
    was_locked = locked_until(name) is not None
    reset(username=name)
    if was_locked:
        record(
            by, "user.update", user, object_repr=name, old={"locked": True}, new={"locked": False}
        )
    return was_locked


def lockout_message(username: str | None = None) -> str:
    """The account's lock-out, or the address's when the user name itself is not locked
    (five failures under other names from the same computer)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    limit = settings.AXES_FAILURE_LIMIT
    if username is not None and _by_username() and locked_until(username) is None:
        return (
            f"本机地址登录失败次数过多（{limit} 次），已被锁定 {minutes} 分钟，"
            "请稍后再试；本机地址锁定期间，本机上的所有用户都不能登录"
        )
    return (
        f"登录失败次数过多（{limit} 次），该账户已被锁定 {minutes} 分钟，"
        "请稍后再试，或请系统管理员在“系统设置 › 用户”中解除锁定"
    )


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    status = 429
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"error": lockout_message(_username(request, credentials))},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        from jixiao.web.accounts.first_admin import LoginForm

        form = LoginForm(request, data=request.POST or None)
        response = render(
            request,
            "front/login.html",
            {"form": form, "locked": lockout_message(_username(request, credentials))},
            status=status,
        )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


def _username(request: HttpRequest, credentials: Any) -> str | None:
    if isinstance(credentials, dict) and isinstance(credentials.get("username"), str):
        return user_name_key(credentials["username"])
    value = request.POST.get("username") if request.method == "POST" else None
    return user_name_key(value) if isinstance(value, str) else None


def axes_username(request: HttpRequest, credentials: Any = None) -> str | None:
    """The user name django-axes counts a failure under (``AXES_USERNAME_CALLABLE``): read
    as every log-in surface reads it, so ``ａｌｉｃｅ`` on the API and ``alice`` on the log-in
    page are one account's failures."""
    if isinstance(credentials, dict):
        value = credentials.get("username")
        return user_name_key(value) if isinstance(value, str) else None
    return _username(request, None)
