"""Header and label synonyms of goal tables, by meaning rather than position.

Units word the same header many ways (``项目支出名称`` for ``项目名称``, ``年度指标值`` for
``指标值``…). Labels are compared after `normalize`: NFKC (full-width ``：（）`` become
ASCII), no whitespace, no trailing colon, no ``其中:`` prefix, and a money or percent unit in
brackets (``预算数（万元）``) taken off and returned separately. docs/formats.md lists them.
"""

from __future__ import annotations

import re
import unicodedata

#: Labels of the project table (项目绩效目标表), by `Project`/`Budget` field.
PROJECT_LABELS: dict[str, tuple[str, ...]] = {
    "code": ("项目编码", "项目代码", "项目编号"),
    "name": ("项目名称", "项目支出名称", "项目全称"),
    "total": (
        "预算数",
        "预算金额",
        "年度预算数",
        "年度预算金额",
        "项目金额",
        "项目总金额",
        "项目预算",
        "预算总额",
        "资金总额",
        "年度资金总额",
        "资金规模",
    ),
    "fiscal": ("财政资金", "财政拨款", "本级财政资金", "财政拨款资金"),
    "other": ("其他资金", "其他来源资金"),
    "purpose": ("资金用途", "项目资金用途", "主要用途"),
    "goals": ("绩效目标", "年度绩效目标", "年度目标", "年度总体目标", "总体目标", "项目绩效目标"),
}

#: Column headers of the indicator table (绩效指标), by `Indicator` field, plus the extra
#: columns of other layouts that are folded into the target (``comparator``, ``unit``).
INDICATOR_HEADERS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标", "指标", "指标名称", "绩效指标", "三级指标名称"),
    "description": ("绩效指标描述", "指标描述", "指标内容", "指标解释", "指标说明"),
    "target": ("指标值", "年度指标值", "指标值及单位", "目标值", "年度目标值", "指标目标值"),
    "basis": ("指标值确定依据", "绩效标准", "确定依据", "指标值设定依据", "评价标准"),
    "comparator": ("指标性质", "指标方向性", "运算符号", "比较符"),
    "unit": ("度量单位", "计量单位", "指标单位"),
    "weight": ("权重", "指标权重", "分值", "权重(%)"),
}

#: Comparator words of a ``指标性质`` column → the symbol written before the value.
COMPARATOR_WORDS: dict[str, str] = {
    "≥": "≥",
    ">=": "≥",
    "大于等于": "≥",
    "不低于": "≥",
    "正向指标": "≥",
    ">": "＞",
    "＞": "＞",
    "大于": "＞",
    "=": "＝",
    "＝": "＝",
    "等于": "＝",
    "≤": "≤",
    "<=": "≤",
    "小于等于": "≤",
    "不高于": "≤",
    "反向指标": "≤",
    "<": "＜",
    "＜": "＜",
    "小于": "＜",
    "定性": "",
}

#: First cells of a row that is a total, not a project (a department's 合计 line).
SUBTOTAL_LABELS: tuple[str, ...] = ("合计", "小计", "总计", "总额", "合计金额")

_UNIT_SUFFIX = re.compile(r"\((?:单位:)?(万元|元|千元|亿元|%)\)$")
_WS = re.compile(r"\s+")

_PROJECT_INDEX = {w: f for f, words in PROJECT_LABELS.items() for w in words}
_INDICATOR_INDEX = {w: f for f, words in INDICATOR_HEADERS.items() for w in words}


def normalize(label: str | None) -> tuple[str, str | None]:
    """``" 预算数（万元）："`` → ``("预算数", "万元")``; ``"其中：财政 资金"`` → ``("财政资金", None)``."""
    if not label:
        return "", None
    s = _WS.sub("", unicodedata.normalize("NFKC", label)).rstrip(":")
    unit = None
    m = _UNIT_SUFFIX.search(s)
    if m:
        unit = m.group(1)
        s = s[: m.start()]
    if s.startswith("其中:"):
        s = s[3:]
    return s, unit


def project_field(label: str) -> str | None:
    """The project field a normalized label names, if any (``资金支出计划…`` is ``plan``)."""
    if label.startswith("资金支出计划") or label.startswith("支出计划"):
        return "plan"
    return _PROJECT_INDEX.get(label)


def indicator_field(label: str) -> str | None:
    return _INDICATOR_INDEX.get(label)
