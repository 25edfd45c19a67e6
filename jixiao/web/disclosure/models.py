"""A publication: the admin made one unit's year public."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.orgs.models import Unit


class Publication(models.Model):
    unit = models.ForeignKey(Unit, models.CASCADE, related_name="publications")
    year = models.IntegerField("年度")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_publication_per_unit_year")
        ]
        verbose_name = verbose_name_plural = "绩效公开"
