"""Header and label synonyms of goal and self-evaluation tables, by meaning, not position.

Units word the same header many ways (``项目支出名称`` for ``项目名称``, ``三级指标（本年度）``,
``年度指标值（计划）``…). Labels are compared after `normalize`: NFKC (full-width ``：（）``
become ASCII), no whitespace, no trailing colon, no ``其中:`` prefix, and every bracketed
qualifier taken off (``预算执行情况（10分）``, ``全年预算数（A）``); a money unit in brackets
(``预算数（万元）``, ``（单位：元）``) is returned separately. A label not found as written is
looked up again without a period prefix (``年度``, ``本年度``, ``全年``, ``当年``).
docs/formats.md lists the vocabulary.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from jixiao.core.textcodec import drop_invisible

#: Labels of the project table (项目绩效目标表), by `Project`/`Budget` field; ``unit.*`` are
#: the unit's name (by rank: filled-in unit, implementing unit, supervising department).
PROJECT_LABELS: dict[str, tuple[str, ...]] = {
    "code": ("项目编码", "项目代码", "项目编号"),
    "name": (
        "项目名称",
        "项目支出名称",
        "项目全称",
        "转移支付名称",
        "转移支付项目名称",
        "专项名称",
        "专项资金名称",
        "资金名称",
    ),
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
        "预算资金",
        "全年预算数",
        "总额",
        "资金总数",
        "年度预算",
        "申请市财政预算资金",
        "申请财政预算资金",
        "下达中央预算内投资",
        "中央预算内投资",
        "本级预算金额",
        "年度金额",
        "省级补助",
        "中央补助",
    ),
    "fiscal": (
        "财政资金",
        "财政拨款",
        "本级财政资金",
        "财政拨款资金",
        "当年财政拨款",
        "市财政资金",
        "县财政资金",
        "财政拨款数",
        "财政资金数",
    ),
    "other": ("其他资金", "其他来源资金", "其他"),
    "carryover": ("上年结转资金", "上年结转", "结转资金", "上年结余结转资金"),
    "purpose": ("资金用途", "项目资金用途", "主要用途"),
    "goals": (
        "绩效目标",
        "年度绩效目标",
        "年度目标",
        "年度总体目标",
        "总体目标",
        "项目绩效目标",
        "预期目标",
        "年初设定目标",
        "项目年度目标",
        "年度绩效总目标",
        "项目总体绩效目标",
        "总体绩效目标",
        "当年整体绩效目标",
        "年度整体绩效目标",
        "专项年度绩效目标",
    ),
    "unit.name": (
        "单位名称",
        "填报单位",
        "编制单位",
        "预算单位",
        "部门名称",
        "单位",
        "申报单位",
        "绩效编制单位",
    ),
    "unit.impl": (
        "实施单位",
        "项目实施单位",
        "项目单位",
        "下达地方或单位",
        "项目执行单位",
        "执行单位",
        "具体实施单位",
    ),
    "unit.dept": (
        "主管部门",
        "主管部门名称",
        "项目主管部门",
        "主管部门及编码",
        "主管部门及代码",
        "预算部门",
    ),
    #: The unit's own budget code (not ``主管部门编码``, the supervising department's).
    "unit.code": (
        "单位编码",
        "单位代码",
        "部门预算编码",
        "预算单位编码",
        "单位预算编码",
        "预算编码",
        "部门编码",
        "部门预算代码",
    ),
}

#: Column headers of a goal-column row (``预期目标 | 实际完成情况``): which one holds goals.
GOAL_COLUMNS: dict[str, str | None] = {
    "预期目标": "goals",
    "年初设定目标": "goals",
    "年度目标": "goals",
    "项目年度目标": "goals",
    "长期目标": None,
    "中期目标": None,
    "实施期目标": None,
    "实际完成情况": None,
    "全年实际完成情况": None,
    "年度目标完成情况": None,
}

#: Column headers of the indicator table (绩效指标), by `Indicator` field, strongest first:
#: when two columns name the same field, the stronger word wins (``三级指标`` over ``指标``).
#: ``comparator`` and ``unit`` are folded into the target; ``midterm`` is the 中期/实施期
#: value beside the 年度 one.
INDICATOR_HEADERS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标", "三级指标名称", "指标名称", "指标", "绩效指标"),
    "description": (
        "绩效指标描述",
        "指标描述",
        "指标解释",
        "指标说明",
        "指标内容",
        "指标内容/计算公式",
        "计算公式",
    ),
    "target": (
        # ``目标值`` only ever names the target; beside it a ``指标值`` column holds the
        # value reached (an evaluation form's computed result), so 目标值 is the stronger.
        "目标值",
        "指标值",
        "指标值及单位",
        "指标目标值",
        "计划水平",
        "计划值",
        "年初指标值",
        "目标值(标准)",
        "计划指标值",
        "区域目标值",
        "区域指标值",
        "预期实现值",
        "预期目标值",
        "年初目标值",
        "预期指标值",
        "计划目标值",
    ),
    "basis": (
        "指标值确定依据",
        "绩效标准",
        "确定依据",
        "指标值设定依据",
        "指标值说明",
    ),
    # How a self-evaluation row is scored (``完成12次得15分，每少1次扣2分``): not a basis.
    "scoring_rule": ("评分标准", "评价标准", "评分规则", "评分办法", "计分方法", "扣分标准"),
    "comparator": ("指标性质", "指标方向性", "指标方向", "运算符号", "比较符", "计算符号"),
    "unit": ("度量单位", "计量单位", "指标单位", "单位"),
    "weight": ("权重", "指标权重", "分值", "权重(%)", "指标分值"),
    "actual": (
        "实际完成值",
        "年终完成值",
        "年终实际值",
        "实际完成数",
        "全年实际值",
        "全年完成值",
        "完成值",
        "实际值",
        "实际完成情况",
    ),
    "score": ("得分", "自评得分", "指标得分", "自评分", "自评分数"),
    "deviation_reason": (
        "偏差原因分析及改进措施",
        "未完成原因分析",
        "未完成原因和改进措施",
        "偏差原因分析",
        "偏差原因",
        "未完成原因",
    ),
}

#: Column headers of a budget-execution block (预算执行情况) and of an amount block whose
#: total sits in a ``合计`` row below (``本年度申请金额``).
EXECUTION_HEADERS: dict[str, tuple[str, ...]] = {
    "budget_initial": ("年初预算数", "年初预算", "年初预算金额"),
    "budget_adjusted": (
        "全年预算数",
        "调整后预算数",
        "全年预算",
        "调整后预算",
        "调整后全年预算数",
        "调整预算数",
        "调整预算",
        # ``中央 | 省、地 | 本级 | 其他 | 合计 | 执行数 | 执行率``: the sum of the sources.
        "合计",
    ),
    "executed": ("全年执行数", "预算执行数", "执行数", "实际执行数", "全年实际支出"),
    "rate": ("执行率", "预算执行率"),
    "weight": ("分值", "权重"),
    "score": ("得分",),
    "total": ("申请金额", "本年度申请金额", "申请预算数", "金额"),
}

#: Row labels of the total line of an execution or amount block.
TOTAL_ROW_LABELS: frozenset[str] = frozenset(
    {"总额", "合计", "年度资金总额", "资金总额", "总计", "项目资金总额"}
)

#: Chinese names of the fields, for ``jixiao read --explain``.
FIELD_NAMES: dict[str, str] = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "description": "指标描述",
    "target": "指标值（年度）",
    "basis": "指标值确定依据",
    "comparator": "指标性质",
    "comparator_alt": "指标方向（第二列）",
    "unit": "度量单位",
    "weight": "分值/权重",
    "actual": "实际完成值",
    "score": "得分",
    "deviation_reason": "偏差原因",
    "midterm": "中期/实施期指标值（保留）",
    "scoring_rule": "评分标准（保留）",
    "budget_initial": "年初预算数",
    "budget_adjusted": "全年预算数",
    "executed": "全年执行数",
    "rate": "执行率",
    "total": "预算数",
    "code": "项目编码",
    "p.code": "项目编码",
    "p.name": "项目名称",
    "p.total": "预算数",
    "p.fiscal": "财政资金",
    "p.other": "其他资金",
    "p.carryover": "上年结转资金",
    "p.goals": "绩效目标",
    "p.purpose": "资金用途",
    "p.unit": "单位名称",
}

#: First cells of a row that is a total, not a project (a department's 合计 line).
SUBTOTAL_LABELS: tuple[str, ...] = ("合计", "小计", "总计", "总额", "合计金额", "总分")

#: First cells of footer and signature rows under a table: never indicators.
_FOOTER = re.compile(
    r"^(?:注|说明|备注|填表说明|审核意见|审核人|其他需要说明|其他说明|填表人|填报人|联系电话|"
    r"项目负责人|财务负责人|单位负责人|评价结论|存在问题|改进措施|填报日期|"
    r"财政主管|主管部门审核|财政部门审核|第三方|审批意见|项目实施效益|总分|合计|小计|总计)"
)
#: Placeholder names of blank templates (``指标1``, ``……``, ``具体指标……``).
_TEMPLATE = re.compile(
    r"^(?:指标|目标|具体指标)?\s*[\d一二三四五六七八九十]*\s*[.…。·、:/\\\-—]*$|.*(?:…|\.\.\.)$"
)
#: ``指标1:`` written before a real name in some templates.
_NUMBERED = re.compile(r"^\s*指标\s*\d+\s*[:：]\s*")
#: A core-indicator mark before a name: ``★补助鱼塘面积``, ``★★★受益人口数``, ``*达标率``.
_CORE_MARK = re.compile(r"^\s*[★☆※*＊]+\s*")
#: A template's hint left in a name, a comparator before ``**`` and the unit, bracketed or
#: not: ``景点开发数量（≥**个）``, ``受益人口数≥**人``, ``补助成本（≤**元/株）``.
_CMP = r"(?:[≥≤＞＜>=<＝]=?|不低于|不高于|不少于|不超过)"
_HINT = re.compile(
    rf"\s*(?:[(（]\s*{_CMP}?\s*[*＊]{{2,}}[^()（）*＊\d]{{0,6}}?\s*[)）]"
    rf"|{_CMP}\s*[*＊]{{2,}}[^()（）*＊\d]{{0,6}}?\s*$)"
)
#: A points note on a level cell: ``产出指标（50分）``, a range ``成本指标（0-20）分``.
_POINTS = re.compile(
    r"\s*[(（]\s*\d+(?:\.\d+)?(?:\s*[-—–~～至]\s*\d+(?:\.\d+)?)?\s*"
    r"(?:分\s*[)）]|[)）]\s*分)\s*"
)

_MONEY = r"(万元|元|千元|亿元|%)"
_BRACKET = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]|【([^【】]*)】")
_UNIT_IN = re.compile(rf"^(?:(?:金额)?单位:)?{_MONEY}$")
_PERIOD = ("本年度", "年度", "全年", "本年", "当年")
#: Government levels before a label: ``县级主管部门`` is a 主管部门.
_LEVEL_PREFIX = ("省级", "市级", "县级", "区级", "州级", "区县", "市县", "中央")
#: How local a government level is: the most local 主管部门 names the unit (a county's
#: copy of a provincial fund's table names 市级 and 县级 主管部门; the county is the unit).
_LEVEL_RANK = {
    "区县": 0.1,
    "市县": 0.1,
    "县级": 0.1,
    "区级": 0.1,
    "市级": 0.2,
    "州级": 0.2,
    "省级": 0.3,
    "中央": 0.4,
}
_MIDTERM = ("实施期", "中期", "长期", "总体")
_WS = re.compile(r"\s+")

_PROJECT_INDEX = {w: f for f, words in PROJECT_LABELS.items() for w in words}
_INDICATOR_INDEX = {
    w: (f, -k) for f, words in INDICATOR_HEADERS.items() for k, w in enumerate(words)
}
_EXECUTION_INDEX = {w: f for f, words in EXECUTION_HEADERS.items() for w in words}


@lru_cache(maxsize=8192)
def normalize(label: str | None) -> tuple[str, str | None]:
    """``" 预算数（万元）："`` → ``("预算数", "万元")``; ``"三级指标（本年度）"`` → ``("三级指标", None)``."""
    if not label:
        return "", None
    s = _WS.sub("", unicodedata.normalize("NFKC", drop_invisible(label))).rstrip(":")
    # A required-field star (``一级指标*``, ``★项目名称：``) is no part of the label.
    s = s.strip("*★").rstrip(":")
    unit = None
    if "(" in s or "[" in s or "【" in s:
        for m in _BRACKET.finditer(s):
            inner = next(g for g in m.groups() if g is not None)
            um = _UNIT_IN.match(inner)
            if um and unit is None:
                unit = um.group(1)
        s = _BRACKET.sub("", s).rstrip(":")
    if s.startswith("其中:"):
        s = s[3:]
    return s, unit


def _unperiod(label: str) -> str | None:
    for p in _PERIOD:
        if label.startswith(p) and len(label) > len(p) + 1:
            return label[len(p) :]
    return None


@lru_cache(maxsize=8192)
def project_field(label: str) -> str | None:
    """The project field a normalized label names, if any (``资金支出计划…`` is ``plan``)."""
    if label.startswith("资金支出计划") or label.startswith("支出计划"):
        return "plan"
    f = _PROJECT_INDEX.get(label)
    if f is None and (bare := _unperiod(label)):
        f = _PROJECT_INDEX.get(bare)
    if f is None and label.startswith(_LEVEL_PREFIX) and len(label) > 4:
        f = _PROJECT_INDEX.get(label[2:])
    return f


def level_rank(label: str) -> float:
    """0 for a label with no government level, more for a less local level (``省级主管部门``)."""
    return _LEVEL_RANK.get(label[:2], 0.0) if label.startswith(_LEVEL_PREFIX) else 0.0


@lru_cache(maxsize=8192)
def indicator_header(label: str) -> tuple[str, int] | None:
    """(field, strength) of an indicator column header; the 中期/实施期 target is ``midterm``."""
    hit = _INDICATOR_INDEX.get(label)
    if hit is None and (bare := _unperiod(label)):
        hit = _INDICATOR_INDEX.get(bare)
    if hit is None and label.startswith("绩效") and len(label) > 4:
        # ``绩效指标值``, ``绩效度量单位``, ``绩效指标性质``: the 绩效 prefix adds nothing.
        hit = _INDICATOR_INDEX.get(label[2:])
    if hit is None:
        for p in _MIDTERM:
            if label.startswith(p) and len(label) > len(p):
                inner = _INDICATOR_INDEX.get(label[len(p) :])
                if inner is not None and inner[0] == "target":
                    return "midterm", 0
                break
    return hit


def indicator_field(label: str) -> str | None:
    hit = indicator_header(label)
    return hit[0] if hit else None


@lru_cache(maxsize=8192)
def execution_field(label: str) -> str | None:
    f = _EXECUTION_INDEX.get(label)
    if f is None and (bare := _unperiod(label)):
        f = _EXECUTION_INDEX.get(bare)
    return f


@lru_cache(maxsize=8192)
def label_column_period(label: str) -> str | None:
    """``年度绩效指标`` → ``"年度"``, ``长期绩效指标`` → ``"中期"``, ``绩效指标`` → ``""``; else None.

    The left-hand label column merged down an indicator table: it names the block, never
    the 三级 indicator.
    """
    if not label.endswith("绩效指标"):
        return None
    head = label[: -len("绩效指标")]
    if head in ("", "项目"):
        return ""
    if head in _PERIOD:
        return "年度"
    if head in _MIDTERM or head == "总目标":
        return "中期"
    return None


def is_footer(text: str) -> bool:
    """A row starting with this text is a footer or signature line (``注：…``, ``填表人``…)."""
    return bool(_FOOTER.match(normalize(text)[0]))


def is_template_name(text: str) -> bool:
    """``指标1``, ``……``, ``…`` and similar placeholders of a blank template."""
    s = normalize(text)[0]
    return bool(s) and bool(_TEMPLATE.match(s))


def indicator_name(text: str | None) -> str | None:
    """The 三级 name without a template's ``指标1:`` prefix, a core mark (``★``) or a hint
    (``（≥**个）``); None for a placeholder."""
    if text is None:
        return None
    name = _HINT.sub("", _CORE_MARK.sub("", _NUMBERED.sub("", text))).strip()
    return None if not name or is_template_name(name) else name


#: Units of measure written in brackets at the end of a 三级 name: ``开展修复工程（个）``.
_NAME_UNIT = re.compile(r"[(（]\s*([^()（）]{1,3})\s*[)）]\s*$")
_BRACKET_UNITS = frozenset(
    [
        "个",
        "次",
        "人",
        "人次",
        "户",
        "家",
        "项",
        "件",
        "台",
        "套",
        "处",
        "所",
        "座",
        "辆",
        "条",
        "间",
        "张",
        "本",
        "篇",
        "册",
        "份",
        "期",
        "场",
        "批",
        "公里",
        "千米",
        "米",
        "平方米",
        "亩",
        "万亩",
        "公顷",
        "吨",
        "天",
        "日",
        "月",
        "小时",
        "元",
        "万元",
        "%",
    ]
)


#: The comparator and unit of a template hint: ``苗木成活率（≥**%）`` → (``≥``, ``%``).
_HINT_PARTS = re.compile(rf"({_CMP})?\s*[*＊]{{2,}}\s*([^()（）*＊\d\s]{{0,6}}?)\s*[)）]?\s*$")


def name_hint(name: str | None) -> tuple[str | None, str | None]:
    """(comparator, unit) a template hint left in a 三级 name states (``（≥**%）``,
    ``≥**人``); (None, None) without one."""
    if not name:
        return None, None
    m = _HINT.search(name)
    if m is None:
        return None, None
    p = _HINT_PARTS.search(m.group(0))
    if p is None:  # pragma: no cover - `_HINT` admits only these shapes
        return None, None
    return p.group(1), (p.group(2) or None)


def name_unit(name: str | None) -> str | None:
    """The unit of measure a 三级 name ends with in brackets (``（个）``, ``（%）``), if any."""
    if not name:
        return None
    m = _NAME_UNIT.search(unicodedata.normalize("NFKC", name))
    unit = m.group(1).strip() if m else None
    return unit if unit in _BRACKET_UNITS else None


#: A points note written after the level with no bracket: ``产出指标 40分``, ``数量指标15分``.
_POINTS_TAIL = re.compile(r"(?:(?<=指标)\s*|\s+)\d+(?:\.\d+)?\s*分\s*$")
#: A template's fill note after a level: ``数量指标（必填硬性指标）``, ``经济效益指标（选填）``.
_FILL_NOTE = re.compile(r"\s*[(（]\s*(?:必填|选填|非必填|可选)[^()（）]{0,8}[)）]\s*")


def level_name(text: str | None) -> str | None:
    """A 一级/二级 cell without its points note, fill note or line break (``产出指标（50分）``,
    ``产出指标 40分``, ``数量指标（必填）``)."""
    if text is None:
        return None
    s = _POINTS_TAIL.sub("", _FILL_NOTE.sub("", _POINTS.sub("", text)).rstrip())
    return "".join(s.split()) or None


#: The 一级 of a 二级 name in the taxonomy (``社会效益`` and ``社会效益指标`` → 效益指标);
#: 成本指标 stands under 产出指标 in older tables and is a 一级 in newer ones: no parent.
_PARENTS = (
    (("数量", "质量", "时效"), "产出指标"),
    (("经济效益", "社会效益", "生态效益", "可持续影响"), "效益指标"),
)


def level1_of(level2: str | None) -> str | None:
    """The taxonomy's 一级 for a 二级 name, if the name says it."""
    if not level2:
        return None
    bare = level2.removesuffix("指标")
    for heads, parent in _PARENTS:
        if bare in heads:
            return parent
    return "满意度指标" if "满意度" in bare else None
