"""Curation: entries the admin has retired (hidden from suggestions), by (二级, 三级)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class RetiredEntry(models.Model):
    level2 = models.TextField("二级指标")
    name = models.TextField("三级指标")
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    retired_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["level2", "name"], name="retired_entry_once")
        ]
        verbose_name = verbose_name_plural = "已停用的指标库条目"
