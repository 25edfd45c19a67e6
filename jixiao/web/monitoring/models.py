"""What units report during and after the year: payments, spending deviations, indicator
progress and the self-evaluation. Amounts are in the document's money unit, exact
(`ExactDecimalField`); indicators are named by their 1-based number within the project,
as in the core's input files, so rewriting a project's indicator list keeps the entries.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.goals.fields import CheckedReadsMixin, ExactDecimalField
from jixiao.web.goals.models import Project

#: 完成目标可能性, as the national system asks it.
LIKELIHOODS: dict[str, str] = {
    "certain": "确定能完成",
    "likely": "有可能完成",
    "unlikely": "完全不可能完成",
}
#: The one blank choice of every 完成目标可能性 list (forms, pages), then the choices.
LIKELIHOOD_BLANK = "请选择"
LIKELIHOOD_CHOICES: tuple[tuple[str, str], ...] = (("", LIKELIHOOD_BLANK), *LIKELIHOODS.items())
MANUAL = "手工录入"


class Payment(CheckedReadsMixin, models.Model):
    """One payment (or refund: a negative amount) of one project."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="payments")
    date = models.DateField("日期", db_index=True)
    amount = ExactDecimalField("金额", null=False, blank=False)
    summary = models.TextField("摘要", blank=True)
    #: The file it came from (and its line), or `MANUAL`.
    source = models.TextField("来源", blank=True)
    line = models.IntegerField("行号", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = verbose_name_plural = "支付记录"

    def __str__(self) -> str:
        return f"{self.date} {self.amount}"


class Deviation(models.Model):
    """Why a project's spending lags its plan (偏差原因分析) on a date, and what follows."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="deviations")
    as_of = models.DateField("截至日期")
    color = models.CharField("当时颜色", max_length=8, blank=True)
    reason = models.TextField("偏差原因分析")
    likelihood = models.CharField(
        "完成目标可能性", max_length=16, choices=list(LIKELIHOODS.items())
    )
    correction_needed = models.BooleanField("是否需要整改", default=False)
    follow_up = models.TextField("整改措施", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-as_of", "-id"]
        verbose_name = verbose_name_plural = "执行偏差"


class IndicatorProgress(models.Model):
    """The value of one indicator so far, the expected year-end value and the deviation."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="indicator_progress")
    indicator = models.PositiveSmallIntegerField("指标序号")
    date = models.DateField("日期")
    value = models.TextField("累计完成值")
    expected_value = models.TextField("全年预计完成值", blank=True)
    reason = models.TextField("偏差原因分析", blank=True)
    likelihood = models.CharField(
        "完成目标可能性", max_length=16, choices=list(LIKELIHOODS.items()), blank=True
    )
    correction_needed = models.BooleanField("是否需要整改", default=False)
    follow_up = models.TextField("整改措施", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator", "date", "id"]
        verbose_name = verbose_name_plural = "指标进度"


class SelfEvaluation(CheckedReadsMixin, models.Model):
    """A project's year-end figures (年初预算数 / 全年预算数 / 全年执行数) and 实际完成情况."""

    project = models.OneToOneField(Project, models.CASCADE, related_name="self_evaluation")
    budget_initial = ExactDecimalField("年初预算数")
    budget_adjusted = ExactDecimalField("全年预算数")
    executed = ExactDecimalField("全年执行数")
    budget_reason = models.TextField("执行率偏低原因", blank=True)
    achieved = models.TextField("实际完成情况", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "绩效自评"


class ActualValue(CheckedReadsMixin, models.Model):
    """实际完成值 of one indicator, its 偏差原因分析及改进措施 and an optional weight."""

    evaluation = models.ForeignKey(SelfEvaluation, models.CASCADE, related_name="actuals")
    indicator = models.PositiveSmallIntegerField("指标序号")
    actual = models.TextField("实际完成值", blank=True)
    reason = models.TextField("偏差原因分析及改进措施", blank=True)
    weight = ExactDecimalField("分值")

    class Meta:
        ordering = ["indicator"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "indicator"], name="one_actual_per_line")
        ]
        verbose_name = verbose_name_plural = "实际完成值"
