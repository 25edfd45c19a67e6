"""Session and response rules: idle timeout, forced password change, no caching."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

#: The session's last-activity stamp is refreshed at most this often (one write a minute).
TOUCH_SECONDS = 60


class IdleTimeoutMiddleware:
    """Log out a session idle for ``JIXIAO_SESSION_IDLE_MINUTES``; activity extends it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_seen")
            if isinstance(last, int) and now - last > settings.JIXIAO_SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.info(request, "长时间未操作，已自动退出，请重新登录")
            elif not isinstance(last, int) or now - last >= TOUCH_SECONDS:
                # Saving the session also pushes its expiry SESSION_COOKIE_AGE further.
                request.session["last_seen"] = now
        return self.get_response(request)


def must_change_password(user: object) -> bool:
    """Whether ``user`` still has the demo password and demo mode is off."""
    profile = getattr(user, "profile", None)
    return not settings.JIXIAO_DEMO and bool(getattr(profile, "must_change_password", False))


class PasswordChangeRequiredMiddleware:
    """Outside demo mode, a user with the demo password must change it before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and must_change_password(user):
            allowed = (reverse("account"), reverse("own_password"), reverse("logout"))
            # The API answers 403 itself (`ApiAuth` in jixiao.web.api.app), JSON rather than a redirect.
            exempt = (settings.STATIC_URL, "/api/")
            if request.path not in allowed and not request.path.startswith(exempt):
                messages.warning(request, "首次登录请先修改初始密码")
                return redirect("account")
        return self.get_response(request)


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on what a logged-in user sees and on every download."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or response.has_header(
            "Content-Disposition"
        ):
            patch_cache_control(response, no_store=True, private=True)
        return response
