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
import threading

_token: str | None = None
_claimed: str | None = None
_lock = threading.Lock()


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


def claim(given: str) -> bool:
    """Take the token for one attempt to make the administrator: True for the one request
    that holds it; a second browser posting at the same moment is refused until `release`
    (two administrators would otherwise be made on PostgreSQL, where both see none)."""
    global _token, _claimed
    with _lock:
        if not matches(given):
            return False
        _token, _claimed = None, given
        return True


def release(given: str) -> None:
    """Give the token back after an attempt that made nobody (a weak password, a name
    taken): the page can be used again."""
    global _token, _claimed
    with _lock:
        if _token is None and _claimed is not None and given == _claimed:
            _token, _claimed = given, None


def spend() -> None:
    global _token, _claimed
    with _lock:
        _token = _claimed = None
