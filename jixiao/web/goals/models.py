"""Storage of goal documents. Mapping to and from `jixiao.core.model` is in `mapping.py`.

GoalDocument (one unit, one fiscal year) → Project (with workflow status and version) →
Indicator and SpendingPlanCell rows; Submission keeps a JSON snapshot per submitted
version; Comment holds a reviewer's remark on a project or one of its fields.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.goals.fields import CheckedReadsMixin, ExactDecimalField, SortKeyField
from jixiao.web.orgs.models import Unit

DRAFT = "draft"
SUBMITTED = "submitted"
RETURNED = "returned"
APPROVED = "approved"

#: Workflow statuses and their Chinese names, in workflow order.
STATUSES: dict[str, str] = {
    DRAFT: "草稿",
    SUBMITTED: "已提交",
    RETURNED: "已退回",
    APPROVED: "已审核",
}


# Text that comes from documents is TextField: a document may write any length, and an
# import must never fail on PostgreSQL for a cell SQLite would have taken.


class CompleteDocuments(models.Manager["GoalDocument"]):
    """Documents whose import has finished (a bulk import commits in batches, see imports)."""

    def get_queryset(self) -> models.QuerySet[GoalDocument]:
        return super().get_queryset().filter(complete=True)


class GoalDocument(models.Model):
    """A unit's performance-goal document for one fiscal year (department part + projects)."""

    #: No index of its own: ``one_document_per_unit_year`` (unit, year) leads with it.
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="documents", db_index=False)
    year = models.IntegerField("预算年度", null=True, blank=True)
    money_unit = models.TextField("金额单位", default="万元")
    #: The unit's name and code as written in the document (may differ from `unit`).
    unit_code_text = models.TextField(null=True, blank=True)
    unit_name_text = models.TextField(blank=True)
    overall_goals = models.JSONField("总体绩效目标", default=list, blank=True)
    measures = models.JSONField("工作保障措施", default=list, blank=True)
    #: ``[{"seq": 1, "name": "…", "text": "…"}, …]`` — the 分项绩效目标 entries.
    project_summaries = models.JSONField("分项绩效目标", default=list, blank=True)
    #: The department indicator table (部门整体绩效指标), as `jixiao read` JSON indicators.
    department_indicators = models.JSONField("部门整体绩效指标", default=list, blank=True)
    #: `core.Document.absent`: the optional parts the imported layout does not have.
    absent = models.JSONField("来源表格没有的栏目", default=list, blank=True)
    #: The department part's own place in the review workflow (`STATUSES`).
    department_status = models.CharField(
        "部门整体绩效目标状态", max_length=16, choices=list(STATUSES.items()), default=DRAFT
    )
    #: The reviewer's remarks when the department part was last returned.
    department_comment = models.TextField("部门整体绩效目标审核意见", blank=True)
    source_name = models.TextField("来源文件", blank=True)
    #: Optimistic lock of the department part: bumped by every edit of it.
    version = models.PositiveIntegerField("版本", default=1)
    #: Not indexed: no page asks for the documents of a creator (a deleted user's documents
    #: are found by one scan of this table, a tenth of the projects').
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    #: False while a bulk import is still adding projects: hidden from every page and list.
    complete = models.BooleanField(default=True, editable=False)

    objects = CompleteDocuments()
    #: Every document, including imports in progress or interrupted.
    all_objects = models.Manager()

    class Meta:
        ordering = ["-year", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_document_per_unit_year")
        ]
        #: The year filter's choices: the latest year below the last one, by index.
        #: The reviewer's queue of department parts: few submitted among every document.
        indexes = [
            models.Index(fields=["year"], name="goals_document_year"),
            models.Index(fields=["department_status", "year"], name="goals_document_dept_status"),
        ]
        verbose_name = verbose_name_plural = "绩效目标文档"

    def __str__(self) -> str:
        return self.label(self.unit.name, self.year)

    @staticmethod
    def label(unit_name: str, year: int | None) -> str:
        """How a document is named (its ``str``), from its unit's name and its year."""
        return f"{unit_name} {year or ''}年度绩效目标"

    @property
    def department_status_label(self) -> str:
        return STATUSES.get(self.department_status, self.department_status)


class Project(CheckedReadsMixin, models.Model):
    """A project goal table (项目绩效目标表) with its workflow status."""

    #: Indexed by ``goals_project_doc_status`` (document, status), which leads with it.
    document = models.ForeignKey(
        GoalDocument, models.CASCADE, related_name="projects", db_index=False
    )
    seq = models.IntegerField("序号", null=True, blank=True)
    #: Indexed by ``goals_project_code`` (equality and prefix search).
    code = models.TextField("项目编码", null=True, blank=True)
    name = models.TextField("项目名称")
    title = models.TextField("标题", null=True, blank=True)
    budget_total = ExactDecimalField("预算数")
    budget_fiscal = ExactDecimalField("财政资金")
    budget_other = ExactDecimalField("其他资金")
    #: `core.Budget.carryover` (上年结转资金), where the imported layout has it.
    budget_carryover = ExactDecimalField("上年结转资金")
    #: `core.Budget.parts_unread`: the imported layout had a 其中 part under a label the
    #: reader did not know, so the parts are not added up (R071) until the unit saves them.
    budget_parts_unread = models.BooleanField("预算有未识别的其中项", default=False)
    #: Budget copied from last year's document (roll-over): the unit must confirm it, by
    #: saving the budget, before it can submit.
    budget_to_confirm = models.BooleanField("预算待确认", default=False)
    #: `budget_total` as a number, for sorting and sums in the database.
    budget_amount = SortKeyField(max_digits=24, decimal_places=6, null=True, blank=True)
    purpose = models.TextField("资金用途", null=True, blank=True)
    goals = models.JSONField("绩效目标", default=list, blank=True)
    goals_text = models.TextField("绩效目标（原文）", null=True, blank=True)
    #: Indexed by ``goals_project_status_upd`` (status, updated_at, id), which leads with it.
    status = models.CharField("状态", max_length=16, choices=list(STATUSES.items()), default=DRAFT)
    #: Optimistic lock: bumped by every write; a write quoting an older version is refused.
    version = models.PositiveIntegerField("版本", default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["document_id", "seq", "id"]
        #: The project list's default order (most recently changed first), keyset-paged,
        #: with and without the status filter (the reviewer's queue is ``status=submitted``).
        indexes = [
            models.Index(fields=["updated_at", "id"], name="goals_project_updated"),
            models.Index(fields=["status", "updated_at", "id"], name="goals_project_status_upd"),
            # A reviewer's counts by status walk the projects of the scope's documents: with
            # the status here, a document's 20 projects are not each read to find its 2
            # submitted (the count to 1,001 took 7 ms at 1,000,000 projects, now 2.5 ms).
            models.Index(fields=["document", "status"], name="goals_project_doc_status"),
            # A code typed in the search box (``code LIKE 'X%'``, `search._code_prefix`) and
            # a code looked up (``code = 'X'``, the audit filter and the monitoring API):
            # one pattern-ops b-tree answers both on PostgreSQL, in any collation.
            models.Index(
                fields=["code"], name="goals_project_code", opclasses=["text_pattern_ops"]
            ),
        ]
        verbose_name = verbose_name_plural = "项目绩效目标表"

    def __str__(self) -> str:
        return f"{self.seq}.{self.name}" if self.seq is not None else self.name

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)


class SpendingPlanCell(CheckedReadsMixin, models.Model):
    """One checkpoint of the spending plan, as written (blank stays blank)."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="plan_cells")
    position = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField("月份")
    text = models.TextField("原文", null=True, blank=True)
    percent = ExactDecimalField("累计支出比例")

    class Meta:
        ordering = ["project_id", "position"]
        verbose_name = verbose_name_plural = "资金支出计划"


class Indicator(CheckedReadsMixin, models.Model):
    """One row of the indicator table; the target keeps its raw text and parsed parts."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField("顺序")
    level1 = models.TextField("一级指标", null=True, blank=True)
    level2 = models.TextField("二级指标", null=True, blank=True)
    name = models.TextField("三级指标", null=True, blank=True)
    description = models.TextField("绩效指标描述", null=True, blank=True)
    target_text = models.TextField("指标值", blank=True)
    target_comparator = models.CharField("指标性质", max_length=12, null=True, blank=True)
    target_value = ExactDecimalField("指标数值")
    target_unit = models.TextField("度量单位", null=True, blank=True)
    target_upper = ExactDecimalField("指标上限")
    basis = models.TextField("指标值确定依据", null=True, blank=True)
    weight = ExactDecimalField("权重")

    class Meta:
        ordering = ["project_id", "position"]
        verbose_name = verbose_name_plural = "绩效指标"


class Submission(models.Model):
    """A submitted version of a project: the project's JSON (json_io shape) at submission."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="submissions")
    number = models.PositiveIntegerField("提交次数")
    snapshot = models.JSONField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    #: The project's quality score and its open 错误 (messages) when it was submitted.
    score = models.IntegerField("提交时质量分", null=True, blank=True)
    errors = models.JSONField("提交时的错误", default=list, blank=True)

    class Meta:
        ordering = ["project_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="submission_number")
        ]
        verbose_name = verbose_name_plural = "提交版本"


class Comment(models.Model):
    """A reviewer's comment on a project (``field`` blank) or one of its fields.

    ``field`` uses the review findings' vocabulary (`jixiao.core.review.finding.FIELDS`:
    ``purpose``, ``budget.total``, ``indicator.target``…); ``indicator`` is the indicator's
    number counted from 1 for ``indicator.*`` fields.
    """

    project = models.ForeignKey(Project, models.CASCADE, related_name="comments")
    submission = models.ForeignKey(
        Submission, models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    field = models.CharField("字段", max_length=40, blank=True)
    indicator = models.PositiveSmallIntegerField("指标序号", null=True, blank=True)
    text = models.TextField("意见")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField("已处理", default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["project_id", "created_at", "id"]
        verbose_name = verbose_name_plural = "审核意见"
