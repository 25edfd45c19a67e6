"""A quality corpus for the review: plant one known defect at a time into a real document.

``planted(doc, projects)`` yields `Plant` cases: a deep copy of the document with exactly
one defect of one kind planted at one place, the rule expected to report it and where.
``correct(doc, projects)`` yields copies with one CORRECT indicator added (a library
example of the row's category and the project's topic), which must draw no finding.
`measure` reviews them and counts recall per kind and the new findings not about the
planted defect. Used by ``tests/review/test_review_quality.py`` (a small sample) and
``bench/bench_quality.py`` (every project of the seed).

The base is the document with its document-wide habits repaired first (units, standard
bases, one quality, timeliness and cost indicator per project, named for the project), so
that defects the seed already has everywhere can be planted and seen as new.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from jixiao.core.amounts import STATED_UNITS, convert
from jixiao.core.model import (
    PLAN_MONTHS,
    Document,
    Indicator,
    PlanCell,
    Project,
    ProjectSummary,
)
from jixiao.core.review.engine import review
from jixiao.core.review.profile import load_profile
from jixiao.core.review.rule import review_kind
from jixiao.core.review.rules._library import example, topics_in
from jixiao.core.review.rules._util import is_cost, is_satisfaction, level
from jixiao.core.targets import parse_target

#: Where a defect sits: (project seq or None for the document, indicator number or None).
Place = tuple[int | None, int | None]


@dataclass
class Plant:
    kind: str
    rule: str
    place: Place
    doc: Document


def _ind(l1: str, l2: str, name: str, desc: str, target: str, basis: str) -> Indicator:
    return Indicator(l1, l2, name, desc, parse_target(target), basis)


def repaired(doc: Document) -> Document:
    """The document with its habits repaired: the base defects are planted into."""
    d = copy.deepcopy(doc)
    for p in d.projects:
        short = p.name[:8]
        for ind in p.indicators:
            t = ind.target
            if t.value is not None and t.unit is None:
                unit = "%" if t.value <= 100 and not _is_count(ind) else "个"
                ind.target = parse_target(f"{'' if t.comparator else '≥'}{t.text}{unit}")
            elif t.value is not None and t.comparator is None:
                ind.target = parse_target(f"≥{t.text}")
            if not (ind.basis or "").strip() or ind.basis == "年底实际情况":
                ind.basis = "计划标准"
        total = p.budget.total or Decimal(1)
        p.indicators[1:1] = [
            _ind(
                "产出指标", "质量指标", f"{short}验收合格率", "验收合格的比例", "≥95%", "行业标准"
            ),
            _ind(
                "产出指标",
                "时效指标",
                f"{short}按计划支付率",
                "按节点支付的比例",
                "≥90%",
                "计划标准",
            ),
        ]
        p.indicators.append(
            _ind(
                "成本指标",
                "经济成本指标",
                f"{short}总成本",
                "全年支出",
                f"≤{total}万元",
                "预算支出标准",
            )
        )
    return d


def _is_count(ind: Indicator) -> bool:
    name = ind.name or ""
    return any(w in name for w in ("数量", "人数", "件数", "次数", "个数"))


def _first(p: Project, test: Callable[[Indicator], bool]) -> int | None:
    return next((n for n, i in enumerate(p.indicators, 1) if test(i)), None)


def _effect(p: Project) -> int | None:
    return _first(p, lambda i: level(i.level1) == "效益指标")


def _sat(p: Project) -> int | None:
    # One that does measure satisfaction: another is R043's defect, and hides R025/R100.
    return _first(p, lambda i: is_satisfaction(i) and "满意" in (i.name or ""))


def _output(p: Project) -> int | None:
    return _first(p, lambda i: level(i.level2) == "数量指标")


def _cost(p: Project) -> int | None:
    return _first(p, is_cost)


def _timely(p: Project) -> int | None:
    return _first(p, lambda i: level(i.level2) == "时效指标")


def _set(n: int | None, **changes: str | None) -> Callable[[Document, Project], Place | None]:
    """A planter changing fields of the project's ``n``-th indicator (``None``: skip)."""

    def plant(doc: Document, p: Project) -> Place | None:
        if n is None:
            return None
        ind = p.indicators[n - 1]
        before = copy.copy(ind)
        for k, v in changes.items():
            if k == "target":
                ind.target = parse_target(v)
            else:
                setattr(ind, k, ind.name if v == "__NAME__" else v)
        # The defect is already there (the seed has it): nothing was planted.
        return None if ind == before else (p.seq, n)

    return plant


Planter = Callable[[Document, Project], Place | None]


def _at(pick: Callable[[Project], int | None], **changes: str | None) -> Planter:
    return lambda doc, p: _set(pick(p), **changes)(doc, p)


def _project(fn: Callable[[Document, Project], object]) -> Planter:
    def plant(doc: Document, p: Project) -> Place | None:
        return None if fn(doc, p) is False else (p.seq, None)

    return plant


def _document(fn: Callable[[Document, Project], object]) -> Planter:
    def plant(doc: Document, p: Project) -> Place | None:
        return None if fn(doc, p) is False else (None, None)

    return plant


def _plan(*cells: str | None) -> Callable[[Document, Project], object]:
    def fn(doc: Document, p: Project) -> None:
        p.spending_plan.cells = [
            PlanCell(m, c, None if c is None else Decimal(c.rstrip("%")))
            for m, c in zip(PLAN_MONTHS, cells, strict=True)
        ]

    return fn


def _summary(doc: Document, p: Project) -> ProjectSummary | None:
    return next((s for s in doc.project_summaries if s.seq == p.seq), None)


def _set_summary(**changes: str) -> Callable[[Document, Project], object]:
    def fn(doc: Document, p: Project) -> bool:
        s = _summary(doc, p)
        if s is None:
            return False
        for k, v in changes.items():
            setattr(s, k, v)
        return True

    return fn


def _drop_summary(doc: Document, p: Project) -> bool:
    before = len(doc.project_summaries)
    doc.project_summaries = [s for s in doc.project_summaries if s.seq != p.seq]
    return len(doc.project_summaries) < before


def _unrelated(doc: Document, p: Project) -> Place | None:
    n = _effect(p)
    context = [p.name, p.purpose or "", *p.goals]
    s = _summary(doc, p)
    if s is not None:
        context += [s.name, s.text]
    if n is None or any("防汛" in topics_in(t) for t in context):
        return None
    ind = p.indicators[n - 1]
    ind.level2, ind.name = "社会效益指标", "汛期内涝点处置及时率"
    ind.description = "汛期内涝点按时处置的比例"
    return (p.seq, n)


def _template(doc: Document, p: Project) -> Place | None:
    if len(doc.projects) < 5:  # below `template_min_projects`: a shared row is no habit
        return None
    for q in doc.projects[:12]:
        n = _sat(q)
        if n is not None:
            q.indicators.insert(
                n - 1,
                _ind("效益指标", "社会效益指标", "树立单位良好形象", "形象", "≥90%", "计划标准"),
            )
    return (None, None)


def _over_budget(doc: Document, p: Project) -> Place | None:
    # The total cost `repaired` appends (a unit cost above the year's budget can be right).
    n = max((k for k, i in enumerate(p.indicators, 1) if is_cost(i)), default=None)
    if n is None or p.budget.total is None or p.budget.total <= 0:
        return None  # a budget of 0 is R072's defect: no cost can be "over" it
    return _set(n, target=f"≤{p.budget.total * 3}万元")(doc, p)


def _implausible_count(doc: Document, p: Project) -> Place | None:
    n = _output(p)
    if n is None or p.budget.total is None or p.budget.total <= 0:
        return None
    count = int(p.budget.total) * 2 + 20
    return _set(n, name="办公场所租用数量", description="租用办公场所处数", target=f"≥{count}处")(
        doc, p
    )


def _unaligned(doc: Document, p: Project) -> Place | None:
    if not doc.overall_goals:
        return None
    p.name, p.purpose, p.goals = "民兵训练", "民兵军事训练服装器材", ["完成民兵军事训练"]
    s = _summary(doc, p)
    if s is not None:
        s.name, s.text = "民兵训练", "民兵军事训练服装器材。"
    for ind in p.indicators:
        if not is_satisfaction(ind) and not is_cost(ind):
            ind.name = "民兵训练人次"
    return (p.seq, None)


def _goal_uncarried(doc: Document, p: Project) -> Place | None:
    doc.overall_goals = [*doc.overall_goals, "建设智慧停车诱导系统"]
    return (None, None)


def _wrong_summary(doc: Document, p: Project) -> Place | None:
    if any(topics_in(t) & {"消防"} for t in (p.name, p.purpose or "", *p.goals)):
        return None
    return _project(_set_summary(text="购置消防器材，开展消防安全宣传，更换老旧灭火器。"))(doc, p)


def _output_with_level1(p: Project) -> int | None:
    # A layout without a 一级 column has no pair to get wrong.
    return _first(p, lambda i: level(i.level2) == "数量指标" and bool((i.level1 or "").strip()))


def _drop_quality_and_timeliness(doc: Document, p: Project) -> bool:
    kept = [i for i in p.indicators if level(i.level2) not in ("质量指标", "时效指标")]
    if not any(level(i.level2) == "数量指标" for i in kept):
        return False  # no 产出指标 would be left: that is R010's defect
    p.indicators = kept
    return True


def _drop_cost(doc: Document, p: Project) -> bool:
    if doc.year is None or doc.year < 2021:  # `cost_required_from_year`
        return False
    p.indicators = [i for i in p.indicators if not is_cost(i)]
    return True


def _unbalanced(doc: Document, p: Project) -> bool:
    if p.budget.total is None:  # a layout without amounts
        return False
    p.budget.other = (p.budget.other or Decimal(0)) + Decimal("1.00")
    return True


def _short_code(doc: Document, p: Project) -> bool:
    if not p.code:
        return False
    p.code = p.code[:-2]
    return True


def _rate(p: Project) -> int | None:
    # A higher-is-better rate (`repaired` gives every project a 验收合格率).
    return _first(
        p,
        lambda i: (
            not is_satisfaction(i)
            and any(w in (i.name or "") for w in ("合格率", "完成率", "及时率", "覆盖率"))
        ),
    )


def _duplicate(doc: Document, p: Project) -> Place | None:
    n = _effect(p) or _output(p)
    if n is None:
        return None
    p.indicators.insert(n, copy.deepcopy(p.indicators[n - 1]))
    return (p.seq, None)


def _over_midterm(doc: Document, p: Project) -> Place | None:
    n = _output(p)
    if n is None:
        return None
    t = p.indicators[n - 1].target
    if t.value is None or not t.unit or t.value < 2 or "%" in t.unit or "/" in t.unit:
        return None
    p.indicators[n - 1].midterm = f"≥{(t.value / 2).quantize(Decimal(1))}{t.unit}"
    return (p.seq, n)


def _total_cost(p: Project) -> int | None:
    # The total cost `repaired` appends: an amount (a unit cost or a 成本控制率 is not).
    return max((k for k, i in enumerate(p.indicators, 1) if is_cost(i)), default=None)


def _over_budget_in_yuan(doc: Document, p: Project) -> Place | None:
    # A cost above the budget written in 元, whatever the document's money unit (the
    # amount a 元 document states, or one a 万元 document must convert).
    n = _total_cost(p)
    if n is None or p.budget.total is None or p.budget.total <= 0:
        return None
    yuan = convert(p.budget.total * 3, doc.money_unit, "元").quantize(Decimal(1))
    return _set(n, target=f"≤{yuan}元")(doc, p)


def _deadline_after_year(doc: Document, p: Project) -> Place | None:
    if doc.year is None:
        return None
    return _at(_timely, target=f"{doc.year + 1}年6月30日前")(doc, p)


def _same_name_other_target(doc: Document, p: Project) -> Place | None:
    # The same indicator twice with different targets (a contradiction, not just a copy).
    n = _rate(p)
    if n is None:
        return None
    twin = copy.deepcopy(p.indicators[n - 1])
    twin.target = parse_target("≥80%" if twin.target.text != "≥80%" else "≥70%")
    p.indicators.insert(n, twin)
    return (p.seq, None)


def _quality(p: Project) -> int | None:
    return _first(p, lambda i: level(i.level2) == "质量指标")


def _purpose_is_name(doc: Document, p: Project) -> bool:
    if "purpose" in doc.absent:  # a layout without 资金用途 has none to repeat the name
        return False
    p.purpose = p.name
    return True


def _goal_twice(doc: Document, p: Project) -> bool:
    if not p.goals:
        return False
    p.goals = [*p.goals, p.goals[0]]
    return True


def _goal_is_name(doc: Document, p: Project) -> bool:
    if not p.goals:
        return False
    p.goals = [p.name, *p.goals[1:]] if len(p.goals) > 1 else [p.name, *p.goals]
    return True


def _code_character(doc: Document, p: Project) -> bool:
    if not p.code or len(p.code) < 12:
        return False
    p.code = p.code[:10] + "号" + p.code[11:]
    return True


def _deadline_before_year(doc: Document, p: Project) -> Place | None:
    if doc.year is None:
        return None
    return _at(_timely, target=f"{doc.year - 1}年6月30日前")(doc, p)


def _date_serial(doc: Document, p: Project) -> Place | None:
    if doc.year is None:
        return None
    # Excel's day number of 31 December of the document's year (1899-12-30 is day 0).
    serial = (date(doc.year, 12, 31) - date(1899, 12, 30)).days
    return _at(_timely, target=str(serial))(doc, p)


def _scored(p: Project) -> int | None:
    # A self-evaluation line with a 分值 and a 得分 (a goal table has none).
    return _first(p, lambda i: i.weight is not None and i.score is not None and i.weight > 0)


def _score_over_weight(doc: Document, p: Project) -> Place | None:
    n = _scored(p)
    if n is None:
        return None
    ind = p.indicators[n - 1]
    assert ind.weight is not None
    ind.score = ind.weight + 5
    return (p.seq, n)


def _score_without_actual(doc: Document, p: Project) -> Place | None:
    n = _first(p, lambda i: bool(i.score) and bool((i.actual or "").strip()))
    if n is None:
        return None
    p.indicators[n - 1].actual = None
    return (p.seq, n)


def _wrong_rate(doc: Document, p: Project) -> Place | None:
    ex = p.execution
    if ex is None or ex.rate is None or not ex.budget_adjusted or ex.executed is None:
        return None
    ex.rate = ex.rate - 30 if ex.rate > 50 else ex.rate + 30
    return (p.seq, None)


def _unmet(p: Project) -> int | None:
    # A scored line with a floor (≥) in a number: planted as met by half.
    return _first(
        p,
        lambda i: (
            i.weight is not None
            and i.weight > 0
            and i.score is not None
            and i.target.comparator in (">=", ">")
            and bool(i.target.value)
            and i.target.upper is None
        ),
    )


def _half_done(doc: Document, p: Project, score_full: bool, reason: str | None) -> Place | None:
    n = _unmet(p)
    if n is None:
        return None
    ind = p.indicators[n - 1]
    t, weight = ind.target, ind.weight
    assert t.value is not None and weight is not None
    ind.actual = f"{format((t.value / 2).normalize(), 'f')}{t.unit or ''}"
    ind.score = weight if score_full else (weight / 2).quantize(Decimal("0.01"))
    ind.deviation_reason = reason
    return (p.seq, n)


def _score_above_rules(doc: Document, p: Project) -> Place | None:
    return _half_done(doc, p, True, "受客观因素影响未完成")


def _reason_missing(doc: Document, p: Project) -> Place | None:
    place = _half_done(doc, p, False, None)
    # Only a table with a 偏差原因 column (a line elsewhere writes one) asks for one.
    if place is None or not any(
        (i.deviation_reason or "").strip() for q in doc.projects for i in q.indicators
    ):
        return None
    return place


def _goal_over_budget(doc: Document, p: Project) -> bool:
    if p.budget.total is None or p.budget.total <= 0:
        return False
    p.goals = [*p.goals, f"投入资金{p.budget.total * 3}{doc.money_unit}，完成年度任务"]
    return True


def _costs_over_budget(doc: Document, p: Project) -> bool:
    # Two costs, each within the budget, over it together (beside the total `repaired` adds).
    total = p.budget.total
    if total is None or total <= 0:
        return False
    part = f"≤{(total * Decimal('0.8')).quantize(Decimal('0.01'))}{doc.money_unit}"
    p.indicators += [
        _ind("成本指标", "经济成本指标", "物资采购成本", "采购支出", part, "预算支出标准"),
        _ind("成本指标", "经济成本指标", "人员劳务成本", "劳务支出", part, "预算支出标准"),
    ]
    return True


def _no_overall_goals(doc: Document, p: Project) -> Place | None:
    if not doc.overall_goals or not doc.project_summaries:
        return None
    doc.overall_goals = []
    return (None, None)


def _name_number(doc: Document, p: Project) -> Place | None:
    n = _quality(p)
    if n is None:
        return None
    ind = p.indicators[n - 1]
    t = ind.target
    if t.value is None or t.unit != "%" or t.value >= 99:
        return None
    ind.name = f"{ind.name}达到99%"
    return (p.seq, n)


def _executed_over_budget(doc: Document, p: Project) -> Place | None:
    ex = p.execution
    if ex is None or not ex.budget_adjusted or ex.budget_adjusted <= 0:
        return None
    ex.executed = ex.budget_adjusted * Decimal("1.5")
    return (p.seq, None)


def _overachieved_without_reason(doc: Document, p: Project) -> Place | None:
    n = _unmet(p)
    if n is None:
        return None
    ind = p.indicators[n - 1]
    assert ind.target.value is not None
    ind.actual = f"{format((ind.target.value * 2).normalize(), 'f')}{ind.target.unit or ''}"
    ind.score, ind.deviation_reason = ind.weight, None
    if not any((i.deviation_reason or "").strip() for q in doc.projects for i in q.indicators):
        return None  # no 偏差原因 column: nothing to ask for
    return (p.seq, n)


def _overall_total(doc: Document, p: Project) -> Place | None:
    if not doc.overall_goals or any(q.budget.total is None for q in doc.projects):
        return None
    whole = sum((q.budget.total or Decimal(0) for q in doc.projects), Decimal(0))
    doc.overall_goals = [
        *doc.overall_goals,
        f"全年共安排项目资金{whole * 3 + 10}{doc.money_unit}，保障各项工作开展",
    ]
    return (None, None)


def _two_rows(doc: Document, p: Project) -> bool:
    if len(p.indicators) <= 2:
        return False
    p.indicators = p.indicators[:2]
    return True


def _actual_as_target(doc: Document, p: Project) -> Place | None:
    n = _unmet(p)
    if n is None:
        return None
    ind = p.indicators[n - 1]
    ind.actual = ind.target.text  # `_unmet`: a floor, its comparator written (≥, >=, ＞)
    return (p.seq, n)


def _zero_cost(doc: Document, p: Project) -> Place | None:
    # Every cost in money set to nothing (one left above 0 would carry the spending).
    n = _total_cost(p)
    if n is None or p.budget.total is None or p.budget.total <= 0:
        return None
    for ind in p.indicators:
        if is_cost(ind) and ind.target.value is not None and ind.target.unit in STATED_UNITS:
            ind.target = parse_target(f"≤0{doc.money_unit}")
    return (p.seq, n)


#: kind → (the rule expected to report it, the planter).
KINDS: dict[str, tuple[str, Planter]] = {
    "一级/二级为空": ("R001", _at(_effect, level2=None)),
    "一级/二级不配套": ("R002", _at(_output_with_level1, level2="社会效益指标")),
    "三级指标为空": ("R003", _at(_effect, name=None)),
    "缺少满意度指标": (
        "R010",
        _project(
            lambda d, p: setattr(
                p, "indicators", [i for i in p.indicators if not is_satisfaction(i)]
            )
        ),
    ),
    "缺少质量和时效指标": ("R011", _project(_drop_quality_and_timeliness)),
    "目标无指标衡量": ("R013", _project(lambda d, p: p.goals.append("完成辖区地下管网排查修缮"))),
    "资金用途为空": ("R014", _project(lambda d, p: setattr(p, "purpose", ""))),
    "缺少成本指标": ("R015", _project(_drop_cost)),
    "指标值为空": ("R020", _at(_effect, target="")),
    "没有指标性质": ("R021", _at(_sat, target="90%")),
    "没有计量单位": ("R022", _at(_sat, target="≥90")),
    "指标值无法识别": ("R023", _at(_effect, target="第1名")),
    "比率超过100%": ("R024", _at(_sat, target="≥120%")),
    "满意度100%": ("R025", _at(_sat, target="=100%")),
    "计数指标用比率": (
        "R026",
        _at(_output, name="服务人数", description="服务人数", target="≥90%"),
    ),
    "比率指标用个数": ("R027", _at(_effect, name="政策知晓率", target="≥8人")),
    "指标性质方向反了": ("R028", _at(_sat, target="≤90%")),
    # On the total cost `repaired` appends: a floor is right on a benefit standard (低保
    # 标准) and a money target on a 成本控制率 is a unit, not a direction, defect.
    "成本下限": ("R028", _at(_total_cost, target="≥1万元")),
    "指标值空泛": ("R029", _at(_effect, target="有所提高")),
    "确定依据为空": ("R030", _at(_effect, basis=None)),
    "确定依据不标准": ("R031", _at(_effect, basis="年底实际情况")),
    "预算支出标准用错": ("R032", _at(_sat, basis="预算支出标准")),
    "三级照抄二级": ("R040", _at(_sat, name="服务对象满意度指标")),
    "描述重复名称": ("R041", _at(_output, description="__NAME__")),
    "指标空泛": ("R042", _at(_effect, name="促进社会和谐", description="社会和谐程度")),
    "满意度不是满意度": ("R043", _at(_sat, name="设施运行率", description="设施运行率")),
    "模板照搬": ("R044", _template),
    "没有绩效目标": ("R050", _project(lambda d, p: setattr(p, "goals", []))),
    "目标太少": ("R051", _project(lambda d, p: setattr(p, "goals", p.goals[:1]))),
    "支出计划为空": ("R060", _project(_plan(None, None, None, None))),
    "支出计划下降": ("R061", _project(_plan("30%", "60%", "50%", "100%"))),
    "支出计划超100%": ("R062", _project(_plan("30%", "60%", "90%", "120%"))),
    "支出计划未到100%": ("R063", _project(_plan("20%", "40%", "60%", "90%"))),
    "支出计划后置": ("R065", _project(_plan("0%", "0%", "0%", "100%"))),
    "预算数为空": ("R070", _project(lambda d, p: setattr(p.budget, "total", None))),
    "资金来源不等于预算": ("R071", _project(_unbalanced)),
    "编码为空": ("R080", _project(lambda d, p: setattr(p, "code", None))),
    "编码长度不对": ("R081", _project(_short_code)),
    "分项缺失": ("R090", _project(_drop_summary)),
    "分项名称不符": ("R091", _project(_set_summary(name="民兵训练"))),
    "分项金额不符": ("R092", _project(_set_summary(text="预算共计需 999.99万元。"))),
    "整体目标无项目承载": ("R093", _goal_uncarried),
    "项目不服务整体目标": ("R094", _unaligned),
    "分项内容不符": ("R095", _wrong_summary),
    "满意度过低": ("R100", _at(_sat, target="≥30%")),
    "满意度用个数": ("R027", _at(_sat, target="≥500人")),
    "完成率超100%": ("R024", _at(_rate, target="≥105%")),
    "完成率设上限": ("R028", _at(_rate, target="≤60%")),
    "指标重复": ("R045", _duplicate),
    "数量指标无数值": ("R103", _at(_output, target="按计划完成")),
    "年度超过中期": ("R104", _over_midterm),
    "数量与预算不称": ("R100", _implausible_count),
    "成本超预算": ("R101", _over_budget),
    "时效指标用个数": ("R102", _at(_timely, target="≥12次")),
    "指标与项目无关": ("R110", _unrelated),
    # Kinds an outside evaluator plants (quality6): units that contradict the measure,
    # other spellings of a 100% satisfaction, a deadline past the year, a contradiction.
    "数量用金额单位": (
        "R105",
        _at(_output, name="服务对象人数", description="全年服务对象人数", target="≥5万元"),
    ),
    "金额用百分比": ("R105", _at(_total_cost, target="≤80%")),
    "比率用个数单位": ("R027", _at(_rate, target="≥95个")),
    "比率用金额单位": ("R105", _at(_rate, target="≥95万元")),
    "满意度100%无符号": ("R025", _at(_sat, target="100%")),
    "满意度全角100%": ("R025", _at(_sat, target="＝100％")),
    "成本超预算（元）": ("R101", _over_budget_in_yuan),
    "时效超出年度": ("R106", _deadline_after_year),
    "同名不同值": ("R045", _same_name_other_target),
    "二级为空（产出）": ("R001", _at(_output, level2=None)),
    "支出当产出": ("R111", _at(_output, name="各项费用支出")),
    "效益二级放错": (
        "R112",
        _at(
            _effect, level2="经济效益指标", name="居民政策知晓率", description="知晓政策的居民比例"
        ),
    ),
    # Kinds found missing in round 7 (quality7): self-evaluation scores, goals and purpose
    # that repeat, dates and time limits, a quality that is a count, a bad code character.
    "资金用途照抄项目名": ("R016", _project(_purpose_is_name)),
    "满意度无服务对象": ("R047", _at(_sat, name="满意度", description=None)),
    "目标重复": ("R053", _project(_goal_twice)),
    "目标只写项目名": ("R053", _project(_goal_is_name)),
    "编码含非法字符": ("R084", _project(_code_character)),
    "时效早于年度": ("R107", _deadline_before_year),
    "时效为Excel日期序号": ("R108", _date_serial),
    "时限用≥": (
        "R109",
        _at(_timely, name="问题处置时限", description="问题处置的最长天数", target="≥30天"),
    ),
    "质量指标是计数": (
        "R113",
        _at(_quality, name="培训人数", description="参加培训的人数", target="≥100人"),
    ),
    "支出计划填当期比例": ("R063", _project(_plan("25%", "25%", "25%", "25%"))),
    "指标值两个比较符": ("R023", _at(_quality, target="≥≤95%")),
    "其中大于预算数": (
        "R071",
        _project(
            lambda d, p: (
                False
                if p.budget.total is None or p.budget.total <= 0
                else setattr(p.budget, "fiscal", p.budget.total * 2)
            )
        ),
    ),
    "指标值≥0": ("R114", _at(_output, target="≥0个")),
    "数量设上限": (
        "R115",
        _at(_output, name="培训人数", description="参加培训的人数", target="≤100人"),
    ),
    "区间颠倒": ("R116", _at(_quality, target="95%-80%")),
    "成本用计数单位": ("R105", _at(_total_cost, target="≤5人")),
    "数量指标是金额": (
        "R105",
        _at(_output, name="购置设备", description="购置办公设备", target="≥50万元"),
    ),
    "名称数值与指标值矛盾": ("R046", _name_number),
    "满意度放在产出": (
        "R048",
        _at(_output, name="群众满意度", description="群众对服务的满意程度", target="≥90%"),
    ),
    "目标金额超预算": ("R054", _project(_goal_over_budget)),
    "总体目标为空": ("R098", _no_overall_goals),
    "总体目标项目资金不符": ("R099", _overall_total),
    "指标只有两行": ("R012", _project(_two_rows)),
    "分项成本合计超预算": ("R117", _project(_costs_over_budget)),
    "效益写成完成率": (
        "R118",
        _at(_effect, level2="社会效益指标", name="工作任务完成率", description="完成比例"),
    ),
    "自评得分超分值": ("R120", _score_over_weight),
    "自评无完成值却得分": ("R121", _score_without_actual),
    "自评执行率算错": ("R122", _wrong_rate),
    "自评得分高于规则": ("R123", _score_above_rules),
    "自评偏差原因缺失": ("R124", _reason_missing),
    "自评超额无原因": ("R124", _overachieved_without_reason),
    "自评执行数超预算": ("R125", _executed_over_budget),
    "自评完成值写成指标值": ("R126", _actual_as_target),
    "成本为零": ("R127", _zero_cost),
    "时效只写及时": ("R128", _at(_timely, target="及时")),
    "时限超过一年": (
        "R119",
        _at(_timely, name="项目完成时限", description="完成项目的最长期限", target="≤18个月"),
    ),
}


#: The kinds only a self-evaluation table can carry (分值, 得分, 实际完成值, 执行率): a goal
#: table has none of them to plant into.
SELF_EVALUATION_KINDS = frozenset(k for k in KINDS if k.startswith("自评"))


def applicable(doc: Document) -> frozenset[str]:
    """The rules the review runs on ``doc``: a kind whose rule is left out for the document's
    kind or layout (no 指标值确定依据 column, a self-evaluation without a plan…) cannot be
    planted there."""
    return frozenset(load_profile().for_kind(review_kind(doc), doc.absent).enabled)


def planted(doc: Document, projects: list[int] | None = None) -> Iterator[Plant]:
    """Every kind planted once into each chosen project (sequence numbers; default all).

    A plant that leaves the document as it was (the defect is there already) is skipped."""
    base = repaired(doc)
    seqs = projects or [p.seq for p in base.projects if p.seq is not None]
    rules = applicable(base)
    for kind, (rule, plant) in KINDS.items():
        if rule not in rules:
            continue
        once = False
        for seq in seqs:
            if once:
                break
            d = copy.deepcopy(base)
            p = d.project_by_seq(seq)
            if p is None:
                continue
            place = plant(d, p)
            if place is not None and d != base:
                once = place[0] is None  # a document-wide defect is planted once
                yield Plant(kind, rule, place, d)


def correct(doc: Document, projects: list[int] | None = None) -> Iterator[Plant]:
    """One correct indicator added to each chosen project, for each 二级 of the library."""
    base = repaired(doc)
    seqs = projects or [p.seq for p in base.projects if p.seq is not None]
    rows = (
        ("产出指标", "数量指标", "计划标准"),
        ("产出指标", "质量指标", "行业标准"),
        ("产出指标", "时效指标", "计划标准"),
        ("效益指标", "社会效益指标", "历史标准"),
        ("满意度指标", "服务对象满意度指标", "历史标准"),
    )
    for seq in seqs:
        for l1, l2, basis in rows:
            d = copy.deepcopy(base)
            p = d.project_by_seq(seq)
            if p is None:
                continue
            text = example(l2, f"{p.name}\n{p.purpose or ''}")
            if text is None:
                continue
            name, target = _split(text)
            if any(i.name == name for i in p.indicators):
                continue  # the project has it already: a second one would be a duplicate
            p.indicators.append(_ind(l1, l2, name, f"{name}（按年度统计）", target, basis))
            yield Plant(f"正确的{l2}", "", (seq, len(p.indicators)), d)


def _split(text: str) -> tuple[str, str]:
    for i, ch in enumerate(text):
        if ch in "≥≤=<>" or ch.isdigit():
            return text[:i], text[i:]
    return text, "达成年度指标"


@dataclass
class Tally:
    planted: int = 0
    found: int = 0
    other: int = 0  # new findings not about the planted defect
    #: plants whose place the rule reported before planting (nothing new can show)
    masked: int = 0


@dataclass
class Quality:
    kinds: dict[str, Tally] = field(default_factory=dict)
    correct: int = 0
    correct_flagged: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        planted = sum(t.planted for t in self.kinds.values())
        return sum(t.found for t in self.kinds.values()) / planted if planted else 1.0

    @property
    def planted(self) -> int:
        return sum(t.planted for t in self.kinds.values())

    @property
    def missed(self) -> list[str]:
        """The kinds with a plant the review did not find."""
        return [k for k, t in self.kinds.items() if t.found < t.planted]

    def add(self, other: Quality) -> None:
        """Count ``other`` (another document's plants) in this one."""
        for kind, t in other.kinds.items():
            mine = self.kinds.setdefault(kind, Tally())
            mine.planted += t.planted
            mine.found += t.found
            mine.other += t.other
            mine.masked += t.masked
        self.correct += other.correct
        self.correct_flagged += other.correct_flagged

    def table(self) -> str:
        lines = [f"{'kind':<16} rule  planted found recall other masked"]
        for kind in KINDS:
            t = self.kinds.get(kind)
            if t is None:
                continue
            rule = KINDS[kind][0]
            lines.append(
                f"{kind:<16} {rule} {t.planted:>7} {t.found:>5} "
                f"{t.found / t.planted if t.planted else 1:>6.0%} {t.other:>5} {t.masked:>6}"
            )
        lines.append(
            f"overall recall {self.recall:.1%}; correct indicators flagged: "
            f"{len(self.correct_flagged)}/{self.correct}"
        )
        return "\n".join(lines)


def _key(f: object) -> tuple[object, ...]:
    return (f.rule, f.project_seq, f.indicator, f.message)  # type: ignore[attr-defined]


def measure(doc: Document, projects: list[int] | None = None) -> Quality:
    """Recall per kind and noise on ``doc``'s plants, and findings on correct indicators."""
    q = Quality()
    base_findings = review(repaired(doc)).findings
    baseline = {_key(f) for f in base_findings}
    # A document-wide finding restated (a template copied by one project fewer) is not new.
    restated = {f.rule for f in base_findings if f.project_seq is None}
    reported = {(f.rule, f.project_seq, f.indicator) for f in base_findings}
    for plant in planted(doc, projects):
        t = q.kinds.setdefault(plant.kind, Tally())
        seq, n = plant.place
        new = [f for f in review(plant.doc).findings if not f.places and _key(f) not in baseline]
        hit = [
            f
            for f in new
            if f.rule == plant.rule
            and (seq is None or f.project_seq == seq)
            and (n is None or f.indicator == n)
        ]
        if not hit and seq is not None and (plant.rule, seq, n) in reported:
            t.masked += 1  # the rule reported this place before: nothing new can show
            continue
        t.planted += 1
        if hit:
            t.found += 1
        # Findings about the planted project (or naming it, like a template copy) follow
        # from the plant; the others are noise.
        t.other += sum(
            1
            for f in new
            if f.rule != plant.rule
            and seq is not None
            and f.project_seq != seq
            and seq not in f.projects
            and not (f.project_seq is None and f.rule in restated)
        )
    for plant in correct(doc, projects):
        q.correct += 1
        seq, n = plant.place
        for f in review(plant.doc).findings:
            if f.project_seq == seq and f.indicator == n:
                q.correct_flagged.append(f"{plant.kind} 项目{seq}: {f.rule} {f.message}")
    return q
