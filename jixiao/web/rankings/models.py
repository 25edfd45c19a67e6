"""Stored self-evaluation scores, one row per project, and their sums per unit and year and
per department and year, so that the ranking page reads them instead of scoring every
project on each request (see `jixiao.web.rankings.store`, `jixiao.web.rankings.rollups` and
`jixiao.web.rankings.departments`)."""

from __future__ import annotations

from django.db import models

from jixiao.web.goals.fields import SortKeyField
from jixiao.web.goals.models import GoalDocument, Project
from jixiao.web.orgs.models import Department, Unit


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


class RollupColumns(models.Model):
    """The core's `RollupSums` as columns: counts, complete projects per grade band (优, 良,
    中, 差 by default, in the bands' order) and sums. Money is stored as whole numbers of a
    fixed fraction of 万元 (`rollups.MONEY_SCALE`), so that SQL sums are exact on SQLite too."""

    projects = models.IntegerField(default=0)
    complete = models.IntegerField(default=0)
    not_started = models.IntegerField(default=0)
    provisional = models.IntegerField(default=0)
    band1 = models.IntegerField(default=0)
    band2 = models.IntegerField(default=0)
    band3 = models.IntegerField(default=0)
    band4 = models.IntegerField(default=0)
    scores = models.BigIntegerField(default=0)  # Σ score, in hundredths of a point
    budget_adjusted = models.BigIntegerField(default=0)  # in MONEY_SCALE units of 万元
    executed = models.BigIntegerField(default=0)
    weighted = models.BigIntegerField(default=0)  # Σ score × 全年预算数, hundredths × money

    class Meta:
        abstract = True


#: The columns that add up (`RollupSums` fields), in both tables.
SUMMED: tuple[str, ...] = tuple(f.name for f in RollupColumns._meta.fields)


class UnitRollup(RollupColumns):
    """The `RollupSums` of one document's projects (one unit, one year) and the unit's
    department score, so that the ranking reads one row per unit and the department and
    overall roll-ups are sums of these rows (`DepartmentRollup`; see
    `jixiao.web.rankings.rollups`).

    A row that is missing means "compute it again" (every write that changes a project's
    score deletes its document's row and marks its department's `DepartmentRollup` stale)."""

    document = models.OneToOneField(
        GoalDocument, models.CASCADE, primary_key=True, related_name="rollup"
    )
    unit = models.ForeignKey(Unit, models.CASCADE, related_name="+")
    #: The unit's code (kept current when a unit is saved): the ranking's tie-break, in the
    #: same index as the score.
    unit_code = models.CharField(max_length=20)
    #: The unit's department (kept current when a unit is saved): which `DepartmentRollup`
    #: this row adds to, and the ranking's filter for a reviewer's departments.
    department = models.ForeignKey(Department, models.CASCADE, related_name="+", db_index=False)
    year = models.IntegerField(null=True)
    #: The core's weighted average, −1 when there is none: the ranking's order.
    rank_score = SortKeyField(max_digits=9, decimal_places=2, default=-1)
    #: The department-wide self-evaluation as the ranking shows it (status, score, grade).
    department_status = models.CharField(max_length=16, default="")
    department_score = models.CharField(max_length=40, default="")  # the Decimal's text
    department_score_text = models.CharField(max_length=40, default="")  # as shown (—)
    department_grade = models.CharField(max_length=16, default="")

    class Meta:
        verbose_name = verbose_name_plural = "单位评价汇总"
        indexes = [
            models.Index(fields=["year", "-rank_score", "unit_code"], name="rollup_rank"),
            models.Index(fields=["unit"], name="rollup_unit"),
            models.Index(fields=["department", "year"], name="rollup_department"),
        ]


class DepartmentRollup(RollupColumns):
    """The sums of the `UnitRollup` rows of one department's units for one year, so that the
    ranking's department table, its total and its count read one row per department
    (visible scopes are whole departments: a reviewer's departments and regions, the
    admin's all) instead of every unit of the year.

    ``stale`` means "some write since the sums were taken may have changed them" (set with
    the write, in its transaction, by `jixiao.web.rankings.departments.mark_stale`): the
    ranking computes the department's missing unit rows and these sums again before
    reading. A fresh row exists exactly for each department and year with a complete
    document."""

    #: Not indexed alone: the unique (department, year) index serves it.
    department = models.ForeignKey(Department, models.CASCADE, related_name="+", db_index=False)
    year = models.IntegerField()
    units = models.IntegerField(default=0)  # unit rows summed (one per unit and year)
    stale = models.BooleanField(default=False)

    class Meta:
        verbose_name = verbose_name_plural = "主管部门评价汇总"
        constraints = [
            models.UniqueConstraint(fields=["department", "year"], name="department_rollup_one")
        ]
        indexes = [
            models.Index(fields=["year", "department"], name="department_rollup_year"),
            models.Index(
                fields=["department"],
                condition=models.Q(stale=True),
                name="department_rollup_stale",
            ),
        ]
