"""A user's correction of how a file layout is read (`jixiao.core.formats.overrides`).

One row per unit and layout fingerprint; the region is kept so that another unit of the
same region importing the same template gets the correction too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.orgs.models import Region, Unit


class LayoutCorrection(models.Model):
    unit = models.ForeignKey(Unit, models.CASCADE, related_name="layout_corrections")
    region = models.ForeignKey(Region, models.CASCADE, related_name="layout_corrections")
    fingerprint = models.CharField("版式指纹", max_length=64)
    #: `LayoutOverride.to_dict()` without the per-file year and unit.
    override = models.JSONField("更正", default=dict)
    #: The corrected file's name, to tell the user where the correction came from.
    source_name = models.CharField("来源文件", max_length=255, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "导入版式更正"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["unit", "fingerprint"], name="layout_unit_fingerprint")
        ]
        indexes = [models.Index(fields=["region", "fingerprint"])]

    def __str__(self) -> str:
        return f"{self.unit} {self.fingerprint[:8]}"
