"""The first 系统管理员 made in the browser (第一次使用).

`jixiao serve` started without a terminal on a data directory with no administrator issues
a one-time setup token and prints the page's address with it; whoever started the server
opens it and chooses the administrator's name and password. The token lives only in the
serving process, is compared in constant time, and is spent by the first administrator
made (here or by `jixiao createadmin`): once an administrator exists the page only points
to the log-in page.
"""

from __future__ import annotations

import hmac
import secrets

_token: str | None = None


def has_admin() -> bool:
    """Whether an active 系统管理员 (or superuser) exists."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from jixiao.web.accounts.models import ADMIN

    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(profile__role=ADMIN) | Q(is_superuser=True, profile__isnull=True))
        .exists()
    )


def issue() -> str:
    """A new one-time token (replacing any earlier one)."""
    global _token
    _token = secrets.token_urlsafe(24)
    return _token


def matches(given: str) -> bool:
    return _token is not None and hmac.compare_digest(given.encode(), _token.encode())


def spend() -> None:
    global _token
    _token = None
