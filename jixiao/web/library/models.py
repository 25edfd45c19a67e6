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


class MergedEntry(models.Model):
    """An entry folded into another: its uses count for the kept one, and it is no longer
    suggested (the retired one points at the kept one)."""

    level2 = models.TextField("二级指标")
    name = models.TextField("三级指标")
    into_level2 = models.TextField("并入的二级指标")
    into_name = models.TextField("并入的三级指标")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["level2", "name"], name="merged_entry_once")]
        verbose_name = verbose_name_plural = "已合并的指标库条目"


class CuratedEntry(models.Model):
    """An entry the admin approved (from what peers wrote) or imported from Excel."""

    APPROVED = "approved"
    IMPORTED = "imported"

    level1 = models.TextField("一级指标")
    level2 = models.TextField("二级指标")
    name = models.TextField("三级指标")
    description = models.TextField("绩效指标描述", blank=True)
    target = models.TextField("典型指标值", blank=True)
    basis = models.TextField("指标值确定依据", blank=True)
    category = models.TextField("类别", blank=True)
    origin = models.CharField(
        "来源", max_length=16, choices=[(APPROVED, "管理员认可"), (IMPORTED, "导入")]
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["level2", "name"], name="curated_entry_once")
        ]
        verbose_name = verbose_name_plural = "管理员维护的指标库条目"
