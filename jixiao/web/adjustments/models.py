"""Adjustment requests and fixed (固化) indicators."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.goals.models import Project

PENDING = "pending"
APPROVED = "approved"
RETURNED = "returned"
STATUSES: dict[str, str] = {PENDING: "待审核", APPROVED: "已批准", RETURNED: "已退回"}


class Adjustment(models.Model):
    """A unit's request to change an approved project, with the before and after versions
    (the `jixiao read` JSON shape of the project)."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="adjustments")
    number = models.PositiveIntegerField("调整次数")
    reason = models.TextField("调整原因")
    changes = models.JSONField("调整内容")
    before = models.JSONField("调整前")
    after = models.JSONField("调整后")
    #: The project version the request was made against; approval refuses a stale one.
    base_version = models.PositiveIntegerField()
    status = models.CharField(
        "状态", max_length=16, choices=list(STATUSES.items()), default=PENDING, db_index=True
    )
    effective_from = models.DateField("生效日期", null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField("审核意见", blank=True)

    class Meta:
        ordering = ["project_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="adjustment_number")
        ]
        verbose_name = verbose_name_plural = "绩效目标调整"

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)


class FixedIndicator(models.Model):
    """An indicator the bureau has fixed (固化): adjustments may not change or remove it.
    Identified by its 三级 name within the project."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="fixed_indicators")
    name = models.TextField("三级指标")
    fixed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    fixed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="fixed_indicator_once")
        ]
        verbose_name = verbose_name_plural = "固化指标"
