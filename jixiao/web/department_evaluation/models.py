"""What a unit enters for its department-wide self-evaluation. The budget figures are not
stored: they are the roll-up of the projects' own self-evaluations."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.goals.fields import CheckedReadsMixin, ExactDecimalField
from jixiao.web.goals.models import GoalDocument


class DepartmentEvaluation(models.Model):
    """实际完成情况 of the overall goals and why execution is low, for one goal document."""

    document = models.OneToOneField(
        GoalDocument, models.CASCADE, related_name="department_evaluation"
    )
    budget_reason = models.TextField("执行率偏低原因", blank=True)
    achieved = models.TextField("实际完成情况", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "部门整体支出绩效自评"


class DepartmentActual(CheckedReadsMixin, models.Model):
    """实际完成值 of one department indicator (1-based number), its reason and weight."""

    evaluation = models.ForeignKey(DepartmentEvaluation, models.CASCADE, related_name="actuals")
    indicator = models.PositiveSmallIntegerField("指标序号")
    actual = models.TextField("实际完成值", blank=True)
    reason = models.TextField("偏差原因分析及改进措施", blank=True)
    weight = ExactDecimalField("分值")

    class Meta:
        ordering = ["indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "indicator"], name="one_department_actual_per_line"
            )
        ]
        verbose_name = verbose_name_plural = "部门整体指标实际完成值"
