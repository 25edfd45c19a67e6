"""API tokens: issue (with expiry and a cap per user), look up, list and revoke.

Every revocation is audited as ``token.revoke``. Tokens go when their owner logs out of the
pages or changes the password (`jixiao.web.accounts.signals`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jixiao.web.accounts.models import ApiToken, hash_token
from jixiao.web.audit.log import record


def _repr(token: ApiToken) -> str:
    return f"{token.user.get_username()} 的令牌 {token.prefix}…"


@transaction.atomic
def issue(user: Any, *, by: Any = None) -> tuple[ApiToken, str]:
    """A new token for ``user`` (audited); beyond the cap the oldest tokens are revoked."""
    keep = max(settings.JIXIAO_TOKENS_PER_USER - 1, 0)
    for old in ApiToken.objects.filter(user=user).order_by("-created", "-id")[keep:]:
        revoke(old, by=by or user, reason="超过每个用户的令牌上限")
    row, plain = ApiToken.issue(user)
    record(
        by or user,
        "token.create",
        row,
        object_repr=_repr(row),
        new={"expires": row.expires},
    )
    return row, plain


def find(plain: str) -> ApiToken | None:
    """The live token ``plain`` names (None when unknown, expired or of an inactive user)."""
    row = (
        ApiToken.objects.select_related("user__profile").filter(key_hash=hash_token(plain)).first()
    )
    if row is None or not row.user.is_active:
        return None
    now = timezone.now()
    if row.expires is None or row.expires <= now:
        return None
    if row.last_used is None or now - row.last_used > timedelta(minutes=10):
        ApiToken.objects.filter(pk=row.pk).update(last_used=now)
    return row


def revoke(token: ApiToken, *, by: Any, reason: str) -> None:
    record(by, "token.revoke", token, object_repr=_repr(token), old={"reason": reason})
    token.delete()


def revoke_all(user: Any, *, by: Any, reason: str) -> int:
    tokens = list(ApiToken.objects.filter(user=user).select_related("user"))
    for token in tokens:
        revoke(token, by=by, reason=reason)
    return len(tokens)


def visible_tokens(user: Any) -> Any:
    """An admin sees every token, anyone else their own."""
    from jixiao.web.permissions import role_of

    qs = ApiToken.objects.select_related("user").order_by("-created", "-id")
    return qs if role_of(user) == "admin" else qs.filter(user=user)
