"""Region (财政区划) → Department (主管部门) → Unit (预算单位)."""

from __future__ import annotations

from django.db import models


class Region(models.Model):
    """A finance region (``mof_div_code``, six characters, e.g. 130213)."""

    code = models.CharField("区划编码", max_length=12, unique=True)
    name = models.CharField("区划名称", max_length=100)
    #: The region above (a 区 under its 市), if any.
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="上级区划",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "财政区划"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Department(models.Model):
    """A supervising department; its units report through it."""

    region = models.ForeignKey(Region, models.PROTECT, related_name="departments")
    code = models.CharField("部门编码", max_length=20)
    name = models.CharField("部门名称", max_length=200)

    class Meta:
        ordering = ["region__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="department_code_per_region")
        ]
        verbose_name = verbose_name_plural = "主管部门"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Unit(models.Model):
    """A budget unit (预算单位), identified by its unit code (e.g. 314003)."""

    department = models.ForeignKey(Department, models.PROTECT, related_name="units")
    code = models.CharField("单位编码", max_length=20, unique=True)
    name = models.CharField("单位名称", max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "预算单位"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
