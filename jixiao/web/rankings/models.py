"""Stored self-evaluation scores, one row per project, so that the ranking page reads them
instead of scoring every project on each request (see `jixiao.web.rankings.store`)."""

from __future__ import annotations

from django.db import models

from jixiao.web.goals.models import GoalDocument, Project


class ProjectResult(models.Model):
    """The core's `ProjectScore` of a project as JSON, and the stamp of what it was scored
    from: the project's and its self-evaluation's last change. A stamp that no longer
    matches means the score is out of date and is computed again."""

    project = models.OneToOneField(
        Project, models.CASCADE, primary_key=True, related_name="stored_result"
    )
    document = models.ForeignKey(GoalDocument, models.CASCADE, related_name="+")
    stamp = models.CharField(max_length=80)
    score = models.JSONField()

    class Meta:
        verbose_name = verbose_name_plural = "项目评价结果"
