"""Rectification items with their attachments, and re-check draws and results."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.core import followup
from jixiao.web.goals.fields import CheckedReadsMixin, ExactDecimalField
from jixiao.web.goals.models import Project


class Rectification(models.Model):
    """A 整改通知: what must be fixed by when; the unit answers, the bureau accepts."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="rectifications")
    source = models.CharField("来源", max_length=16, choices=list(followup.SOURCES.items()))
    requirement = models.TextField("整改要求")
    due = models.DateField("整改期限", db_index=True)
    status = models.CharField(
        "状态",
        max_length=16,
        choices=list(followup.STATUSES.items()),
        default=followup.OPEN,
        db_index=True,
    )
    measures = models.TextField("整改措施", blank=True)
    comment = models.TextField("验收意见", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due", "id"]
        verbose_name = verbose_name_plural = "整改事项"

    @property
    def status_label(self) -> str:
        return followup.STATUSES.get(self.status, self.status)

    @property
    def source_label(self) -> str:
        return followup.SOURCES.get(self.source, self.source)


class Attachment(models.Model):
    """Evidence attached to an answer, kept in the database (size-limited)."""

    rectification = models.ForeignKey(Rectification, models.CASCADE, related_name="attachments")
    name = models.CharField("文件名", max_length=200)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "整改附件"


class RecheckDraw(CheckedReadsMixin, models.Model):
    """A reproducible random sample of evaluated projects for re-checking."""

    year = models.IntegerField("年度")
    share = ExactDecimalField("抽查比例")
    seed = models.BigIntegerField("随机种子")
    population = models.PositiveIntegerField("已评项目数")
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    drawn_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "复核抽样"


class Recheck(CheckedReadsMixin, models.Model):
    """One drawn project: the unit's own score and, once re-scored, the bureau's."""

    draw = models.ForeignKey(RecheckDraw, models.CASCADE, related_name="rechecks")
    project = models.ForeignKey(Project, models.CASCADE, related_name="rechecks")
    unit_score = ExactDecimalField("单位自评得分")
    bureau_score = ExactDecimalField("复核得分")
    difference = ExactDecimalField("差异")
    notes = models.TextField("复核意见", blank=True)
    rectification = models.ForeignKey(
        Rectification, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    # Before the one-draw-per-project rule, a later draw could take a project again: those
    # later rows are kept (with their scores) and marked, outside the constraint below.
    repeat = models.BooleanField("重复抽取", default=False, editable=False)

    class Meta:
        ordering = ["draw_id", "project_id"]
        verbose_name = verbose_name_plural = "复核结果"
        constraints = [
            # A project is re-checked once: two reviewers drawing at the same moment cannot
            # both take it (the database refuses the second row; `services.draw` retries).
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(repeat=False),
                name="recheck_project_drawn_once",
            )
        ]
