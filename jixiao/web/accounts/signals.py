"""Audit of logins, failed logins and logouts; tokens revoked on logout and password change."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from jixiao.web.audit.log import record


def _client(request: Any) -> dict[str, str]:
    if request is None:
        return {}
    return {"ip": request.META.get("REMOTE_ADDR", ""), "path": request.path[:200]}


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session["last_seen"] = int(time.time())  # saved with the login itself
    record(user, "login", user, object_repr=user.get_username(), new=_client(request))


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    name = str(credentials.get("username", ""))[:150]
    record(
        f"未登录（{name}）" if name else "未登录",
        "login.failed",
        object_type="user",
        object_repr=name,
        new=_client(request),
    )


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    record(user, "logout", user, object_repr=user.get_username(), new=_client(request))
    if settings.JIXIAO_TOKENS_REVOKED_ON_LOGOUT:
        from jixiao.web.accounts.tokens import revoke_all

        revoke_all(user, by=user, reason="退出登录")


@receiver(post_save, sender=get_user_model())
def _password_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    # set_password() leaves the new password in ``_password`` until save() has finished.
    if created or getattr(instance, "_password", None) is None:
        return
    from jixiao.web.accounts.tokens import revoke_all

    revoke_all(instance, by=instance, reason="修改密码")
