"""Audit entries as people read them: the changed fields by their Chinese names with
old → new values, indicator and self-evaluation lines as added/removed/changed rows.

Presentation only: entries are stored as `record()` wrote them (`models.AuditEntry`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jixiao.core.followup import SOURCES
from jixiao.core.followup import STATUSES as RECTIFICATION_STATUSES
from jixiao.core.scales import COLOR_LABELS
from jixiao.web.accounts.models import ROLES
from jixiao.web.adjustments.models import STATUSES as ADJUSTMENT_STATUSES
from jixiao.web.goals.diff import diff_snapshots
from jixiao.web.goals.editing import EDITABLE_FIELDS
from jixiao.web.goals.models import STATUSES
from jixiao.web.monitoring.models import LIKELIHOODS

CHANGED, ADDED, REMOVED = "changed", "added", "removed"
KIND_LABELS = {CHANGED: "修改", ADDED: "新增", REMOVED: "删除"}
EMPTY = "（空）"

#: Chinese names of the keys `record()` callers write (project fields: `detail.label`).
FIELD_LABELS: dict[str, str] = {
    "status": "状态",
    "version": "版本",
    "submission": "第几次提交",
    "score": "质量分",
    "errors": "错误数",
    "comments": "审核意见",
    "resolved": "是否已处理",
    "file": "文件",
    "unit": "单位",
    "year": "预算年度",
    "projects": "项目数",
    "budget_total": "预算合计",
    "stored": "导入条数",
    "total": "金额合计",
    "refunds": "退款条数",
    "unmatched": "项目编码不在文档中",
    "out_of_year": "不在预算年度内",
    "date": "日期",
    "amount": "金额",
    "summary": "摘要",
    "as_of": "截至日期",
    "color": "当时颜色",
    "reason": "原因",
    "likelihood": "完成目标可能性",
    "correction_needed": "是否需要整改",
    "follow_up": "整改措施",
    "indicator": "指标序号",
    "value": "累计完成值",
    "expected_value": "全年预计完成值",
    "budget_initial": "年初预算数",
    "budget_adjusted": "全年预算数",
    "executed": "全年执行数",
    "budget_reason": "执行率偏低原因",
    "achieved": "实际完成情况",
    "actual": "实际完成值",
    "weight": "分值",
    "username": "用户名",
    "role": "角色",
    "regions": "负责区划",
    "departments": "负责部门",
    "is_active": "是否启用",
    "password": "密码",
    "code": "编码",
    "name": "名称",
    "department": "主管部门",
    "region": "财政区划",
    # logins, refusals and downloads (`audit.middleware`, `accounts.signals`)
    "ip": "IP 地址",
    "url": "访问地址",
    "path": "访问地址",
    "bytes": "文件大小（字节）",
    # drafting and the department part
    "document": "目标文档编号",
    "seq": "项目序号",
    "copied_from": "复制自项目编号",
    "from_document": "来源文档编号",
    "from_year": "来源年度",
    "indicators": "绩效指标",
    "renumbered": "是否重新编号",
    "budgets_to_confirm": "待确认预算数的项目数",
    "money_unit": "金额单位",
    "department_status": "部门整体绩效目标状态",
    # follow-up: adjustments, rectification, re-checks, library, tokens, regions
    "fields": "调整的内容",
    "effective_from": "生效日期",
    "comment": "意见",
    "source": "来源",
    "requirement": "整改要求",
    "measures": "整改措施",
    "attachments": "佐证材料",
    "due": "整改期限",
    "share": "抽取比例",
    "seed": "随机种子",
    "population": "可抽取的项目数",
    "drawn": "抽中的项目",
    "unit_score": "单位自评得分",
    "bureau_score": "复核得分",
    "difference": "得分差异",
    "rectification": "整改事项编号",
    "level1": "一级指标",
    "level2": "二级指标",
    "uses": "使用次数",
    "entries": "条目数",
    "expires": "有效期至",
    "parent": "上级区划",
    # imports: a file read with the user's correction, or added to an existing document
    "appended_to": "追加到目标文档编号",
    "first_seq": "追加项目的起始序号",
    "override": "读取方式的更正",
    "layout": "表格版式",
    "columns": "列的含义",
    "unit_code": "单位编码",
    "unit_name": "单位名称",
}
#: Keys whose name depends on what was done (`field_label`): a ``reason`` is a deviation's
#: 偏差原因分析 only where monitoring records a deviation, a ``comment`` a 退回理由 only on a
#: return (any ``….return`` action).
ACTION_LABELS: dict[str, dict[str, str]] = {
    "deviation.create": {"reason": "偏差原因分析"},
    "progress.create": {"reason": "偏差原因分析"},
    "evaluation.save": {"reason": "偏差原因分析及改进措施"},
    "department_evaluation.save": {"reason": "偏差原因分析及改进措施"},
    "adjustment.request": {"reason": "调整原因"},
    "token.revoke": {"reason": "撤销原因"},
    "rectification.accept": {"comment": "验收意见"},
    "project.code": {"code": "项目编码"},
}
_RETURN_LABELS = {"comment": "退回理由", "comments": "退回理由"}


def field_label(action: str, key: str) -> str:
    """The Chinese name of ``key`` in an entry of ``action``."""
    label = ACTION_LABELS.get(action, {}).get(key)
    if label is None and action.endswith(".return"):
        label = _RETURN_LABELS.get(key)
    return label or FIELD_LABELS.get(key, key)


_VALUE_LABELS: dict[str, dict[str, str]] = {
    "status": STATUSES,
    "department_status": STATUSES,
    "source": SOURCES,
    "fields": {**EDITABLE_FIELDS, "seq": "项目序号", "spending_curve": "资金支出计划"},
    "role": ROLES,
    "likelihood": LIKELIHOODS,
    "color": COLOR_LABELS,
}
#: A ``status`` names the state of what the action acts on (a goal table by default).
_STATUS_LABELS: dict[str, dict[str, str]] = {
    "rectification": RECTIFICATION_STATUSES,
    "adjustment": ADJUSTMENT_STATUSES,
}
_LINE_FIELDS = ("actual", "reason", "weight")


@dataclass(frozen=True)
class ChangeRow:
    field: str  # the stored key (``lines.2.actual``, ``indicator.target``…)
    label: str  # its Chinese name
    old: str
    new: str
    kind: str = CHANGED

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def show(key: str, value: Any, action: str = "") -> str:
    """One stored value as text: 是/否, status and role names, lists joined by 、."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(show(key, v, action) for v in value)
    if isinstance(value, dict):
        if "text" in value:  # a review comment
            return str(value["text"])
        return "；".join(f"{FIELD_LABELS.get(k, k)}：{show(k, v)}" for k, v in value.items())
    labels = _VALUE_LABELS.get(key, {})
    if key == "status":
        labels = _STATUS_LABELS.get(action.split(".")[0], labels)
    return labels.get(str(value), str(value))


def changes(action: str, old: Any, new: Any) -> list[ChangeRow]:
    """The rows of one entry, in a stable order."""
    old = old if isinstance(old, dict) else {}
    new = new if isinstance(new, dict) else {}
    if action == "project.edit":
        return _project_changes(old, new)
    rows: list[ChangeRow] = []
    if "lines" in old or "lines" in new:
        rows += _line_changes(action, old.get("lines") or [], new.get("lines") or [])
    for key in [*new, *(k for k in old if k not in new)]:
        if key == "lines":
            continue
        a, b = old.get(key), new.get(key)
        if key in old and key in new and a == b:
            continue
        rows.append(
            ChangeRow(key, field_label(action, key), show(key, a, action), show(key, b, action))
        )
    return rows


def _project_changes(old: dict[str, Any], new: dict[str, Any]) -> list[ChangeRow]:
    from jixiao.web.front.detail import label, show_value

    rows = []
    for c in diff_snapshots(old, new):
        kind = CHANGED
        if c.field == "indicators":
            kind = ADDED if c.old is None else REMOVED if c.new is None else CHANGED
        rows.append(
            ChangeRow(
                c.field if c.indicator is None else f"{c.field}.{c.indicator}",
                label(c.field, c.indicator),
                show_value(c.old),
                show_value(c.new),
                kind,
            )
        )
    if "version" in new and old.get("version") != new["version"]:
        rows.append(
            ChangeRow("version", "版本", show("version", old.get("version")), str(new["version"]))
        )
    return rows


def _line_changes(
    action: str, old: list[dict[str, Any]], new: list[dict[str, Any]]
) -> list[ChangeRow]:
    """Self-evaluation lines by indicator number: one row per added, removed or changed
    value (``第 2 个指标·实际完成值``)."""
    a = {int(x.get("indicator") or 0): x for x in old if isinstance(x, dict)}
    b = {int(x.get("indicator") or 0): x for x in new if isinstance(x, dict)}
    rows = []
    for n in sorted(a.keys() | b.keys()):
        x, y = a.get(n, {}), b.get(n, {})
        kind = ADDED if not x else REMOVED if not y else CHANGED
        for key in _LINE_FIELDS:
            if x.get(key) in (None, "") and y.get(key) in (None, ""):
                continue
            if x.get(key) == y.get(key):
                continue
            rows.append(
                ChangeRow(
                    f"lines.{n}.{key}",
                    f"第 {n} 个指标·{field_label(action, key)}",
                    show(key, x.get(key)),
                    show(key, y.get(key)),
                    kind,
                )
            )
    return rows
