"""A user's role and scope (`Profile`) and hashed API tokens (`ApiToken`)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from jixiao.core.amounts import DISPLAY_UNIT, DISPLAY_UNITS
from jixiao.web.orgs.models import Department, Region, Unit

UNIT = "unit"
REVIEWER = "reviewer"
ADMIN = "admin"
AUDITOR = "auditor"

#: Roles and their Chinese names (docs/glossary.md).
ROLES: dict[str, str] = {
    UNIT: "填报人",
    REVIEWER: "审核人",
    ADMIN: "系统管理员",
    AUDITOR: "审计员",
}


class Profile(models.Model):
    """Role and scope: a unit user's unit, a reviewer's regions and departments."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="profile")
    role = models.CharField("角色", max_length=16, choices=list(ROLES.items()))
    unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="members", verbose_name="单位"
    )
    regions = models.ManyToManyField(Region, blank=True, related_name="reviewers")
    departments = models.ManyToManyField(Department, blank=True, related_name="reviewers")
    #: Set on the demo users: outside demo mode they must choose a password of their own.
    must_change_password = models.BooleanField("须修改初始密码", default=False)
    #: The unit amounts are shown in on pages that list several documents.
    display_unit = models.CharField(
        "金额显示单位",
        max_length=4,
        choices=[(u, u) for u in DISPLAY_UNITS],
        default=DISPLAY_UNIT,
    )

    class Meta:
        verbose_name = verbose_name_plural = "用户角色"

    def __str__(self) -> str:
        return f"{self.user.username}（{ROLES.get(self.role, self.role)}）"

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """An API token; only its SHA-256 is stored (tokens are 256-bit random strings).

    Issue, find and revoke through `jixiao.web.accounts.tokens` (expiry, cap, audit)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    #: Tokens from before expiry existed have none and count as expired.
    expires = models.DateTimeField("到期时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "API 令牌"

    def __str__(self) -> str:
        return f"{self.prefix}…"

    @classmethod
    def issue(cls, user) -> tuple[ApiToken, str]:
        """A new token for ``user``; the plain token is returned once and never stored."""
        plain = secrets.token_urlsafe(32)
        expires = timezone.now() + timedelta(days=settings.JIXIAO_TOKEN_DAYS)
        token = cls.objects.create(
            user=user, key_hash=hash_token(plain), prefix=plain[:8], expires=expires
        )
        return token, plain
