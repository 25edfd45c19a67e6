"""AuditEntry: one row per write (who, when, action, object, old and new values).

Entries are chained by hash (`jixiao.web.audit.chain`) and written only by
`jixiao.web.audit.log.record`; the model refuses updates and deletes, and no role has a
change or delete permission on it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

#: Fixed action names and their Chinese labels. Every write uses one of these.
ACTIONS: dict[str, str] = {
    "document.import": "导入文档",
    "document.delete": "删除文档",
    "project.edit": "修改项目",
    "project.submit": "提交审核",
    "project.return": "退回修改",
    "project.approve": "审核通过",
    "project.code": "补录项目编码",
    "comment.resolve": "处理审核意见",
    "user.create": "创建用户",
    "user.update": "修改用户",
    "unit.create": "创建单位",
    "token.create": "签发 API 令牌",
    "token.revoke": "撤销 API 令牌",
    # Sessions, access and data leaving the system (等保 2.0: security audit).
    "login": "登录",
    "login.failed": "登录失败",
    "logout": "退出登录",
    "password.change": "修改密码",
    "access.denied": "拒绝访问",
    "export": "导出",
    "backup": "备份数据",
    # Monitoring and self-evaluation (jixiao.web.monitoring).
    "payment.import": "导入支付记录",
    "payment.create": "录入支付记录",
    "deviation.create": "填报执行偏差原因",
    "progress.create": "填报指标进度",
    "evaluation.save": "保存绩效自评",
    "department_evaluation.save": "保存部门整体绩效自评",
    # The rest of the year (jixiao.web.adjustments, .rectification, .disclosure).
    "adjustment.request": "申请调整绩效目标",
    "adjustment.approve": "批准绩效目标调整",
    "adjustment.return": "退回绩效目标调整",
    "indicator.fix": "固化绩效指标",
    "rectification.create": "下达整改通知",
    "rectification.answer": "报送整改情况",
    "rectification.accept": "验收整改",
    "rectification.return": "退回整改",
    "recheck.draw": "抽取复核项目",
    "recheck.record": "记录复核结果",
    "publication.create": "公开绩效信息",
    "publication.withdraw": "撤回公开",
    "library.retire": "停用指标库条目",
    "library.restore": "恢复指标库条目",
    "library.merge": "合并指标库条目",
    "library.approve": "认可指标库条目",
    "library.import": "导入指标库",
    # Setting up and writing from scratch (issue 11).
    "region.create": "创建财政区划",
    "region.update": "修改财政区划",
    "department.create": "创建主管部门",
    "department.update": "修改主管部门",
    "unit.update": "修改单位",
    "user.password": "修改本人密码",
    "document.create": "新建文档",
    "document.rollover": "以上年为基础编制",
    "document.edit": "修改部门整体绩效目标",
    "document.submit": "提交部门整体绩效目标",
    "document.return": "退回部门整体绩效目标",
    "document.approve": "审核通过部门整体绩效目标",
    "project.create": "新增项目",
    "project.copy": "复制项目",
    "project.move": "调整项目顺序",
    "project.delete": "删除项目",
}


class AuditLogIsAppendOnly(Exception):
    """An attempt to change or delete audit entries through the ORM."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("审计日志只能追加，不能修改")

    def delete(self):
        raise AuditLogIsAppendOnly("审计日志只能追加，不能删除")


class AuditEntry(models.Model):
    # Kept when a user is deleted; ``username`` still says who it was.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    username = models.CharField("用户", max_length=150, blank=True)
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    action = models.CharField("操作", max_length=32, choices=list(ACTIONS.items()))
    object_type = models.CharField("对象类型", max_length=32)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=300, blank=True)
    old = models.JSONField("原值", null=True, blank=True, encoder=DjangoJSONEncoder)
    new = models.JSONField("新值", null=True, blank=True, encoder=DjangoJSONEncoder)
    prev_hash = models.CharField("前序哈希", max_length=64, default="", editable=False)
    hash = models.CharField("哈希", max_length=64, default="", editable=False)

    objects = AuditQuerySet.as_manager()
    #: Only `record()` uses it, to set the hash of the row it has just inserted.
    _writer = models.Manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = verbose_name_plural = "审计日志"
        # Nobody may change or delete an entry, not even an administrator.
        default_permissions = ("view",)
        base_manager_name = "_writer"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly("审计日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("审计日志只能追加，不能删除")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"


class AuditHead(models.Model):
    """The last entry of the chain (one row): shows entries deleted from the end."""

    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    objects = models.Manager()

    class Meta:
        default_permissions = ()
